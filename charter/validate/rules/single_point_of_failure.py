"""Accountability that many promises depend on is not held by one person alone.

A role held by exactly one person that is accountable (for the outcome, or for a step) in
``min_outcomes`` (default 4) or more outcomes is a single point of failure: when that person is
away, several promises to customers have nobody to answer for them. Add a second holder or a
named deputy, or spread the step accountability.

Options: ``min_outcomes`` (default 4).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from pydantic import Field

from charter.core.problem import Severity
from charter.validate.rules.base import RuleContext, RuleFinding, RuleOptions, WholeNumber, silences_nothing

CODE = "CH306"
NAME = "single-point-of-failure"
SEVERITY = Severity.WARNING


class Options(RuleOptions):
    min_outcomes: WholeNumber = Field(
        4, description="from how many outcomes on, a role held by one person is a single point of failure"
    )


CONFIGURABLE = True
# It counts letters in every outcome: one that is missing or unreadable there would hide a finding
# (and charter diff would call it fixed), so the rule waits until they all read.
COMPLETE: frozenset[str] = frozenset({"outcome.accountable", "outcome.steps"})
silences = silences_nothing


def check(ctx: RuleContext[Options]) -> Iterator[RuleFinding]:
    org = ctx.org
    outcomes: dict[str, set[str]] = defaultdict(set)
    for outcome in org.outcomes.values():
        if outcome.accountable is not None:
            outcomes[outcome.accountable].add(outcome.id)
    for ref in org.steps():
        for role_id in org.accountable(ref.step):
            outcomes[role_id].add(ref.outcome.id)
    for role in org.roles.values():
        count = len(outcomes[role.id])
        if org.left_out("role", role.id, "holders"):
            continue  # its holders did not fit the model: how many there are is not known
        if len(role.holders) == 1 and count >= ctx.options.min_outcomes:
            yield ctx.at(
                "role",
                role.id,
                ("holders",),
                f"{count} outcome{'s depend' if count != 1 else ' depends'} on {ctx.label(role.id)}, "
                f"held by one person ({role.holders[0]})",
                "add a second holder or a deputy, or make other roles accountable for some steps",
            )
