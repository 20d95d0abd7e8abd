"""Teams nest without going round in circles.

A team's ``parent`` names the team it belongs to; following parents must end at a team with no
parent. A loop (Sales inside Revenue inside Sales) has no top, so the site could not place those
teams in its navigation.

Example::

    # teams/sales.yaml            # teams/revenue.yaml
    parent: revenue               parent: sales
"""

from __future__ import annotations

from collections.abc import Iterator

from charter.core.problem import Severity
from charter.validate.rules.base import RuleContext, RuleFinding, RuleOptions, silences_nothing

CODE = "CH105"
NAME = "team-cycle"
SEVERITY = Severity.ERROR
Options = RuleOptions
CONFIGURABLE = False
COMPLETE: frozenset[str] = frozenset()
silences = silences_nothing


def check(ctx: RuleContext[Options]) -> Iterator[RuleFinding]:
    teams = ctx.org.teams
    reported: set[str] = set()
    for start in teams:
        chain = [start]
        current = teams[start].parent
        while current is not None and current in teams and current not in chain:
            chain.append(current)
            current = teams[current].parent
        if current is None or current not in teams or current != start or start in reported:
            continue
        reported.update(chain)
        loop = " → ".join([*chain, start])
        yield ctx.at("team", start, ("parent",), f"teams nest in a loop: {loop}", "give the top team no parent")
