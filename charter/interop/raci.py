"""``charter import raci``: a matrix's file in, the outcome and its stubs out, and a report of
everything in between; and the error every import raises. How the matrix is read is
:mod:`charter.interop.raci_import`; the text of the files written, :mod:`charter.interop.stubs`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from charter.core import writer
from charter.interop.raci_import import Entry, Report, import_matrix
from charter.interop.stubs import outcome_yaml, stub_role, stub_team
from charter.interop.tables import read_tables
from charter.schema.schemes import BUILT_IN
from charter.validate.lookup import ids_of, scheme_of


class InteropError(Exception):
    """The import or export cannot be done; the message says why."""


@dataclass(frozen=True)
class RaciImported:
    """What ``charter import raci`` did: the outcome written, the stubs, and every cell's fate."""

    table: Path
    target: Path
    team: str
    report: Report
    written: list[Path]


def import_raci(
    table: Path,
    outcome_id: str,
    org_dir: Path,
    *,
    name: str | None = None,
    team: str = "imported",
    wanted: tuple[int, ...] | None = None,
) -> RaciImported:
    """The outcome ``outcome_id`` and its roles' stubs written from the matrix in ``table``."""
    target = _new_outcome(outcome_id, org_dir)
    scheme = scheme_of(org_dir) or BUILT_IN["raci"]
    source = table.name
    try:
        steps, stubs, report = import_matrix(read_tables(table), scheme, org_dir, wanted=wanted)
    except ValueError as exc:
        raise InteropError(str(exc)) from None
    if not steps:
        raise InteropError(
            f"{report.table or table.name} reads as a matrix ({report.layout}) but no row of it is an activity "
            "with letters, so nothing was written" + "".join(f"\n  {line}" for line in report.lines(report.unmapped))
        )
    files = _stubs(org_dir, stubs, team, source, report)
    files[target.relative_to(org_dir).as_posix()] = outcome_yaml(
        outcome_id, name or outcome_id.replace("-", " ").capitalize(), steps, scheme, source
    )
    _check_size(files)
    written = writer.write(org_dir, files)  # every stub and the outcome, or nothing
    return RaciImported(table, target, team, report, written)


def _new_outcome(outcome_id: str, org_dir: Path) -> Path:
    """Where the new outcome's file goes, once its id is one and no outcome has it."""
    from charter.schema.types import id_problem

    why = id_problem(outcome_id)
    if why is not None:
        raise InteropError(f"outcome id '{outcome_id}' {why}")
    if not (org_dir / "organisation.yaml").is_file():
        raise InteropError(f"no organisation.yaml in '{org_dir}' (charter init creates one)")
    target = org_dir / "outcomes" / f"{outcome_id}.yaml"
    if os.path.lexists(target) or outcome_id in ids_of(org_dir, "outcome"):
        raise InteropError(f"an outcome '{outcome_id}' already exists; choose another id")
    return target


def _stubs(org_dir: Path, stubs: dict[str, str], team: str, source: str, report: Report) -> dict[str, str]:
    """A stub for each new role (never over a file there: the report says so instead), and their
    team's when it does not exist yet: relative path → text."""
    files = {}
    if stubs and team not in ids_of(org_dir, "team"):
        rel = f"teams/{team}.yaml"
        if os.path.lexists(org_dir / rel):  # a file charter could not read an id from: never overwrite an edit
            raise InteropError(
                f"{org_dir / rel} exists but does not define team '{team}'; fix it or choose another team"
            )
        files[rel] = stub_team(team, source)
    for role_id, title in sorted(stubs.items()):
        rel = f"roles/{role_id}.yaml"
        text = stub_role(role_id, title, team, source)
        if os.path.lexists(org_dir / rel):
            if (org_dir / rel).is_symlink():
                report.unmapped.append(Entry.last(f"role '{title}': {rel} is a symbolic link; nothing written there"))
            elif not _same(org_dir / rel, text):  # the same stub is one an import killed mid-way wrote
                report.unmapped.append(Entry.last(f"role '{title}': {rel} exists with another title; not replaced"))
            continue
        files[rel] = text
    return files


def _same(path: Path, text: str) -> bool:
    """Whether ``path`` is a regular file holding exactly ``text``."""
    try:
        return path.is_file() and not path.is_symlink() and path.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        return False


def _check_size(files: dict[str, str]) -> None:
    """Refuse an import whose files charter's own loader would then refuse (each file at most
    MAX_FILE_BYTES), before anything is written."""
    from charter.load.yamlfile import MAX_FILE_BYTES

    for rel, text in files.items():
        size = len(text.encode("utf-8"))
        if size > MAX_FILE_BYTES:
            raise InteropError(
                f"{rel} would be {size // 1024} KiB, more than the {MAX_FILE_BYTES // 1024} KiB charter reads in one "
                "file; import a smaller matrix (fewer activities, or one table per promise); nothing was written"
            )
