"""Every team has roles, and every role takes part in something.

A team with no roles is an empty box on the chart. A role that holds no letter in any step, is
accountable for no outcome and collaborates with nobody (in either direction) is invisible to
the rest of the organisation: either its work is missing from the outcomes, or the role is.

Example: ``roles/data-analyst.yaml`` appears in no step and no collaboration.
"""

from __future__ import annotations

from collections.abc import Iterator

from charter.core.problem import Severity
from charter.validate.rules.base import RuleContext, RuleFinding, RuleOptions, silences_nothing

CODE = "CH308"
NAME = "orphan"
SEVERITY = Severity.WARNING
Options = RuleOptions
CONFIGURABLE = True
COMPLETE: frozenset[str] = frozenset(
    {"team", "role.team", "role.collaborators", "outcome.accountable", "outcome.steps"}
)  # a team whose id is wrongly written has no roles yet
silences = silences_nothing


def check(ctx: RuleContext[Options]) -> Iterator[RuleFinding]:
    org = ctx.org
    staffed = {role.team for role in org.roles.values()}
    for team in org.teams.values():
        if team.id not in staffed:
            yield ctx.at(
                "team",
                team.id,
                ("id",),
                f"team '{team.name}' has no roles",
                f"add roles with 'team: {team.id}', or remove the team",
            )
    involved: set[str] = set()
    for ref in org.steps():
        for holders in org.letters(ref.step).values():
            involved.update(holders)
    involved.update(o.accountable for o in org.outcomes.values() if o.accountable is not None)
    for role in org.roles.values():
        if role.collaborators:
            involved.add(role.id)
            involved.update(c.role for c in role.collaborators)
    for role in org.roles.values():
        if role.id not in involved:
            yield ctx.at(
                "role",
                role.id,
                ("id",),
                f"{ctx.label(role.id)} takes part in no outcome and no collaboration",
                "give it a letter in the steps it works on, or list who it works with",
            )
