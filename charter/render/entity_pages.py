"""The pages of one team, role, promise or person, each filled from the model.

Each page's data is described in :mod:`charter.render.page_data`; a page's source is the org
file the entity comes from, which the page links to for editing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from charter.ask.index import said_otherwise
from charter.model.graph import Org
from charter.render import paths, reach, swimlane_desktop, swimlane_overview, swimlane_phone, views
from charter.render.page_data import FlowPictures, OutcomePage, Page, PersonPage, RolePage, TeamPage
from charter.render.pages import Md
from charter.render.swimlane import Layouts
from charter.render.swimlane_text import READABLE, Hrefs, step_anchor
from charter.schema.models import OutcomeBase, Person, Role, Team, outcome_steps


def team_page(org: Org, team: Team, roles: Sequence[str]) -> Page:
    words = said_otherwise(org, (team.name, team.purpose or "", *team.also_known_as))
    data = TeamPage(team=team, roles=roles, interfaces=views.team_interfaces(org, team.id), search_words=words)
    return Page(paths.team(team.id), team.name, org.source("team", team.id).rel, data)


def role_page(org: Org, role: Role) -> Page:
    data = RolePage(
        role=role,
        holders=org.holders(role.id),
        channel=reach.team_channel(org, role.id),
        people=views.contacts(org, role.id),
        held=views.holdings_by_letter(org, role.id),
        led=views.led_by(org, role.id),
        search_words=said_otherwise(org, (role.title, *role.also_known_as, *role.owns, *role.accountabilities)),
    )
    return Page(paths.role(org, role.id), role.title, org.source("role", role.id).rel, data)


def outcome_page(org: Org, outcome: OutcomeBase) -> Page:
    here = paths.outcome(outcome.id)
    data = OutcomePage(
        outcome=outcome,
        steps=outcome_steps(outcome),
        handoffs=views.handoffs(org, outcome),
        touch=views.touchpoints(outcome),
        rows=views.matrix(org, outcome),
        flow=flow_pictures(org, outcome, here),
        search_words=said_otherwise(
            org,
            (outcome.name, outcome.promise or "", *outcome.also_known_as, *(s.name for s in outcome_steps(outcome))),
        ),
    )
    # No table of contents: the swim-lanes need the width, and they link to every step.
    return Page(here, outcome.name, org.source("outcome", outcome.id).rel, data, hide=("toc",))


def flow_pictures(org: Org, outcome: OutcomeBase, here: str) -> FlowPictures:
    def role(actor: str) -> str | None:
        return paths.url(here, paths.role(org, actor)) if actor in org.roles else None

    hrefs = Hrefs(role=role, step=lambda step_id: "#" + step_anchor(step_id))
    lay = org.facts.part(Layouts).of(outcome)
    desktop = swimlane_desktop.picture(org, lay, hrefs)
    phone = swimlane_phone.picture(org, lay, hrefs)
    overview = swimlane_overview.picture(org, lay, hrefs, desktop.width) if swimlane_overview.wanted(lay) else None
    widest = max(desktop.width, overview.width if overview else 0)
    # The desktop's picture while it can be shown large enough that its text stays readable.
    return FlowPictures(
        Md(desktop.inline("charter-flow__desktop", overview)),
        # Past 17 lanes even the phone's picture is wider than a phone: it scrolls rather than
        # shrinking its text under 12 px.
        Md(phone.inline("charter-flow__phone", scrolls=phone.width > swimlane_phone.WIDTH)),
        math.ceil(widest * READABLE / swimlane_desktop.SMALL),
    )


def person_page(org: Org, person: Person, roles: Sequence[str]) -> Page:
    data = PersonPage(person=person, roles=roles)
    return Page(paths.person(person.id), person.name, org.source("person", person.id).rel, data)
