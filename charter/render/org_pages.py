"""The eight organisation-wide pages, each filled from the model: home, teams, promises, people,
the whole RACI, the collaboration map, "who do I ask about…" and health.

What several pages show (each team's and each person's roles, every role's workload) is
computed once by the caller and handed to each; see :mod:`charter.render.page_data` for what
each page holds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from charter.core.problem import Problem
from charter.model.graph import Org
from charter.render import collabmap, paths, reach, views
from charter.render.page_data import (
    AskPage,
    CollaborationPage,
    HealthPage,
    HomePage,
    OutcomesPage,
    Page,
    PeoplePage,
    RaciPage,
    TeamsPage,
)
from charter.render.views import Workload


def home_page(org: Org, roles_by_team: Mapping[str, Sequence[str]]) -> Page:
    return Page(paths.HOME, org.settings.name, "organisation.yaml", HomePage(roles_by_team=roles_by_team))


def teams_page(org: Org, roles_by_team: Mapping[str, Sequence[str]]) -> Page:
    return Page(paths.TEAMS, "Teams", None, TeamsPage(roles_by_team=roles_by_team, tree=reach.team_tree(org)))


def outcomes_page() -> Page:
    return Page(paths.OUTCOMES, "Promises to customers", None, OutcomesPage())


def people_page(roles_by_person: Mapping[str, Sequence[str]]) -> Page:
    return Page(paths.PEOPLE, "People", None, PeoplePage(roles_by_person=roles_by_person))


def raci_page(org: Org, grid: bool, workloads: Sequence[Workload]) -> Page:
    tables = [(outcome, views.matrix(org, outcome)) for outcome in org.outcomes.values()]
    return Page(paths.RACI, "RACI matrix", None, RaciPage(grid=grid, tables=tables, workloads=workloads))


def collaboration_page(org: Org) -> Page:
    data = CollaborationPage(matrix=collabmap.matrix(org), partners=collabmap.partners(org))
    return Page(paths.MAP, "Collaboration map", None, data)


def ask_page(org: Org) -> Page:
    return Page(paths.ASK, "Who do I ask about…", None, AskPage(groups=reach.answers(org)))


def health_page(org: Org, findings: Sequence[tuple[Problem, str]], workloads: Sequence[Workload]) -> Page:
    data = HealthPage(findings=findings, due=views.reviews(org), workloads=workloads)
    return Page(paths.HEALTH, "Health", None, data)
