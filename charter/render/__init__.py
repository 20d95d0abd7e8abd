"""Stage four: the validated model → every page, diagram and download, as ``{path: bytes}``.

Nothing here writes to disk; :mod:`charter.publish.output` does, atomically. DOT sources are
built by pure functions and drawn by Graphviz in parallel (each ``dot`` is its own process).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from charter.core import progress
from charter.core.problem import Problem
from charter.model.graph import Org
from charter.render import api, collabmap, exports, paths, reach, views
from charter.render.drawing import Diagram, DiagramCache, diagrams, draw, sources
from charter.render.pages import PageRenderer, Search, edit_prefix, environment
from charter.schema import jsonschema
from charter.schema.models import outcome_steps


def _templates() -> Path:
    """templates/ of a source checkout, or the copy an installed charter carries."""
    checkout = Path(__file__).resolve().parent.parent.parent / "templates"
    if (checkout / "role.md.j2").is_file():
        return checkout
    return Path(__file__).resolve().parent.parent / "_templates"


__all__ = ["ASSETS", "TEMPLATES", "Diagram", "DiagramCache", "diagrams", "draw", "render", "sources"]

TEMPLATES = _templates()
# The site's own stylesheet and script (the "ask" filter, RACI tables), copied as they are.
ASSETS = ("charter.css", "charter.js")

# What the site's search ranks: staff search for a subject or a name and should land on the role
# or the person, with how to reach them on screen. Pages that repeat every role's text in one
# wall (the ask index, the whole RACI, health, the map, the people list) are left out, so they
# never outrank the page they summarise; the "ask" page has its own filter.
FIND_FIRST: Search = {"boost": 4}
FIND_SECOND: Search = {"boost": 2}
UNSEARCHED: Search = {"exclude": True}


def render(
    org: Org,
    problems: Sequence[Problem],
    *,
    org_dir: str,
    template_dir: Path = TEMPLATES,
    cache: DiagramCache | None = None,
) -> dict[str, bytes]:
    org_name = Path(org_dir).resolve().name or "org"
    findings = [(p, f"{org_name}/{p.path.removeprefix(org_dir.rstrip('/') + '/')}") for p in problems]
    # One page per team, role, outcome and person, and the eight organisation-wide pages.
    total = len(org.teams) + len(org.roles) + len(org.outcomes) + len(org.people) + 8
    with progress.stage("rendering pages", total) as step:
        renderer = PageRenderer(environment(template_dir), org, org_name, edit_prefix(org), step)
        # Each template receives the view data of its own page, computed here, never the views
        # module: what a page shows is decided in Python, where it is typed and tested.
        roles_by_team = {team_id: views.team_roles(org, team_id) for team_id in org.teams}
        roles_by_person = {person_id: views.roles_of_person(org, person_id) for person_id in org.people}
        workloads = views.workloads(org)
        pages: list[tuple[str, str]] = []
        pages.append(
            renderer.render(
                "home.md.j2", paths.HOME, org.settings.name, "organisation.yaml", roles_by_team=roles_by_team
            )
        )
        pages.append(
            renderer.render(
                "teams.md.j2", paths.TEAMS, "Teams", None, roles_by_team=roles_by_team, tree=reach.team_tree(org)
            )
        )
        pages.append(renderer.render("outcomes.md.j2", paths.OUTCOMES, "Promises to customers", None))
        pages.append(
            renderer.render(
                "people.md.j2", paths.PEOPLE, "People", None, search=UNSEARCHED, roles_by_person=roles_by_person
            )
        )
        for team in org.teams.values():
            pages.append(
                renderer.render(
                    "team.md.j2",
                    paths.team(team.id),
                    team.name,
                    org.source("team", team.id).rel,
                    team=team,
                    roles=roles_by_team[team.id],
                    interfaces=views.team_interfaces(org, team.id),
                )
            )
        for role in org.roles.values():
            pages.append(
                renderer.render(
                    "role.md.j2",
                    paths.role(org, role.id),
                    role.title,
                    org.source("role", role.id).rel,
                    search=FIND_FIRST,
                    role=role,
                    holders=reach.holders(org, role.id),
                    channel=reach.team_channel(org, role.id),
                    people=views.contacts(org, role.id),
                    held=views.holdings_by_letter(org, role.id),
                    led=views.led_by(org, role.id),
                )
            )
        for outcome in org.outcomes.values():
            pages.append(
                renderer.render(
                    "outcome.md.j2",
                    paths.outcome(outcome.id),
                    outcome.name,
                    org.source("outcome", outcome.id).rel,
                    outcome=outcome,
                    steps=outcome_steps(outcome),
                    handoffs=views.handoffs(org, outcome),
                    touch=views.touchpoints(outcome),
                    rows=views.matrix(org, outcome),
                )
            )
        for person in org.people.values():
            pages.append(
                renderer.render(
                    "person.md.j2",
                    paths.person(person.id),
                    person.name,
                    org.source("person", person.id).rel,
                    search=FIND_SECOND,
                    person=person,
                    roles=roles_by_person[person.id],
                )
            )
        whole, grid = exports.organisation_matrix(org)
        tables = [(outcome, views.matrix(org, outcome)) for outcome in org.outcomes.values()]
        pages.append(
            renderer.render(
                "raci.md.j2",
                paths.RACI,
                "RACI matrix",
                None,
                search=UNSEARCHED,
                grid=grid,
                tables=tables,
                workloads=workloads,
            )
        )
        pages.append(
            renderer.render(
                "collaboration.md.j2",
                paths.MAP,
                "Collaboration map",
                None,
                search=UNSEARCHED,
                whole_map=collabmap.draws_whole_map(org),
                partners=collabmap.partners(org),
            )
        )
        pages.append(
            renderer.render(
                "ask.md.j2", paths.ASK, "Who do I ask about…", None, search=UNSEARCHED, groups=reach.answers(org)
            )
        )
        pages.append(
            renderer.render(
                "health.md.j2",
                paths.HEALTH,
                "Health",
                None,
                search=UNSEARCHED,
                findings=findings,
                due=views.reviews(org),
                workloads=workloads,
            )
        )

    files: dict[str, bytes] = {path: text.encode("utf-8") for path, text in pages}
    files.update({paths.asset(name): (template_dir / "assets" / name).read_bytes() for name in ASSETS})
    files.update(draw(org, cache))
    files[f"{paths.DOWNLOADS}/raci.csv"] = exports.as_csv(whole)
    files[f"{paths.DOWNLOADS}/raci.xlsx"] = exports.as_xlsx("RACI", whole)
    for outcome in org.outcomes.values():
        rows = exports.matrix_rows(org, [outcome])
        files[f"{paths.DOWNLOADS}/{outcome.id}.csv"] = exports.as_csv(rows)
        files[f"{paths.DOWNLOADS}/{outcome.id}.xlsx"] = exports.as_xlsx(outcome.id, rows)
    files[f"{paths.DOWNLOADS}/model.json"] = exports.model_json(org)
    for path, document in api.documents(org).items():  # the JSON API (README: "JSON API")
        files[path] = (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
    for kind in jsonschema.KINDS:
        files[f"{paths.DOWNLOADS}/schema/{kind}.schema.json"] = jsonschema.render(kind, org.scheme).encode("utf-8")
    return dict(sorted(files.items()))
