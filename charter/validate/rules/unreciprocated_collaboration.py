"""A collaboration is known to both sides.

When role A lists role B as a collaborator, B's charter must list A too (on any subject):
otherwise A expects help that B does not know it owes, and the hand-off fails exactly when it
matters. External parties are exempt — their charters are not written here.

Example: the Service Desk Agent lists the IT Support Engineer for login faults, but the
engineer's charter does not mention the Service Desk Agent.
"""

from __future__ import annotations

from collections.abc import Iterator

from charter.core.problem import Severity
from charter.model.measures import measures
from charter.validate.rules.base import RuleContext, RuleFinding, RuleOptions, silences_nothing

CODE = "CH302"
NAME = "unreciprocated-collaboration"
SEVERITY = Severity.WARNING
Options = RuleOptions
CONFIGURABLE = True
COMPLETE: frozenset[str] = frozenset({"role.collaborators"})
silences = silences_nothing


def check(ctx: RuleContext[Options]) -> Iterator[RuleFinding]:
    roles = ctx.org.roles
    for role_id, other_id, i in measures(ctx.org).one_sided:
        yield ctx.at(
            "role",
            role_id,
            ("collaborators", i, "role"),
            f"{ctx.label(role_id)} works with {ctx.label(other_id)} on '{roles[role_id].collaborators[i].on}', "
            f"but {other_id}'s charter does not mention {role_id}",
            f"add {role_id} to the collaborators in {ctx.org.source('role', other_id).display}, "
            "with when (and when not) to work together",
        )
