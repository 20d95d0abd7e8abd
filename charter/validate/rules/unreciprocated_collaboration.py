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
    for role in roles.values():
        for i, collaborator in enumerate(role.collaborators):
            other = roles.get(collaborator.role)
            if other is None or other.id == role.id:
                continue
            if any(back.role == role.id for back in other.collaborators):
                continue
            yield ctx.at(
                "role",
                role.id,
                ("collaborators", i, "role"),
                f"{ctx.label(role.id)} works with {ctx.label(other.id)} on '{collaborator.on}', "
                f"but {other.id}'s charter does not mention {role.id}",
                f"add {role.id} to the collaborators in {ctx.org.source('role', other.id).display}, "
                "with when (and when not) to work together",
            )
