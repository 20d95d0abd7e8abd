"""Where an export is written, and in which format: from the ending of ``-o``'s file, never a
format its name does not say; never inside the organisation folder; a CODEOWNERS file named
from the repository's top folder."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from charter.cli import places
from charter.cli.errors import UsageError

EXPORT_SUFFIXES = {".csv": "csv", ".xlsx": "xlsx", ".md": "md", ".yaml": "yaml", ".yml": "yaml"}


def from_top(output: str | None, org_dir: str) -> str:
    """The CODEOWNERS file as its header names it: from the repository's top folder, wherever
    charter runs (inside org/ the file is '../.github/CODEOWNERS', written the same)."""
    from charter.interop.codeowners import repository_root

    if output is None:
        return ".github/CODEOWNERS"
    top = repository_root(Path(org_dir))
    where = Path(os.path.abspath(output))
    return where.relative_to(top).as_posix() if where.is_relative_to(top) else output


def format_for(what: str, fmt: str | None, output: str) -> str | None:
    """The format -o's file is written in: from its ending when --format is not given. A file
    named for another format ("-o matrix.pdf", "-o raci.xlsx --format csv") is refused: it would
    hold what its name does not say, and open as garbage."""
    if what == "codeowners":
        return fmt
    suffix = Path(output).suffix.lower()
    named = EXPORT_SUFFIXES.get(suffix)
    made = ("yaml",) if what == "backstage" else ("csv", "xlsx", "md")
    if fmt is None and named in made:
        return named
    if fmt is not None and (named == fmt or (named is None and suffix not in KNOWN_OTHER)):
        return fmt
    wanted = (fmt,) if fmt else made
    endings = [k for k, v in EXPORT_SUFFIXES.items() if v in wanted]
    raise UsageError(
        f"-o {output}: the {what} export is {either(FORMAT_NAMES[w] for w in wanted)}, which a file ending in "
        f"'{suffix or '(nothing)'}' would not open as; name it {Path(output).stem or what}{endings[0]}"
        + (f" (or end it in {', '.join(endings[1:])})" if len(endings) > 1 else "")
    )


FORMAT_NAMES = {"csv": "CSV", "xlsx": "an XLSX workbook", "md": "Markdown", "yaml": "YAML"}


def either(names: Iterable[str]) -> str:
    listed = list(names)
    return listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " or " + listed[-1]


# Endings of other formats: a file so named is refused even with --format (a .txt or no ending is not).
KNOWN_OTHER = frozenset((".pdf", ".docx", ".doc", ".xls", ".ods", ".json", ".html", ".htm", ".png", ".svg"))


def check_output(name: str, org: str) -> None:
    output = Path(name)
    if not name.strip():
        raise UsageError("-o is an empty name; give the file to write, for example -o raci.csv")
    if output.is_dir():
        raise UsageError(f"-o {name} is a folder; give the file to write, for example -o raci.csv")
    if not output.parent.is_dir():
        raise UsageError(f"-o {name}: there is no folder '{output.parent}' to write it in")
    places.writable_place(output, "-o", org)  # never over a file of the organisation's own
