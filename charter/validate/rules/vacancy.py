"""Every role has someone holding it.

A role with no ``holders`` is vacant: its steps and collaborations happen only if someone covers
them. While a vacancy is being filled, waive this rule for the role with the reason (who covers
it) and the date you expect to fill it.

Example waiver in ``organisation.yaml``::

    waivers:
      - rule: vacancy
        target: role:data-analyst
        reason: Offer accepted, starts in February; the Product Manager covers reporting.
        expires: 2027-03-31
"""

from __future__ import annotations

from collections.abc import Iterator

from charter.core.problem import Severity
from charter.validate.rules.base import RuleContext, RuleFinding, RuleOptions, silences_nothing

CODE = "CH305"
NAME = "vacancy"
SEVERITY = Severity.WARNING
Options = RuleOptions
CONFIGURABLE = True
COMPLETE: frozenset[str] = frozenset()
silences = silences_nothing


def check(ctx: RuleContext[Options]) -> Iterator[RuleFinding]:
    for role in ctx.org.roles.values():
        if not role.holders and not ctx.org.left_out("role", role.id, "holders"):
            data = ctx.org.source("role", role.id).data
            yield ctx.at(
                "role",
                role.id,
                ("holders",) if "holders" in data else ("id",),
                f"{ctx.label(role.id)} is vacant: nobody holds it",
                "add its holders, or waive this rule with who covers the role until it is filled",
            )
