"""What an import created and nobody has filled in yet, in one line per import.

``charter import raci`` writes the outcome a matrix describes, and a stub for every role it
names that the organisation lacks: a placeholder purpose, no holders, in a team of its own. Each
of these files says ``imported: <the file it came from>``. While a stub is as the import wrote
it, its placeholders (the draft, vacancy and orphan findings) are summed up in this one line, so
that what the import found in the matrix itself (a step with no Accountable, or two) is not
buried under them. Once you fill in a stub's purpose, what it owns, its holders or its lead, its
remaining findings show one by one; delete the ``imported`` line when it is done.

Example: ``roles/finance-clerk.yaml`` as the import wrote it::

    id: finance-clerk
    title: Finance Clerk
    imported: raci.csv
    team: imported
    purpose: "TODO: Customers fund this job so that …"
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from charter.core.problem import Severity
from charter.core.words import count, plural
from charter.model.graph import Org
from charter.validate.rules.base import RuleContext, RuleFinding, RuleOptions

CODE = "CH311"
NAME = "imported"
SEVERITY = Severity.WARNING
Options = RuleOptions
CONFIGURABLE = True
COMPLETE: frozenset[str] = frozenset()

QUIETED = frozenset({"CH305", "CH308", "CH310"})  # vacancy, orphan, draft: what a stub is made of


def silences(ctx: RuleContext[Options]) -> frozenset[tuple[str, str]]:
    """A stub's own vacancy, orphan and draft findings: this rule's one line per import speaks
    for them, until a manager fills in any of the stub's placeholders."""
    return frozenset((code, target) for target in untouched(ctx.org) for code in QUIETED)


MARK = "TODO"


def _todo(text: Any) -> bool:
    return text is None or (isinstance(text, str) and text.lstrip().startswith(MARK))


def untouched(org: Org) -> dict[str, str]:
    """Every stub still as its import wrote it: target (role:x) → the file it came from. (An
    import writes files that fit their models: one with a value that does not was edited since.)"""
    stubs: dict[str, str] = {}
    for role in org.roles.values():
        if role.imported and _todo(role.purpose) and all(_todo(o) for o in role.owns) and not role.holders:
            stubs[f"role:{role.id}"] = role.imported
    for team in org.teams.values():
        if team.imported and _todo(team.purpose) and team.lead is None:
            stubs[f"team:{team.id}"] = team.imported
    for outcome in org.outcomes.values():
        measure = outcome.measure
        if outcome.imported and _todo(outcome.promise) and (measure is None or _todo(measure.metric)):
            stubs[f"outcome:{outcome.id}"] = outcome.imported
    if org.partial:
        return {target: source for target, source in stubs.items() if not _edited(org, target)}
    return stubs


def _edited(org: Org, target: str) -> bool:
    kind, _, entity_id = target.partition(":")
    return org.left_out(kind, entity_id)


def check(ctx: RuleContext[Options]) -> Iterator[RuleFinding]:
    org = ctx.org
    by_source: dict[str, list[str]] = {}
    for target, source in untouched(org).items():
        by_source.setdefault(source, []).append(target)
    for source, targets in sorted(by_source.items()):
        roles = sorted(t.split(":", 1)[1] for t in targets if t.startswith("role:"))
        teams = {t.split(":", 1)[1] for t in targets if t.startswith("team:")}
        outcomes = sorted(t.split(":", 1)[1] for t in targets if t.startswith("outcome:"))
        parts = []
        if roles:
            need = (
                "a purpose, a holder and a team"
                if any(org.roles[r].team in teams for r in roles)
                else ("a purpose and a holder")
            )
            parts.append(f"{count(len(roles), 'imported role')} {plural(len(roles), 'needs', 'need')} {need}")
        parts += [f"outcome '{o}' needs its promise and measure" for o in outcomes]
        if not parts:
            parts.append(f"team '{sorted(teams)[0]}' still holds the roles of an import")
        kind, entity = (
            ("outcome", outcomes[0]) if outcomes else ("role", roles[0]) if roles else ("team", sorted(teams)[0])
        )
        yield ctx.at(
            kind,
            entity,
            ("imported",),
            f"{'; '.join(parts)} (imported from {source}): charter explain imported",
            "fill in each stub's TODOs, holders and team, then delete its `imported` line",
        )
