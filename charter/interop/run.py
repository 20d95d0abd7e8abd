"""The import and export commands: files in, files out, and a report of everything in between."""

from __future__ import annotations

import sys
from pathlib import Path

from charter.interop.raci_import import import_matrix, outcome_yaml, stub_role, stub_team
from charter.interop.tables import read_table
from charter.scaffold import _ids, _scheme


class InteropError(Exception):
    """The import or export cannot be done; the message says why."""


def import_raci(
    table: Path, outcome_id: str, org_dir: Path, *, name: str | None = None, team: str = "imported"
) -> list[Path]:
    from charter.rules.id_format import problem_with

    why = problem_with(outcome_id)
    if why is not None:
        raise InteropError(f"outcome id '{outcome_id}' {why}")
    if not (org_dir / "organisation.yaml").is_file():
        raise InteropError(f"no organisation.yaml in '{org_dir}' (charter init creates one)")
    target = org_dir / "outcomes" / f"{outcome_id}.yaml"
    if target.exists() or outcome_id in _ids(org_dir, "outcome"):
        raise InteropError(f"an outcome '{outcome_id}' already exists; choose another id")
    scheme = _scheme(org_dir)
    try:
        steps, stubs, report = import_matrix(read_table(table), scheme, org_dir)
    except ValueError as exc:
        raise InteropError(f"{table}: {exc}") from None
    written = []
    if stubs and team not in _ids(org_dir, "team"):
        path = org_dir / "teams" / f"{team}.yaml"
        if path.exists():  # a file charter could not read an id from: never overwrite an edit
            raise InteropError(f"{path} exists but does not define team '{team}'; fix it or choose another team")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(stub_team(team), encoding="utf-8")
        written.append(path)
    for role_id, title in sorted(stubs.items()):
        path = org_dir / "roles" / f"{role_id}.yaml"
        if path.exists():
            report.unmapped.append(f"column '{title}': roles/{role_id}.yaml exists with another title; not replaced")
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(stub_role(role_id, title, team), encoding="utf-8")
        written.append(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        outcome_yaml(outcome_id, name or outcome_id.replace("-", " ").capitalize(), steps, scheme), encoding="utf-8"
    )
    written.append(target)
    out = sys.stdout
    out.write(f"imported {report.steps} steps from {table} ({report.orientation}) into {target}\n")
    if report.new_roles:
        out.write(f"new roles, as stubs in team '{team}': {', '.join(report.new_roles)}\n")
    if report.notes:
        out.write("kept, as notes or merged:\n" + "".join(f"  {n}\n" for n in report.notes))
    if report.unmapped:
        out.write("NOT imported — fix the table or the files:\n" + "".join(f"  {u}\n" for u in report.unmapped))
    return written
