"""Stage four: the validated model → every page, diagram and download, as ``{path: bytes}``.

:func:`render` is the stage, as a sequence of steps: the pages (their data from
:mod:`charter.render.org_pages` and :mod:`charter.render.entity_pages`, their Markdown from
:mod:`charter.render.pages`), the site's assets, the diagrams (:mod:`charter.render.drawing`),
the downloads, the JSON API and the JSON Schemas. Nothing here writes to disk: the caller does
(:mod:`charter.publish.output`, :mod:`charter.publish.build`), and keeps drawn diagrams for the
next run through the :class:`DiagramCache` it passes in.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache, partial
from pathlib import Path

from charter.core import progress
from charter.core.problem import Problem
from charter.model.graph import Org
from charter.render import api, exports, org_pages, paths, shared, svg, swimlane_desktop, views
from charter.render.drawing import Diagram, DiagramCache, diagrams, draw, sources
from charter.render.entity_pages import outcome_page, person_page, role_page, team_page
from charter.render.page_data import Page
from charter.render.pages import PageRenderer, edit_prefix, environment
from charter.render.palette import PALETTES
from charter.render.swimlane import Layouts
from charter.schema import jsonschema
from charter.schema.kinds import ENTITY_KINDS
from charter.schema.models import OutcomeBase, Person, Role, Team

__all__ = [
    "ASSETS",
    "TEMPLATES",
    "Diagram",
    "DiagramCache",
    "diagrams",
    "draw",
    "every_page",
    "findings",
    "pages_of",
    "render",
    "sources",
]


def _templates() -> Path:
    """templates/ of a source checkout, or the copy an installed charter carries."""
    checkout = Path(__file__).resolve().parent.parent.parent / "templates"
    if (checkout / "role.md.j2").is_file():
        return checkout
    return Path(__file__).resolve().parent.parent / "_templates"


TEMPLATES = _templates()
# The site's own stylesheet and script (the "ask" filter, RACI tables), copied as they are.
ASSETS = ("charter.css", "charter.js")


def render(
    org: Org,
    problems: Sequence[Problem],
    *,
    org_dir: str,
    template_dir: Path = TEMPLATES,
    cache: DiagramCache | None = None,
) -> dict[str, bytes]:
    """Every file of the site's pages folder; ``problems`` are listed on the health page and
    ``cache`` keeps drawn diagrams between runs."""
    org_name = Path(org_dir).resolve().name or "org"
    # The whole RACI: a download, and whether the RACI page offers it as a grid.
    matrix, grid = exports.organisation_matrix(org)
    makers = page_makers(org, findings(problems, org_name), grid)
    renderer = PageRenderer(environment(template_dir), org, org_name, edit_prefix(org))
    with progress.stage("rendering pages", len(makers)) as step:
        # The pages shared among processes when there are many (charter.render.shared): the
        # rest below is made here meanwhile, and the pages are waited for at the end.
        pages = shared.start(renderer, makers, step)
        files = _assets(template_dir)
        files.update(draw(org, cache))
        files.update(_flow_downloads(org))
        files.update(_downloads(org, matrix))
        files.update(_api_documents(org))
        files.update(_schemas(org))
        files.update(pages.result())
    return dict(sorted(files.items()))


def pages_of(
    org: Org, entities: Iterable[tuple[str, str]], *, org_dir: str, template_dir: Path = TEMPLATES
) -> dict[str, bytes]:
    """The pages of ``entities`` (kind and id) alone, byte for byte as :func:`render` makes them:
    a live preview shows an edited entity's page before the rest is rendered. An external party
    has no page."""
    org_name = Path(org_dir).resolve().name or "org"
    renderer = PageRenderer(environment(template_dir), org, org_name, edit_prefix(org))
    # organisation.yaml is no entity: it has no collection, nor a page of its own.
    found = (org.collection(kind).get(entity_id) for kind, entity_id in entities if kind in ENTITY_KEYS)
    makers = [partial(entity_page, org, e) for e in found if isinstance(e, Team | Role | OutcomeBase | Person)]
    return {path: text.encode("utf-8") for path, text in (renderer.render(make()) for make in makers)}


ENTITY_KEYS = frozenset(kind.key for kind in ENTITY_KINDS)


def entity_page(org: Org, entity: Team | Role | OutcomeBase | Person) -> Page:
    """The page of one team, role, promise or person: every page (:func:`page_makers`) and the
    pages of some (:func:`pages_of`) are made by this one function."""
    if isinstance(entity, Team):
        return team_page(org, entity, views.team_roles(org, entity.id))
    if isinstance(entity, Role):
        return role_page(org, entity)
    if isinstance(entity, Person):
        return person_page(org, entity, views.roles_of_person(org, entity.id))
    return outcome_page(org, entity)


def findings(problems: Sequence[Problem], org_name: str) -> list[tuple[Problem, str]]:
    """Each problem with its file as the health page shows it: ``org/roles/agent.yaml``."""
    return [(p, f"{org_name}/{p.path}") for p in problems]


def every_page(org: Org, found: Sequence[tuple[Problem, str]], grid: bool) -> Iterator[Page]:
    """The eight organisation-wide pages and one page per team, role, promise and person.

    Each page's data is computed here, in Python, where it is typed and tested; a template only
    lays it out (it never calls the views itself)."""
    return (make() for make in page_makers(org, found, grid))


def page_makers(org: Org, found: Sequence[tuple[Problem, str]], grid: bool) -> list[Callable[[], Page]]:
    """Each page of :func:`every_page`, as a function that makes it: a process given a share of
    the pages computes only theirs."""
    roles_by_team = {team_id: views.team_roles(org, team_id) for team_id in org.teams}
    roles_by_person = {person_id: views.roles_of_person(org, person_id) for person_id in org.people}
    entities: list[Team | Role | OutcomeBase | Person] = [*org.teams.values(), *org.roles.values()]
    entities += [*org.outcomes.values(), *org.people.values()]

    @cache  # two pages show it: worked out once, by the process that makes the first
    def workloads() -> list[views.Workload]:
        return views.workloads(org)

    return [
        partial(org_pages.home_page, org, roles_by_team),
        partial(org_pages.teams_page, org, roles_by_team),
        org_pages.outcomes_page,
        partial(org_pages.people_page, roles_by_person),
        *(partial(entity_page, org, entity) for entity in entities),
        lambda: org_pages.raci_page(org, grid, workloads()),
        partial(org_pages.collaboration_page, org),
        partial(org_pages.ask_page, org),
        lambda: org_pages.health_page(org, found, workloads()),
    ]


def _assets(template_dir: Path) -> dict[str, bytes]:
    files = {paths.asset(name): (template_dir / "assets" / name).read_bytes() for name in ASSETS}
    # The inline pictures' colours, in each scheme, from the one palette the downloads use too.
    files[paths.asset("charter.css")] += (
        "\n/* Generated from charter/render/palette.py */\n" + svg.stylesheet()
    ).encode()
    return files


def _flow_downloads(org: Org) -> dict[str, bytes]:
    """Each promise's swim-lanes as files to print or share: the desktop's picture, in each
    palette (the page shows the same picture inline)."""
    files = {}
    layouts = org.facts.part(Layouts)
    for outcome in org.outcomes.values():
        picture = swimlane_desktop.picture(org, layouts.of(outcome), None)
        for palette in PALETTES:
            files[paths.diagram(f"outcome-{outcome.id}", palette.name)] = picture.standalone(palette)
    return files


def _downloads(org: Org, matrix: list[list[str]]) -> dict[str, bytes]:
    """The RACI matrices as spreadsheets (the whole organisation's and each promise's) and the
    whole model as JSON."""
    files = {
        f"{paths.DOWNLOADS}/raci.csv": exports.as_csv(matrix),
        f"{paths.DOWNLOADS}/raci.xlsx": exports.as_xlsx("RACI", matrix),
    }
    for outcome in org.outcomes.values():
        rows = exports.matrix_rows(org, [outcome])
        files[f"{paths.DOWNLOADS}/{outcome.id}.csv"] = exports.as_csv(rows)
        files[f"{paths.DOWNLOADS}/{outcome.id}.xlsx"] = exports.as_xlsx(outcome.id, rows)
    files[f"{paths.DOWNLOADS}/model.json"] = exports.model_json(org)
    return files


def _api_documents(org: Org) -> dict[str, bytes]:
    """The JSON API (README: "JSON API")."""
    return {
        path: (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
        for path, document in api.documents(org).items()
    }


def _schemas(org: Org) -> dict[str, bytes]:
    """The JSON Schemas of the organisation's files, for its RACI scheme."""
    return {
        f"{paths.DOWNLOADS}/schema/{kind}.schema.json": jsonschema.render(kind, org.scheme).encode("utf-8")
        for kind in jsonschema.KINDS
    }
