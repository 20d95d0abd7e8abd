"""Worked examples for every code charter reports, kept as data: ``tests/examples/<CODE>/``.

Each code has a ``fail/`` and a ``pass/`` folder. Each is laid over a small, clean organisation
(``tests/fixtures/minimal``): the files under ``org/`` are added or replace the fixture's, those
named in ``remove.txt`` are deleted. ``fail/expect.txt`` lists every problem the result must
produce, one ``CODE path:line`` a line, no more and no fewer; ``pass/`` is the same mistake put
right and must produce no problem at all. The test suite runs every folder; ``charter explain``
shows them. An installed charter carries them as the package ``charter._examples``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


def _root() -> Path:
    checkout = Path(__file__).resolve().parents[2] / "tests" / "examples"
    if checkout.is_dir():
        return checkout
    return Path(__file__).resolve().parents[1] / "_examples"  # the installed package charter._examples


EXAMPLES = _root()


@dataclass(frozen=True)
class Example:
    folder: Path
    files: dict[str, str]  # path under org/ → its text (or a note for what is not text)
    removed: tuple[str, ...]
    expected: tuple[str, ...]  # CODE path:line, for fail/; empty for pass/


def _read(folder: Path) -> Example:
    files: dict[str, str] = {}
    org = folder / "org"
    for path in sorted(org.rglob("*")) if org.is_dir() else []:
        rel = path.relative_to(org).as_posix()
        if path.is_symlink():
            files[rel] = f"(a link to {path.readlink()})"
        elif path.is_file():
            raw = path.read_bytes()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = f"({len(raw):,} bytes that are not UTF-8)"
            files[rel] = text if len(text) <= 4000 else f"({len(raw):,} bytes)"
    remove = folder / "remove.txt"
    expect = folder / "expect.txt"
    return Example(
        folder,
        files,
        tuple(remove.read_text(encoding="utf-8").split()) if remove.is_file() else (),
        tuple(expect.read_text(encoding="utf-8").splitlines()) if expect.is_file() else (),
    )


def examples(code: str) -> tuple[Example, Example] | None:
    """(fail, pass) for ``code``, or None when it has none."""
    folder = EXAMPLES / code
    if not (folder / "fail").is_dir() or not (folder / "pass").is_dir():
        return None
    return _read(folder / "fail"), _read(folder / "pass")


def codes_with_examples() -> list[str]:
    return sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir()) if EXAMPLES.is_dir() else []


def example(code: str, failing: Example, passing: Example) -> str:
    """A code's worked example, as ``charter explain`` shows it: the files, what charter reports,
    and the same files put right."""

    def files(example: Example) -> str:
        out = "".join(f"  (delete {rel})\n" for rel in example.removed)
        for rel, text in example.files.items():
            out += f"  org/{rel}\n" + "".join(f"    | {line}\n" for line in text.splitlines())
        return out

    reported = "".join(f"    {line}\n" for line in failing.expected)
    return (
        f"\nExample — reported: (tests/examples/{code}/fail, laid over a small clean organisation)\n"
        f"{files(failing)}  charter validate reports:\n{reported}"
        f"\nPut right: (tests/examples/{code}/pass)\n{files(passing)}  charter validate reports nothing.\n"
    )
