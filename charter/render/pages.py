"""Markdown pages through Jinja2 templates: one template per page kind, escaped by default.

:class:`PageRenderer` turns a :class:`~charter.render.page_data.Page` into Markdown: its
template receives the fields of the page's data and what every page gets (front matter, the
"generated from" comment, the model, links relative to the page, the RACI scheme).

Every ``{{ … }}`` in a template is escaped for Markdown unless it is :class:`Md` — text that a
helper here already made safe (a link whose label was escaped and whose target was checked).
A template that forgets a filter therefore shows markup literally instead of running it.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from charter.core.words import count
from charter.model.graph import Org
from charter.render import paths
from charter.render.escape import md, one_line, safe_url, url_in_md
from charter.render.page_data import Page, Search
from charter.render.swimlane_text import step_anchor
from charter.schema.models import Person


class Md(str):
    """Markdown that is safe to emit as it is."""


def _finalize(value: object) -> str:
    if isinstance(value, Md):
        return value
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return md(str(value))


def environment(template_dir: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(template_dir)),
        undefined=StrictUndefined,
        autoescape=False,
        finalize=_finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = lambda value: Md(md(str(value)))
    env.filters["html"] = lambda value: Md(html.escape(one_line(str(value)), quote=True))  # for raw HTML
    env.filters["code"] = code
    # The ask index's "stem:weight" words, as they are in an attribute: only letters, digits,
    # '&' ("r&d", escaped), ':', '.' and spaces can be in them, and nothing else is let through.
    env.filters["terms"] = lambda value: (
        Md(html.escape(str(value), quote=True)) if re.fullmatch(r"[\w.:& ]*", str(value)) else Md("")
    )
    env.globals["indent"] = lambda depth: Md("    " * depth)  # a nested Markdown list item
    env.filters["plural"] = count
    # A step's id as the anchor of its text (ids are lower-case letters, digits and dashes).
    env.filters["step_anchor"] = lambda value: Md(step_anchor(value)) if re.fullmatch(r"[a-z0-9-]+", value) else Md("")
    return env


def code(value: object) -> Md:
    """Inline code: fenced with more backticks than the text contains, never escaped inside."""
    text = " ".join(str(value).split())
    run = 1
    while "`" * run in text:
        run += 1
    fence = "`" * run
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Md(f"{fence}{pad}{text}{pad}{fence}")


@dataclass(frozen=True)
class Links:
    """Links from one page (``here``) to the others, with escaped labels."""

    org: Org
    here: str
    repository_edit: str | None  # URL prefix that opens an org file for editing

    def to(self, target: str, label: str) -> Md:
        return Md(f"[{md(label)}]({url_in_md(paths.relative(self.here, target))})")

    def href(self, target: str) -> Md:
        return Md(url_in_md(paths.relative(self.here, target)))

    def raw(self, target: str) -> Md:
        """A relative path for HTML attributes and images (no angle brackets)."""
        return Md(paths.relative(self.here, target).replace(" ", "%20"))

    def address(self, target: str, anchor: str = "") -> Md:
        """A page's address from this one as the built site has it (``teams/sales/``), escaped
        for an HTML attribute: for raw HTML, whose links MkDocs leaves as they are."""
        found = paths.url(self.here, target) + (f"#{anchor}" if anchor else "")
        return Md(html.escape(found.replace(" ", "%20"), quote=True))

    def team_address(self, team_id: str, anchor: str = "") -> Md:
        return self.address(paths.team(team_id), anchor)

    def role(self, role_id: str) -> Md:
        role = self.org.roles.get(role_id)
        if role is None:
            return Md(md(role_id))
        return self.to(paths.role(self.org, role_id), role.title)

    def team(self, team_id: str) -> Md:
        team = self.org.teams.get(team_id)
        return self.to(paths.team(team_id), team.name) if team is not None else Md(md(team_id))

    def outcome(self, outcome_id: str) -> Md:
        outcome = self.org.outcomes.get(outcome_id)
        return self.to(paths.outcome(outcome_id), outcome.name) if outcome is not None else Md(md(outcome_id))

    def person(self, person_id: str) -> Md:
        person = self.org.people.get(person_id)
        return self.to(paths.person(person_id), person.name) if person is not None else Md(md(person_id))

    def actor(self, actor_id: str) -> Md:
        """A role's link, or an external party's name and kind."""
        if actor_id in self.org.roles:
            return self.role(actor_id)
        external = self.org.externals.get(actor_id)
        if external is None:
            return Md(md(actor_id))
        return Md(f"{md(external.name)} *({md(external.kind)})*")

    def staffed(self, actor_id: str, shown: int = 3) -> Md:
        """An actor's link and, for a role, who holds it (the first few, linked to their pages,
        where their contact details are): the name to ask for, not only the job title."""
        people = [p.id for p in self.org.holders(actor_id)]
        if not people:
            return self.actor(actor_id)
        names = ", ".join(self.person(p) for p in people[:shown])
        more = f" and {len(people) - shown} more" if len(people) > shown else ""
        return Md(f"{self.actor(actor_id)} ({names}{more})")

    def url(self, url: str | None, label: str) -> Md:
        safe = safe_url(url) if url else None
        return Md(f"[{md(label)}]({url_in_md(safe)})") if safe else Md(md(label))

    def email(self, address: str) -> Md:
        return self.url(f"mailto:{address}", address) if "@" in address and " " not in address else Md(md(address))

    def contact(self, person: Person) -> Md:
        """A person's name (to their page) and every way to reach them, on one line."""
        parts = [self.person(person.id)]
        if person.email:
            parts.append(self.email(person.email))
        parts += [Md(md(value)) for value in (person.chat, person.location) if value]
        return Md(" · ".join(parts))

    def edit(self, rel: str) -> Md | None:
        """A link that opens an organisation file for editing, when the repository is known."""
        if self.repository_edit is None:
            return None
        return self.url(self.repository_edit + rel, "Edit this charter")


def front_matter(
    title: str,
    source: str | None,
    edit_url: str | None = None,
    search: Search | None = None,
    hide: tuple[str, ...] = (),
) -> Md:
    # MkDocs puts a page's title into the navigation and <title> without escaping it.
    lines = ["---", f"title: {json.dumps(html.escape(one_line(title)), ensure_ascii=False)}"]
    if source is not None:
        lines.append(f"charter_source: {json.dumps(source, ensure_ascii=False)}")
    if edit_url is not None:
        # The theme's "edit" button opens this (templates/theme/partials/actions.html).
        lines.append(f"charter_edit_url: {json.dumps(edit_url, ensure_ascii=False)}")
    if search is not None:
        lines.append(f"search: {json.dumps(search, sort_keys=True)}")  # JSON is YAML's flow style
    if hide:
        lines.append(f"hide: {json.dumps(list(hide))}")
    lines.append("---")
    return Md("\n".join(lines) + "\n")


def header(source: str) -> Md:
    """A comment telling whoever opens a generated page where its content comes from."""
    safe = source.replace("--", "- -")
    return Md(f"<!-- generated by charter from {safe}: edit that instead, not this page -->\n")


@dataclass(frozen=True)
class PageRenderer:
    env: Environment
    org: Org
    org_name: str  # the org folder's name, for "generated from org/…"
    repository_edit: str | None
    rendered: Callable[[int], None] = field(default=lambda n: None)  # counts pages, for progress

    def render(self, page: Page) -> tuple[str, str]:
        """``(path, Markdown)`` of one page."""
        links = Links(self.org, page.here, self.repository_edit)
        source = page.source
        origin = f"{self.org_name}/{source}" if source else f"the files in {self.org_name}/"
        # The page's own variables, by field: shallow, so the template gets the model's objects
        # themselves (dataclasses.asdict would copy them into dicts).
        own: dict[str, object] = {f.name: getattr(page.data, f.name) for f in fields(page.data)}
        text = self.env.get_template(page.data.TEMPLATE).render(
            front=front_matter(
                page.title,
                source and f"{self.org_name}/{source}",
                safe_url(self.repository_edit + source) if self.repository_edit and source else None,
                page.data.SEARCH,
                page.hide,
            ),
            header=header(origin),
            org=self.org,
            link=links,
            scheme=self.org.scheme,
            org_name=self.org_name,
            **own,
        )
        self.rendered(1)
        return page.here, text


def edit_prefix(org: Org) -> str | None:
    site = org.settings.site
    if site.repository is None or site.edit_uri is None:
        return None
    base = str(site.repository).rstrip("/") + "/"
    return base + site.edit_uri.strip("/") + "/"
