"""A customer's request should not pass through too many hands before it is resolved.

Follows every path of ``next`` links from a customer touchpoint (``touchpoint: true``) to the
step where the outcome ends, and counts the distinct internal roles that perform a step on the
way (external parties such as the customer are not counted). More than ``max_roles`` (default 4)
is the call-centre problem: the customer is passed from person to person and nobody owns the
request. Give one role the request end to end, and make the others Consulted.

Options: ``max_roles`` (default 4).
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from charter.core.problem import Severity
from charter.model.measures import measures
from charter.validate.rules.base import RuleContext, RuleFinding, RuleOptions, WholeNumber, silences_nothing

CODE = "CH301"
NAME = "pass-around"
SEVERITY = Severity.WARNING


class Options(RuleOptions):
    max_roles: WholeNumber = Field(
        4, description="the most roles a customer's request may pass through before it is resolved"
    )


CONFIGURABLE = True
COMPLETE: frozenset[str] = frozenset()
silences = silences_nothing


def check(ctx: RuleContext[Options]) -> Iterator[RuleFinding]:
    limit = ctx.options.max_roles
    org = ctx.org
    for outcome in org.outcomes.values():
        worst = measures(org).pass_around(outcome)
        if len(worst) > limit:
            yield ctx.at(
                "outcome",
                outcome.id,
                ("steps",),
                f"a customer's request in '{outcome.name}' passes through {len(worst)} roles "
                f"({' → '.join(worst)}); the limit is {limit}",
                "let one role own the request end to end and consult the others",
            )
