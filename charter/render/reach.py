"""Who to go to, and how to reach them: the data behind the "how to reach" box of a role, the
holders named in outcome steps, the "Who do I ask about…" answers and the organisation chart.

Staff come to the site with a question, not a role title. Wherever a role is named as the one
to go to, the page shows who holds it and how to reach them, so the answer is on the screen the
reader lands on rather than two clicks further.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from charter.model.graph import Org
from charter.render.views import ViewIndex
from charter.schema.models import Person


def team_channel(org: Org, role_id: str) -> str | None:
    """Where to reach the team a role belongs to, when the team says."""
    role = org.roles.get(role_id)
    team = org.teams.get(role.team) if role is not None else None
    return team.channel if team is not None else None


@dataclass(frozen=True)
class Subject:
    text: str
    kind: str  # owns | answers | promise


@dataclass(frozen=True)
class NotFor:
    """When not to go to a role, as another role's charter says."""

    text: str
    said_by: str  # the role whose charter says it


@dataclass(frozen=True)
class Answer:
    role: str
    holders: list[Person]
    subjects: list[Subject]
    not_for: list[NotFor]
    terms: str = ""  # the index's words for the role and their weights, for the page's filter to rank with
    named: str = ""  # the organisation's own words for what the role's charter says (stems), found though not shown


@dataclass(frozen=True)
class TeamAnswers:
    team: str
    depth: int  # 0 for a top-level team
    answers: list[Answer]


def team_children(org: Org) -> dict[str | None, list[str]]:
    """Each team's sub-teams in file order; ``None`` holds the top-level teams (a parent that is
    not a known team counts as none)."""
    children: dict[str | None, list[str]] = defaultdict(list)
    for team in org.teams.values():
        children[team.parent if team.parent in org.teams else None].append(team.id)
    return children


def team_tree(org: Org) -> list[tuple[str, int]]:
    """Every team with its depth, parents before their sub-teams. A cycle of parents (which the
    team-cycle rule reports) cannot hide a team: teams not reached from the top come last."""
    children = team_children(org)
    out: list[tuple[str, int]] = []
    seen: set[str] = set()
    stack = [(t, 0) for t in reversed(children.get(None, []))]
    while stack:
        team_id, depth = stack.pop()
        if team_id in seen:
            continue
        seen.add(team_id)
        out.append((team_id, depth))
        stack += [(c, depth + 1) for c in reversed(children.get(team_id, []))]
    out += [(t, 0) for t in org.teams if t not in seen]
    return out


def answers(org: Org) -> list[TeamAnswers]:
    """Every role with what to ask it about, grouped by team in the organisation's order, roles
    by title: what it owns alone, answers for, and the promises it is accountable for, with
    what other charters say it is *not* for."""
    from charter.ask import index as ask

    index = ask.build(org)  # the one "who do I ask" index, as charter ask and the MCP server read it
    subjects: dict[str, list[Subject]] = defaultdict(list)
    not_for: dict[str, list[NotFor]] = defaultdict(list)
    for entry in index.entries:
        if entry.kind in ("owns", "answers", "promise"):
            subjects[entry.role].append(Subject(entry.text, entry.kind))
        elif entry.kind == "not-when":
            not_for[entry.role].append(NotFor(entry.text, entry.about))
    terms = ask.all_terms(index)
    named = {role: " ".join(sorted(stems)) for role, stems in ask.named_terms(index).items()}
    by_team = org.facts.part(ViewIndex).team_roles
    groups = []
    for team_id, depth in team_tree(org):
        roles = sorted(by_team.get(team_id, []), key=lambda r: (org.roles[r].title.casefold(), r))
        found = []
        for role_id in roles:
            found.append(
                Answer(
                    role_id,
                    list(org.holders(role_id)),
                    subjects[role_id],
                    not_for.get(role_id, []),
                    terms[role_id],
                    named.get(role_id, ""),
                )
            )
        if found:
            groups.append(TeamAnswers(team_id, depth, found))
    return groups
