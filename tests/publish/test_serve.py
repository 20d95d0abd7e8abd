"""charter serve: edits show on the next reload; a broken edit keeps the last good site up."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, OrgDir


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            text: str = answer.read().decode()
            return text
    except OSError:
        return ""


def wait_for(condition: Callable[[], bool], seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@contextlib.contextmanager
def serving(org: OrgDir, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """``charter serve`` of ``org`` into ``tmp_path/site``: its address and its log."""
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "charter", "serve", str(org.path), "--site-dir", str(tmp_path / "site"),
             "--config", str(ROOT / "mkdocs.yml"), "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        yield f"http://127.0.0.1:{port}/", log
    finally:
        # As a service manager stops it. (Not SIGINT: a test run started in the background has it
        # ignored, and so would charter.)
        os.killpg(process.pid, signal.SIGTERM)
        assert process.wait(timeout=30) == 0, log.read_text()


def test_serve_rebuilds_on_edit_and_keeps_the_last_good_site(minimal: OrgDir, tmp_path: Path) -> None:
    with serving(minimal, tmp_path) as (address, log):
        page = address + "teams/service/agent/"
        assert wait_for(lambda: "Service Desk Agent" in fetch(page)), log.read_text()
        minimal.replace("roles/agent.yaml", "title: Service Desk Agent", "title: Front Line Agent")
        assert wait_for(lambda: "Front Line Agent" in fetch(page)), log.read_text()
        minimal.replace("roles/agent.yaml", "team: service", "team: servce")
        assert wait_for(lambda: "unknown team 'servce'" in log.read_text()), log.read_text()
        assert "still serving the last good site" in log.read_text()
        assert "Front Line Agent" in fetch(page)


def files_on_disk(site: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file of ``site``: its inode, modification time and bytes."""
    found = {}
    for path in site.rglob("*"):
        if path.is_file():
            status = path.stat()
            found[path.relative_to(site).as_posix()] = (status.st_ino, status.st_mtime_ns, path.read_bytes())
    return found


def test_an_edit_updates_only_the_pages_it_changes_and_a_new_title_rebuilds_all(
    minimal: OrgDir, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    with serving(minimal, tmp_path) as (address, log):
        page = address + "teams/service/agent/"
        assert wait_for(lambda: "Service Desk Agent" in fetch(page)), log.read_text()
        before = files_on_disk(site)
        index_before = sorted((site / "pagefind").rglob("*"))
        minimal.replace("roles/agent.yaml", "one call gets their problem owned", "one call gets their fault fixed")
        assert wait_for(lambda: "fault fixed" in fetch(page)), log.read_text()
        assert wait_for(lambda: "] updated " in log.read_text()), log.read_text()
        # The edited role's own page first, before every other page was rendered again.
        said = log.read_text()
        assert "] teams/service/agent/ shown in " in said.split("] updated ")[0], said
        after = files_on_disk(site)
        assert after.keys() - {".charter-site"} == before.keys() - {".charter-site"}
        changed = {rel for rel in after if rel.endswith(".html") and after[rel] != before[rel]}
        assert "teams/service/agent/index.html" in changed
        # Only the pages the edit changed were written (and 404.html, which MkDocs always
        # writes), each one a new file with its own security policy; no served file was
        # written into in place.
        assert len(changed) < len([rel for rel in before if rel.endswith(".html")]) / 2, sorted(changed)
        for rel in changed:
            assert b'<meta http-equiv="Content-Security-Policy"' in after[rel][2]
        for rel in after.keys() & before.keys():
            if after[rel][0] == before[rel][0]:
                assert after[rel][1:] == before[rel][1:], f"{rel} was written in place"
        assert sorted((site / "pagefind").rglob("*")) == index_before
        # An updated preview is no finished build: `charter build` will build it whole again.
        assert "input " not in (site / ".charter-site").read_text()

        # A new title shows in every page's navigation: the whole site is built again.
        minimal.replace("roles/agent.yaml", "title: Service Desk Agent", "title: Front Line Agent")
        assert wait_for(lambda: "Front Line Agent" in fetch(address + "teams/service/")), log.read_text()
        assert wait_for(lambda: "input " in (site / ".charter-site").read_text()), log.read_text()
        assert wait_for(lambda: "] rebuilt " in log.read_text().split("] updated ")[-1]), log.read_text()
    # What the preview kept for its updates goes with it when it stops.
    assert not (tmp_path / ".charter" / "site.preview").exists()


def test_the_watcher_ignores_what_builds_write(tmp_path: Path) -> None:
    from charter.publish.watch import snapshot

    org = tmp_path / "org"
    (org / "roles").mkdir(parents=True)
    (org / "roles" / "a.yaml").write_text("id: a\n")
    before = snapshot([org], org / "site")
    (org / "site").mkdir()  # a site inside the watched folder, and charter's hidden files
    (org / "site" / "index.html").write_text("<p>")
    (org / ".charter").mkdir()
    (org / ".charter" / "x.svg").write_text("<svg/>")
    assert snapshot([org], org / "site") == before
    (org / "roles" / "a.yaml").write_text("id: a\ntitle: A\n")
    assert snapshot([org], org / "site") != before


@pytest.mark.parametrize("path", ["/teams/%00", "/%00/", "/teams/%ed%a0%80", "/teams/%00?q=1"])
def test_a_path_no_file_can_have_is_answered_without_a_traceback(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], path: str
) -> None:
    """Issue 28, item 11: ``GET /teams/%00`` printed a traceback and had its connection dropped
    (``open()`` refuses a NUL or a lone surrogate with ValueError, which http.server does not
    catch). It is a bad request, answered 400 (or 404), and the preview serves on."""
    from charter.publish.serve import listen

    (tmp_path / "teams").mkdir()
    (tmp_path / "teams" / "index.html").write_text("<p>teams</p>")
    server = listen("127.0.0.1", 0, tmp_path)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        assert status(str(host), int(port), path) in (400, 404)
        assert status(str(host), int(port), "/teams/") == 200
    finally:
        server.shutdown()
        server.server_close()
    assert "Traceback" not in capfd.readouterr().err


def status(host: str, port: int, path: str) -> int:
    connection = http.client.HTTPConnection(host, port, timeout=10)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    finally:
        connection.close()


def test_the_serving_line_names_only_what_the_user_can_edit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In an organisation's repository charter's templates are in its installation: not named."""
    from charter.publish.serve import yours
    from charter.render import TEMPLATES

    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    monkeypatch.chdir(tmp_path)
    assert yours([TEMPLATES, tmp_path / "mkdocs.yml"]) == ("mkdocs.yml",)
    monkeypatch.chdir(ROOT)
    assert yours([TEMPLATES, ROOT / "mkdocs.yml"]) == ("templates/", "mkdocs.yml")
