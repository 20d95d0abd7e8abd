"""The policy pass on every core (charter.publish.hardening): the pages and what the index reads
of them are those of one process, in the order of their paths; a page that fails, or a process
that dies, fails the pass; leaving it early leaves no process behind."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
from pathlib import Path

import pytest

from charter.publish.csp import UnsafePage, policy
from charter.publish.engine import EngineError
from charter.publish.hardening import Hardening


def page(number: int, extra: str = "") -> str:
    nav = "".join(
        f'\n    <li class="md-nav__item"><a href="../p{n}/" class="md-nav__link">Page {n}</a></li>' for n in range(40)
    )
    return (
        f'<!doctype html>\n<html lang="en"><head>\n  <meta charset="utf-8">\n  <title>Page {number}</title>\n'
        f"  <script>localStorage.x = {number % 3}</script>\n</head>\n<body>\n  <nav><ul>{nav}\n  </ul></nav>\n"
        f'  <div data-pagefind-body>\n    <h1>Page {number}</h1>\n    <p style="color: red">Text {number}</p>{extra}\n'
        f"    <p>{'Words the search reads. ' * 50}</p>\n"
        "    <pre>\n  kept   as written\n</pre>\n  </div>\n</body></html>\n"
    )


def site(folder: Path, count: int, unsafe: int | None = None) -> Path:
    for number in range(count):
        path = folder / f"p{number:03d}" / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        extra = '<img src="x.png" onerror="alert(1)">' if number == unsafe else ""
        path.write_text(page(number, extra), encoding="utf-8")
    return folder


def files(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file()
    }


def children() -> list[multiprocessing.process.BaseProcess]:
    return [process for process in multiprocessing.active_children() if process.is_alive()]


def test_two_processes_give_what_one_gives_in_the_same_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    handed: dict[str, list[tuple[str, bytes]]] = {}
    for workers in ("1", "2", "3"):
        monkeypatch.setenv("CHARTER_WORKERS", workers)
        with Hardening(site(tmp_path / workers, 25)) as pages:
            handed[workers] = list(pages)
    assert [rel for rel, _ in handed["1"]] == sorted(f"p{n:03d}/index.html" for n in range(25))
    assert handed["2"] == handed["1"] == handed["3"]
    assert files(tmp_path / "2") == files(tmp_path / "1") == files(tmp_path / "3")
    written = (tmp_path / "2" / "p007" / "index.html").read_bytes()
    assert b'<meta http-equiv="Content-Security-Policy"' in written
    assert b"\n<li" in written  # compacted
    assert b"\n    <li" not in written
    assert b"\n  kept   as written\n" in written
    searched = dict(handed["2"])["p007/index.html"]
    assert b"Text 7" in searched  # what the index reads, without the navigation
    assert b"<nav>" not in searched
    assert children() == []


@pytest.mark.parametrize("workers", ["1", "2"])
def test_an_unsafe_page_fails_the_pass_and_names_the_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: str
) -> None:
    monkeypatch.setenv("CHARTER_WORKERS", workers)
    handed: list[str] = []
    refused = pytest.raises(UnsafePage, match=r"p013/index\.html: <img> has an event handler 'onerror'")
    with refused, Hardening(site(tmp_path, 30, unsafe=13)) as pages:
        handed.extend(rel for rel, _ in pages)
    assert handed == [f"p{n:03d}/index.html" for n in range(13)]
    assert children() == []


def test_leaving_early_stops_the_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHARTER_WORKERS", "2")
    with Hardening(site(tmp_path, 200)) as pages:
        next(iter(pages))
        assert len(children()) == 2  # each blocked on its full pipe: the pages are not being read
    assert children() == []


def test_a_process_that_dies_fails_the_pass_in_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHARTER_WORKERS", "2")
    failed = pytest.raises(
        EngineError, match=r"the security policy could not be put into p\d+/index\.html: the process"
    )
    with failed, Hardening(site(tmp_path, 400)) as pages:
        first = next(iter(pages))
        assert first[0] == "p000/index.html"
        os.kill(children()[-1].pid or 0, signal.SIGKILL)  # blocked on its pipe: its pages cannot all be sent
        list(pages)
    assert children() == []


def test_the_same_tag_on_two_pages_is_refused_on_each_by_name() -> None:
    """Each tag is read once a process (a cache): what is refused is still said for its page."""
    unsafe = page(1, '<a href="javascript:x()">x</a>').encode()
    for where in ("a/index.html", "b/index.html"):
        with pytest.raises(UnsafePage, match=f"^{where}: <a href> is a script URL"):
            policy(unsafe, where)
