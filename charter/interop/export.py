"""charter export: RACI matrices (CSV, XLSX, Markdown) and teams as Backstage Groups."""

from __future__ import annotations

import json

from charter.model.graph import Org
from charter.render import exports, paths
from charter.render.views import team_roles


class ExportError(Exception):
    """The export cannot be made; the message says why."""


def _markdown(rows: list[list[str]]) -> str:
    """A Markdown table whose cells are text: a name holding HTML (``<img onerror=…>``) or
    Markdown reads as the characters typed wherever the file is shown, never as markup."""
    from charter.render.escape import md_text

    def cell(text: str) -> str:
        return md_text(text).replace("|", "\\|")

    lines = ["| " + " | ".join(cell(c) for c in rows[0]) + " |", "|" + "---|" * len(rows[0])]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows[1:]]
    return "\n".join(lines) + "\n"


def export(org: Org, what: str, *, fmt: str | None, outcome: str | None) -> bytes:
    if what == "backstage":
        if fmt not in (None, "yaml"):
            raise ExportError("backstage exports are YAML")
        return backstage(org).encode("utf-8")
    if outcome is not None and outcome not in org.outcomes:
        from charter.core.suggest import hint_for

        hint = hint_for(outcome, org.outcomes)
        raise ExportError(f"no outcome '{outcome}'" + (f"; {hint}" if hint else ""))
    rows = exports.matrix_rows(org, [org.outcomes[outcome]]) if outcome else exports.organisation_matrix(org)[0]
    fmt = fmt or "csv"
    if fmt == "csv":
        return exports.as_csv(rows)
    if fmt == "xlsx":
        return exports.as_xlsx(outcome or "RACI", rows)
    if fmt == "md":
        return _markdown(rows).encode("utf-8")
    raise ExportError(f"raci exports are csv, xlsx or md, not {fmt}")


def backstage(org: Org) -> str:
    """A Group entity per team, linking to its charter page when the site's address is known."""
    base = str(org.settings.site.url).rstrip("/") + "/" if org.settings.site.url else None
    children: dict[str, list[str]] = {}
    for team in org.teams.values():
        if team.parent in org.teams:
            children.setdefault(team.parent, []).append(team.id)
    documents = []
    for team in org.teams.values():
        spec: dict[str, object] = {
            "type": "team",
            "profile": {"displayName": team.name},
            "children": children.get(team.id, []),
        }
        if team.parent in org.teams:
            spec["parent"] = team.parent
        metadata: dict[str, object] = {"name": team.id, "title": team.name}
        if team.purpose:
            metadata["description"] = team.purpose
        if base is not None:
            page = paths.team(team.id).removesuffix("index.md")
            metadata["links"] = [{"url": base + page, "title": "Charter", "icon": "docs"}]
        metadata["annotations"] = {"charter/roles": str(len(team_roles(org, team.id)))}
        document = {"apiVersion": "backstage.io/v1alpha1", "kind": "Group", "metadata": metadata, "spec": spec}
        documents.append(json.dumps(document, ensure_ascii=False, indent=2))
    # JSON is YAML: each document is valid as it is, and exact for any name.
    return "".join(f"---\n{doc}\n" for doc in documents)
