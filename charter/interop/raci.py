"""``charter import raci``: a matrix's file in, the outcome and its stubs out, and a report of
everything in between; and the error every import raises. How the matrix is read is
:mod:`charter.interop.raci_import`; the text of the files written, :mod:`charter.interop.stubs`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
    wanted: int | None = None,
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
    written = _write_stubs(org_dir, stubs, team, source, report)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        outcome_yaml(outcome_id, name or outcome_id.replace("-", " ").capitalize(), steps, scheme, source),
        encoding="utf-8",
    )
    written.append(target)
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
    if target.exists() or outcome_id in ids_of(org_dir, "outcome"):
        raise InteropError(f"an outcome '{outcome_id}' already exists; choose another id")
    return target


def _write_stubs(org_dir: Path, stubs: dict[str, str], team: str, source: str, report: Report) -> list[Path]:
    """A stub for each new role (never over a file there: the report says so instead), and their
    team's when it does not exist yet."""
    written = []
    if stubs and team not in ids_of(org_dir, "team"):
        path = org_dir / "teams" / f"{team}.yaml"
        if path.exists():  # a file charter could not read an id from: never overwrite an edit
            raise InteropError(f"{path} exists but does not define team '{team}'; fix it or choose another team")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(stub_team(team, source), encoding="utf-8")
        written.append(path)
    for role_id, title in sorted(stubs.items()):
        path = org_dir / "roles" / f"{role_id}.yaml"
        if path.exists():
            report.unmapped.append(
                Entry.last(f"role '{title}': roles/{role_id}.yaml exists with another title; not replaced")
            )
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(stub_role(role_id, title, team, source), encoding="utf-8")
        written.append(path)
    return written
