"""No role is Accountable for more than it can answer for.

Counts, for each role, the steps where it holds an accountable letter (A in RACI) and the
outcomes it is accountable for end to end. Beyond ``max_steps`` (default 12) or
``max_outcomes`` (default 3) the accountability is nominal: delegate steps to the roles that do
the work, or split the outcome.

Options: ``max_steps`` (default 12), ``max_outcomes`` (default 3).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from pydantic import Field

from charter.core.problem import Severity
from charter.validate.rules.base import RuleContext, RuleFinding, RuleOptions, WholeNumber, silences_nothing

CODE = "CH303"
NAME = "overload"
SEVERITY = Severity.WARNING


class Options(RuleOptions):
    max_steps: WholeNumber = Field(12, description="the most steps one role may be Accountable for")
    max_outcomes: WholeNumber = Field(3, description="the most outcomes one role may be Accountable in")


CONFIGURABLE = True
# It counts letters in every outcome: one that is missing or unreadable there would hide a finding
# (and charter diff would call it fixed), so the rule waits until they all read.
COMPLETE: frozenset[str] = frozenset({"outcome.accountable", "outcome.steps"})
silences = silences_nothing


def check(ctx: RuleContext[Options]) -> Iterator[RuleFinding]:
    org = ctx.org
    steps: Counter[str] = Counter()
    for ref in org.steps():
        steps.update(set(org.accountable(ref.step)))
    outcomes = Counter(o.accountable for o in org.outcomes.values() if o.accountable is not None)
    for role in org.roles.values():
        if steps[role.id] > ctx.options.max_steps:
            yield ctx.at(
                "role",
                role.id,
                ("id",),
                f"{ctx.label(role.id)} is accountable for {steps[role.id]} steps; the limit is {ctx.options.max_steps}",
                "make the roles that do the work accountable for their own steps",
            )
        if outcomes[role.id] > ctx.options.max_outcomes:
            yield ctx.at(
                "role",
                role.id,
                ("id",),
                f"{ctx.label(role.id)} is accountable for {outcomes[role.id]} outcomes; the limit is "
                f"{ctx.options.max_outcomes}",
                "give some outcomes to the leads closest to the work",
            )
