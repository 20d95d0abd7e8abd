"""What each kind of page shows: one frozen dataclass per page kind, and the page around it.

A page kind's fields are exactly the variables its template reads besides those every page gets
(``front``, ``header``, ``org``, ``link``, ``scheme``, ``org_name``: see
:class:`charter.render.pages.PageRenderer`), under the names the template uses. Its template and
its weight in the site's search belong to the kind (class variables, not fields). The functions
that fill them from the model are in :mod:`charter.render.org_pages` (the organisation-wide
pages) and :mod:`charter.render.entity_pages` (one page per team, role, promise and person).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar, TypeAlias

from charter.core.problem import Problem
from charter.render.collabmap import TeamMatrix
from charter.render.reach import TeamAnswers
from charter.render.views import Contact, Holding, Interface, Matrix, Workload
from charter.schema.models import OutcomeBase, Person, Role, StepBase, Team
from charter.schema.schemes import Letter

# How the site's search weighs a page (Material's ``search`` front matter): ``{"boost": 3}`` or
# ``{"exclude": True}``.
Search = dict[str, float | bool]

# What the site's search ranks: staff search for a subject or a name and should land on the role
# or the person, with how to reach them on screen. Pages that repeat every role's text in one
# wall (the ask index, the whole RACI, health, the map, the people list) are left out, so they
# never outrank the page they summarise; the "ask" page has its own filter.
FIND_FIRST: Search = {"boost": 4}
FIND_SECOND: Search = {"boost": 2}
UNSEARCHED: Search = {"exclude": True}


@dataclass(frozen=True)
class HomePage:
    TEMPLATE: ClassVar[str] = "home.md.j2"
    SEARCH: ClassVar[Search | None] = None
    roles_by_team: Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class TeamsPage:
    TEMPLATE: ClassVar[str] = "teams.md.j2"
    SEARCH: ClassVar[Search | None] = None
    roles_by_team: Mapping[str, Sequence[str]]
    tree: Sequence[tuple[str, int]]  # every team id and its depth, parents first


@dataclass(frozen=True)
class OutcomesPage:
    """The promises, as the organisation lists them: nothing but the model."""

    TEMPLATE: ClassVar[str] = "outcomes.md.j2"
    SEARCH: ClassVar[Search | None] = None


@dataclass(frozen=True)
class PeoplePage:
    TEMPLATE: ClassVar[str] = "people.md.j2"
    SEARCH: ClassVar[Search | None] = UNSEARCHED
    roles_by_person: Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class TeamPage:
    TEMPLATE: ClassVar[str] = "team.md.j2"
    SEARCH: ClassVar[Search | None] = None
    team: Team
    roles: Sequence[str]
    interfaces: Sequence[Interface]
    search_words: Sequence[str]  # the organisation's words for what the page says, for the site's search


@dataclass(frozen=True)
class RolePage:
    TEMPLATE: ClassVar[str] = "role.md.j2"
    SEARCH: ClassVar[Search | None] = FIND_FIRST
    role: Role
    holders: Sequence[Person]
    channel: str | None  # the team's channel, to ask when nobody holds the role
    people: Sequence[Contact]  # who the role works with
    held: Sequence[tuple[Letter, Sequence[Holding]]]
    led: Sequence[OutcomeBase]  # promises it is accountable for end to end
    search_words: Sequence[str]  # the organisation's words for what the page says, for the site's search


@dataclass(frozen=True)
class FlowPictures:
    """A promise's swim-lanes, as inline SVG (Markdown passes them through): the desktop's
    (lanes as columns) while the frame is at least ``switch`` pixels wide, the phone's (a step
    a row) below that."""

    desktop: str
    phone: str
    switch: int


@dataclass(frozen=True)
class OutcomePage:
    TEMPLATE: ClassVar[str] = "outcome.md.j2"
    SEARCH: ClassVar[Search | None] = None
    outcome: OutcomeBase
    steps: Sequence[StepBase]
    handoffs: Sequence[tuple[StepBase, StepBase]]
    touch: Sequence[StepBase]  # the customer's touchpoints
    rows: Matrix
    flow: FlowPictures
    search_words: Sequence[str]  # the organisation's words for what the page says, for the site's search


@dataclass(frozen=True)
class PersonPage:
    TEMPLATE: ClassVar[str] = "person.md.j2"
    SEARCH: ClassVar[Search | None] = FIND_SECOND
    person: Person
    roles: Sequence[str]


@dataclass(frozen=True)
class RaciPage:
    TEMPLATE: ClassVar[str] = "raci.md.j2"
    SEARCH: ClassVar[Search | None] = UNSEARCHED
    grid: bool  # the whole matrix downloads as a grid (False: one row per step and role)
    tables: Sequence[tuple[OutcomeBase, Matrix]]
    workloads: Sequence[Workload]


@dataclass(frozen=True)
class CollaborationPage:
    TEMPLATE: ClassVar[str] = "collaboration.md.j2"
    SEARCH: ClassVar[Search | None] = UNSEARCHED
    matrix: TeamMatrix  # every team by every team, the non-empty cells only
    partners: Sequence[tuple[str, Sequence[tuple[str, int]]]]


@dataclass(frozen=True)
class AskPage:
    TEMPLATE: ClassVar[str] = "ask.md.j2"
    SEARCH: ClassVar[Search | None] = UNSEARCHED
    groups: Sequence[TeamAnswers]


@dataclass(frozen=True)
class HealthPage:
    TEMPLATE: ClassVar[str] = "health.md.j2"
    SEARCH: ClassVar[Search | None] = UNSEARCHED
    findings: Sequence[tuple[Problem, str]]  # each problem and its file as the page shows it
    due: Sequence[tuple[str, str, datetime.date]]  # kind, id and review date, soonest first
    workloads: Sequence[Workload]


PageData: TypeAlias = (
    HomePage
    | TeamsPage
    | OutcomesPage
    | PeoplePage
    | TeamPage
    | RolePage
    | OutcomePage
    | PersonPage
    | RaciPage
    | CollaborationPage
    | AskPage
    | HealthPage
)


@dataclass(frozen=True)
class Page:
    """One page to render: where it goes, its title, the org file it comes from, and its data."""

    here: str  # its path in the site, as in :mod:`charter.render.paths`
    title: str
    source: str | None  # relative to the org folder; None for a page drawn from every file
    data: PageData
    hide: tuple[str, ...] = ()  # Material's parts the page goes without ("toc")
