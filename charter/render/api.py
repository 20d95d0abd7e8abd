"""The charter as JSON documents, one per role, person, team and outcome, and an index of them.

One shape for every face that is not a page: the site's ``api/`` folder (for a chat bot or a
Backstage plugin to read without parsing HTML), and the MCP server's tools. Each document has
``version`` (bumped only when a field changes meaning; fields are only ever added), ``kind``,
``page`` (the entity's page, relative to the site's root) and ``text``: what a person reads.
"""

from __future__ import annotations

from typing import Any

from charter.model.graph import Org
from charter.render import paths, views
from charter.schema.models import outcome_steps

VERSION = 1


def _page(path: str) -> str:
    """A page's address from the site's root: teams/x/index.md → teams/x/, outcomes/y.md → outcomes/y/."""
    return path.removesuffix("index.md").removesuffix(".md").rstrip("/") + "/"


def contact(org: Org, person_id: str) -> dict[str, Any]:
    p = org.people[person_id]
    return {"id": p.id, "name": p.name, "email": p.email or "", "chat": p.chat or "", "location": p.location or ""}


def holders(org: Org, role_id: str) -> list[dict[str, Any]]:
    return [contact(org, p.id) for p in org.holders(role_id)]


def actor(org: Org, actor_id: str) -> dict[str, Any]:
    """A role (with its people) or an external party, as a step or a collaboration names it."""
    if actor_id in org.roles:
        role = org.roles[actor_id]
        return {"id": actor_id, "kind": "role", "title": role.title, "holders": holders(org, actor_id)}
    if actor_id in org.externals:
        return {"id": actor_id, "kind": "external", "title": org.externals[actor_id].name, "holders": []}
    return {"id": actor_id, "kind": "unknown", "title": actor_id, "holders": []}


def reach_text(people: list[dict[str, Any]]) -> str:
    """How to reach the people holding a role, in one line ("nobody holds it now" when none)."""
    if not people:
        return "nobody holds it now"
    return "; ".join(p["name"] + "".join(f", {x}" for x in (p["email"], p["chat"]) if x) for p in people)


def role(org: Org, role_id: str) -> dict[str, Any]:
    r = org.roles[role_id]
    team = org.teams.get(r.team)
    # The steps where it holds a letter, from the holdings the pages list (one walk of every step
    # for all roles, not one for each): in the outcomes' and steps' order, letters in the scheme's.
    steps: list[dict[str, Any]] = []
    for holding in views.holdings(org, role_id):
        if steps and steps[-1]["step"] == holding.step.id and steps[-1]["outcome"] == holding.outcome.id:
            if holding.letter.key not in steps[-1]["letters"]:
                steps[-1]["letters"].append(holding.letter.key)
            continue
        steps.append(
            {
                "outcome": holding.outcome.id,
                "outcome_name": holding.outcome.name,
                "step": holding.step.id,
                "step_name": holding.step.name,
                "letters": [holding.letter.key],
            }
        )
    doc: dict[str, Any] = {
        "version": VERSION,
        "kind": "role",
        "id": r.id,
        "title": r.title,
        "team": {
            "id": r.team,
            "name": team.name if team else r.team,
            "channel": (team.channel if team else None) or "",
        },
        "purpose": r.purpose or "",
        "owns": list(r.owns),
        "accountabilities": list(r.accountabilities),
        "holders": holders(org, role_id),
        "escalates_to": r.escalates_to or "",
        "collaborators": [
            {
                "role": c.role,
                "title": actor(org, c.role)["title"],
                "on": c.on,
                "when": c.when or "",
                "not_when": c.not_when or "",
                "channel": c.channel or "",
            }
            for c in r.collaborators
        ],
        "accountable_for": [o.id for o in views.led_by(org, role_id)],
        "steps": steps,
        "page": _page(paths.role(org, role_id)),
    }
    lines = [f"{r.title} ({doc['team']['name']}): {reach_text(doc['holders'])}."]
    if r.purpose:
        lines.append(r.purpose)
    lines += [f"Owns: {t}" for t in r.owns] + [f"Answers for: {t}" for t in r.accountabilities]
    for c in doc["collaborators"]:
        when = f" when {c['when']}" if c["when"] else ""
        lines.append(
            f"Works with {c['title']} on {c['on']}{when}" + (f"; not when {c['not_when']}" if c["not_when"] else "")
        )
    doc["text"] = "\n".join(lines)
    return doc


def person(org: Org, person_id: str) -> dict[str, Any]:
    doc = {"version": VERSION, "kind": "person", **contact(org, person_id)}
    held = org.facts.roles_held(person_id)
    doc["roles"] = [{"id": r.id, "title": r.title, "team": r.team} for r in held]
    doc["page"] = _page(paths.person(person_id))
    reach = ", ".join(x for x in (doc["email"], doc["chat"], doc["location"]) if x)
    titles = ", ".join(r.title for r in held) or "no role"
    doc["text"] = f"{doc['name']}" + (f" ({reach})" if reach else "") + f" holds: {titles}."
    return doc


def team(org: Org, team_id: str) -> dict[str, Any]:
    t = org.teams[team_id]
    roles = [r for r in org.roles.values() if r.team == team_id]
    doc: dict[str, Any] = {
        "version": VERSION,
        "kind": "team",
        "id": t.id,
        "name": t.name,
        "purpose": t.purpose or "",
        "channel": t.channel or "",
        "lead": actor(org, t.lead) if t.lead else None,
        "parent": t.parent or "",
        "children": [c.id for c in org.teams.values() if c.parent == team_id],
        "roles": [{"id": r.id, "title": r.title, "holders": holders(org, r.id)} for r in roles],
        "page": _page(paths.team(team_id)),
    }
    lead = f" Led by {doc['lead']['title']} ({reach_text(doc['lead']['holders'])})." if doc["lead"] else ""
    where = f" Channel: {t.channel}." if t.channel else ""
    doc["text"] = f"{t.name}: {t.purpose or ''}{lead}{where} Roles: {', '.join(r.title for r in roles) or 'none'}."
    return doc


def outcome(org: Org, outcome_id: str) -> dict[str, Any]:
    o = org.outcomes[outcome_id]
    steps: list[dict[str, Any]] = []
    for step in outcome_steps(o):
        letters = org.letters(step)
        steps.append(
            {
                "id": step.id,
                "name": step.name,
                "letters": {key: [actor(org, a) for a in ids] for key, ids in letters.items() if ids},
                "next": list(step.next),
                "hands_off_to": org.facts.hands_off_to(o, step),
                "touchpoint": bool(step.touchpoint),
                "channel": step.channel or "",
                "within": step.within or "",
            }
        )
    doc: dict[str, Any] = {
        "version": VERSION,
        "kind": "outcome",
        "id": o.id,
        "name": o.name,
        "promise": o.promise or "",
        "measure": {"metric": o.measure.metric, "target": o.measure.target or ""} if o.measure else None,
        "accountable": actor(org, o.accountable) if o.accountable else None,
        "steps": steps,
        "page": _page(paths.outcome(outcome_id)),
    }
    labels = {letter.key: letter.label for letter in org.scheme.letters}
    lines = [f"{o.name}: {o.promise or ''}"]
    if doc["accountable"]:
        lines.append(f"Accountable: {doc['accountable']['title']} ({reach_text(doc['accountable']['holders'])}).")
    for number, s in enumerate(steps, start=1):
        who = "; ".join(f"{labels.get(k, k)}: {', '.join(a['title'] for a in v)}" for k, v in s["letters"].items())
        lines.append(f"{number}. {s['name']} — {who}" + (" (hands off)" if s["hands_off_to"] else ""))
    doc["text"] = "\n".join(lines)
    return doc


def index(org: Org) -> dict[str, Any]:
    """Every entity with its id, name and where its document and page are."""
    return {
        "version": VERSION,
        "kind": "index",
        "organisation": org.settings.name,
        "roles": [
            {
                "id": r.id,
                "title": r.title,
                "team": r.team,
                "api": f"api/roles/{r.id}.json",
                "page": _page(paths.role(org, r.id)),
            }
            for r in org.roles.values()
        ],
        "people": [
            {"id": p.id, "name": p.name, "api": f"api/people/{p.id}.json", "page": _page(paths.person(p.id))}
            for p in org.people.values()
        ],
        "teams": [
            {"id": t.id, "name": t.name, "api": f"api/teams/{t.id}.json", "page": _page(paths.team(t.id))}
            for t in org.teams.values()
        ],
        "outcomes": [
            {"id": o.id, "name": o.name, "api": f"api/outcomes/{o.id}.json", "page": _page(paths.outcome(o.id))}
            for o in org.outcomes.values()
        ],
    }


def documents(org: Org) -> dict[str, dict[str, Any]]:
    """The site's api/ folder: path → document."""
    docs: dict[str, dict[str, Any]] = {"api/index.json": index(org)}
    docs.update({f"api/roles/{r}.json": role(org, r) for r in org.roles})
    docs.update({f"api/people/{p}.json": person(org, p) for p in org.people})
    docs.update({f"api/teams/{t}.json": team(org, t) for t in org.teams})
    docs.update({f"api/outcomes/{o}.json": outcome(org, o) for o in org.outcomes})
    return docs
