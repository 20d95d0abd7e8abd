"""Where each generated page lives, and relative links between them.

Roles live inside their team's folder (``teams/customer-service/service-desk-agent.md``), so
the site's navigation groups them by team with the team page as the section's index.
"""

from __future__ import annotations

import posixpath

from charter.model.graph import Org

HOME = "index.md"
TEAMS = "teams/index.md"
OUTCOMES = "outcomes/index.md"
PEOPLE = "people/index.md"
RACI = "organisation/raci.md"
MAP = "organisation/collaboration.md"
ASK = "organisation/ask.md"
HEALTH = "organisation/health.md"
DOWNLOADS = "downloads"
ASSETS = "assets/charter"


def team(team_id: str) -> str:
    return f"teams/{team_id}/index.md"


def role(org: Org, role_id: str) -> str:
    return f"teams/{org.roles[role_id].team}/{role_id}.md"


def outcome(outcome_id: str) -> str:
    return f"outcomes/{outcome_id}.md"


def person(person_id: str) -> str:
    return f"people/{person_id}.md"


def asset(name: str) -> str:
    return f"{ASSETS}/{name}"


def diagram(stem: str, scheme: str) -> str:
    return f"diagrams/{stem}.{scheme}.svg"


def page_url(page: str) -> str:
    """Where a page is served, from the site's root (MkDocs' directory URLs, which charter
    always uses): ``teams/it/index.md`` at ``teams/it/``, ``outcomes/x.md`` at ``outcomes/x/``."""
    stem = page.removesuffix(".md")
    stem = stem.removesuffix("index") if stem == "index" or stem.endswith("/index") else stem + "/"
    return stem


def url(here: str, target: str) -> str:
    """A link from page ``here`` to page ``target`` for raw HTML, which MkDocs leaves as written
    (it rewrites only Markdown's own links): ``../../teams/it/engineer/``."""
    return relative(page_url(here) + "index.html", page_url(target))


def relative(here: str, target: str) -> str:
    """The link from page ``here`` to file ``target`` (both relative to the site root).

    Both are normalised paths inside the site (no ``.`` or ``..`` parts), so the common folders
    are dropped and one ``..`` is written per folder left in ``here``: the result of
    ``posixpath.relpath``, without its two ``abspath`` calls (a site at 5,000 roles makes
    hundreds of thousands of links)."""
    base = posixpath.dirname(here).split("/") if "/" in here else []
    parts = target.split("/")
    common = 0
    while common < len(base) and common < len(parts) and base[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:]) or "."
