"""The pages of one team, role, promise or person, each filled from the model.

Each page's data is described in :mod:`charter.render.page_data`; a page's source is the org
file the entity comes from, which the page links to for editing.
"""

from __future__ import annotations

from collections.abc import Sequence

from charter.model.graph import Org
from charter.render import paths, reach, views
from charter.render.page_data import OutcomePage, Page, PersonPage, RolePage, TeamPage
from charter.schema.models import OutcomeBase, Person, Role, Team, outcome_steps


def team_page(org: Org, team: Team, roles: Sequence[str]) -> Page:
    data = TeamPage(team=team, roles=roles, interfaces=views.team_interfaces(org, team.id))
    return Page(paths.team(team.id), team.name, org.source("team", team.id).rel, data)


def role_page(org: Org, role: Role) -> Page:
    data = RolePage(
        role=role,
        holders=org.holders(role.id),
        channel=reach.team_channel(org, role.id),
        people=views.contacts(org, role.id),
        held=views.holdings_by_letter(org, role.id),
        led=views.led_by(org, role.id),
    )
    return Page(paths.role(org, role.id), role.title, org.source("role", role.id).rel, data)


def outcome_page(org: Org, outcome: OutcomeBase) -> Page:
    data = OutcomePage(
        outcome=outcome,
        steps=outcome_steps(outcome),
        handoffs=views.handoffs(org, outcome),
        touch=views.touchpoints(outcome),
        rows=views.matrix(org, outcome),
    )
    return Page(paths.outcome(outcome.id), outcome.name, org.source("outcome", outcome.id).rel, data)


def person_page(org: Org, person: Person, roles: Sequence[str]) -> Page:
    data = PersonPage(person=person, roles=roles)
    return Page(paths.person(person.id), person.name, org.source("person", person.id).rel, data)
