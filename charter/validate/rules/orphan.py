"""Every team has roles, every role takes part in something, and every person holds a role.

A team with no roles (none in it or its sub-teams, and no lead) is an empty box on the chart.
A role that holds no letter in any step, is accountable for no outcome, collaborates with
nobody, escalates to nobody and is escalated to by nobody, and leads no team with other roles
in it, is invisible to the rest of the organisation: either its work is missing from the
outcomes, or the role is. A person whose id is in no role's
``holders`` has no charter: nobody can tell what they do or who to go to them for.

Examples:

- ``roles/data-analyst.yaml`` appears in no step, no collaboration and no escalation: give it a
  letter in the steps it works on (``consulted: [data-analyst]``), or list who it works with.
- ``roles/service-lead.yaml`` holds no letter, but the Service Desk Agent has
  ``escalates_to: service-lead``: it takes part (people bring it what they cannot settle), so it
  is not reported. Nor is the lead of a team that has other roles, in it or in its sub-teams.
- ``people/isla-campbell.yaml``, after her role's ``holders: [isla-campbell]`` became
  ``holders: [ana]``, holds no role: add her to the holders of the role she now holds, or remove
  her file if she has left (``charter diff`` says "Isla Campbell now holds no role").

Options: ``people`` (default true): false reports teams and roles only, for an organisation whose
people files list staff who hold no role on purpose (``rules: {orphan: {people: false}}``).
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from charter.core.problem import Severity
from charter.validate.rules.base import RuleContext, RuleFinding, RuleOptions, silences_nothing

CODE = "CH308"
NAME = "orphan"
SEVERITY = Severity.WARNING


class Options(RuleOptions):
    people: bool = Field(True, description="report a person who holds no role (false: teams and roles only)")


CONFIGURABLE = True
COMPLETE: frozenset[str] = frozenset(
    {
        "team",
        "role.team",
        "role.collaborators",
        "role.escalates_to",
        "role.holders",
        "outcome.accountable",
        "outcome.steps",
    }
)  # a team whose id is wrongly written has no roles yet
silences = silences_nothing


def check(ctx: RuleContext[Options]) -> Iterator[RuleFinding]:
    org = ctx.org
    staffed = {role.team for role in org.roles.values()} | {t.id for t in org.teams.values() if t.lead in org.roles}
    for start in list(staffed):  # a team whose roles are all in its sub-teams is not empty
        seen: set[str] = set()
        team_id = start
        while team_id in org.teams and team_id not in seen:
            seen.add(team_id)
            staffed.add(team_id)
            team_id = org.teams[team_id].parent or ""
    for team in org.teams.values():
        if team.id not in staffed:
            yield ctx.at(
                "team",
                team.id,
                ("id",),
                f"team '{team.name}' has no roles",
                f"add roles with 'team: {team.id}', or remove the team",
            )
    yield from _roles(ctx)
    if ctx.options.people:
        yield from _people(ctx)


def _roles(ctx: RuleContext[Options]) -> Iterator[RuleFinding]:
    org = ctx.org
    involved: set[str] = set()
    for ref in org.steps():
        for holders in org.letters(ref.step).values():
            involved.update(holders)
    involved.update(o.accountable for o in org.outcomes.values() if o.accountable is not None)
    for role in org.roles.values():
        if role.collaborators:
            involved.add(role.id)
            involved.update(c.role for c in role.collaborators)
        if role.escalates_to is not None:  # both sides take part: one brings, one settles
            involved.update((role.id, role.escalates_to))
    involved.update(t.lead for t in org.teams.values() if t.lead is not None and _leads_others(ctx, t.id, t.lead))
    for role in org.roles.values():
        if role.id not in involved:
            yield ctx.at(
                "role",
                role.id,
                ("id",),
                f"{ctx.label(role.id)} takes part in no outcome, no collaboration and no escalation",
                "give it a letter in the steps it works on, or list who it works with or escalates to",
            )


def _leads_others(ctx: RuleContext[Options], team_id: str, lead: str) -> bool:
    """Whether a team, with its sub-teams, holds a role other than its lead (who may sit in
    another team: a CTO in Engineering leading Ops)."""
    below = {team_id}
    grew = True
    while grew:
        more = {t.id for t in ctx.org.teams.values() if t.parent in below} - below
        below |= more
        grew = bool(more)
    return any(role.team in below and role.id != lead for role in ctx.org.roles.values())


def _people(ctx: RuleContext[Options]) -> Iterator[RuleFinding]:
    org = ctx.org
    for person in org.people.values():
        if not org.facts.roles_held(person.id):
            yield ctx.at(
                "person",
                person.id,
                ("id",),
                f"{person.name} ({person.id}) holds no role",
                f"add '{person.id}' to the holders: of the role they hold, or remove "
                f"{org.source('person', person.id).rel} if they have left",
            )
