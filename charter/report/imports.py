"""What an import did, in words: ``charter import raci`` and ``charter import backstage``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from charter.core.problem import Problem
from charter.core.words import count
from charter.report.problems import one_line

if TYPE_CHECKING:
    from charter.interop.backstage import BackstageImported
    from charter.interop.raci import RaciImported


def raci_imported(done: RaciImported, problems: Sequence[Problem]) -> str:
    """What the import did, the matrix's own findings first (at their rows in the file), then
    the stubs in one line, what was merged, kept as notes, and not imported."""
    report = done.report
    out = f"imported {count(report.steps, 'step')} from {done.table} into {done.target}\n"
    out += f"read {report.table + ' ' if report.table else ''}as {report.layout}: {report.why}\n"
    if report.others:
        out += "not the matrix:\n" + "".join(f"  {line}\n" for line in report.others)
    outcome = done.target.stem
    own = [
        p
        for p in problems
        if p.code != "CH311"
        and (
            p.target == f"outcome:{outcome}"
            or p.target.startswith(f"step:{outcome}/")
            or p.path.endswith(f"outcomes/{outcome}.yaml")  # a file error, which names no target
        )
    ]
    if own:
        out += "found in the matrix:\n"
        for p in own:
            step = p.target.split("/", 1)[1] if "/" in p.target else ""
            where = report.at.get(step, f"{done.table.name}")
            out += f"  {where}: {p.severity.value} {p.code} {one_line(p.message)}\n"
    else:
        out += "found in the matrix: no problems\n"
    if report.new_roles:
        out += f"new roles, as stubs in team '{done.team}': {', '.join(report.new_roles)}\n"
    out += "".join(f"  {p.severity.value} {p.code} {one_line(p.message)}\n" for p in problems if p.code == "CH311")
    for title, which in (
        ("merged", report.merged),
        ("kept, as notes", report.notes),
        ("NOT imported — fix the table or the files", report.unmapped),
    ):
        if which:
            out += f"{title}:\n" + "".join(f"  {line}\n" for line in report.lines(which))
    return out


def backstage_imported(done: BackstageImported) -> str:
    out = (
        f"imported {count(done.groups, 'group')} as teams and {count(done.users, 'user')} as people "
        f"into {done.org_dir}\n"
    )
    there = done.found_groups - done.groups + done.found_users - done.users
    if there:
        total = done.found_groups + done.found_users
        out += f"{there} of the catalog's {count(total, 'entity', 'entities')} "
        out += f"{'was' if there == 1 else 'were'} there already, and not replaced\n"
    if done.skipped:
        out += "skipped (not Group or User): " + ", ".join(f"{n} {k}" for k, n in sorted(done.skipped.items())) + "\n"
    if done.problems:
        out += "NOT imported or not resolved:\n" + "".join(f"  {p}\n" for p in done.problems)
    return out
