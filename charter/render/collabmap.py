"""Collaboration maps: who works with whom, weighted by hand-offs and declared collaborations.

The organisation's map has a node per team; a team's map has a node per role of the team and
per role or external party they work with. An edge's weight is the number of hand-offs between
the two (a ``next`` link from a step one performs to a step the other performs) plus the number
of collaborations they declared; its width grows with the weight.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from charter.model.flow import flow
from charter.model.graph import Org
from charter.render.escape import dot, dot_lines, wrap
from charter.render.palette import Palette

Weights = Counter[tuple[str, str]]
# Beyond this many teams, one picture of all of them is a tangle of crossing arrows: the
# collaboration page lists each team's partners instead, and each team's page keeps its own map.
WHOLE_MAP_TEAMS = 12


def weights(org: Org, group: Callable[[str], str | None]) -> Weights:
    """Edge weights between groups of actors (a team, or the actor itself)."""
    counts: Weights = Counter()
    for outcome in org.outcomes.values():
        for a, b in flow(outcome).links():
            for x in org.performers(a):
                for y in org.performers(b):
                    gx, gy = group(x), group(y)
                    if gx is not None and gy is not None and gx != gy:
                        counts[(gx, gy)] += 1
    for role in org.roles.values():
        for c in role.collaborators:
            gx, gy = group(role.id), group(c.role)
            if gx is not None and gy is not None and gx != gy:
                counts[(gx, gy)] += 1
    return counts


def team_weights(org: Org) -> Weights:
    return weights(org, org.team_of)


def _by_team(org: Org) -> dict[str, Weights]:
    """Actor-to-actor weights, split by the team(s) each pair touches (computed once)."""
    every = weights(org, lambda actor: actor if org.is_actor(actor) else None)
    split: dict[str, Weights] = {}
    for (a, b), n in every.items():
        for team in {org.team_of(a), org.team_of(b)} - {None}:
            assert team is not None
            split.setdefault(team, Weights())[(a, b)] = n
    return split


def _graph(title: str, palette: Palette, engine_hint: str) -> list[str]:
    p = palette
    return [
        f'digraph "{dot(title)}" {{',
        f'  graph [bgcolor="{p.background}", pad="0.2", {engine_hint}, label="{dot(title)}", labelloc="t", '
        f'fontname="{p.font}", fontsize="16", fontcolor="{p.text}"];',
        f'  node [shape="box", style="rounded,filled", fillcolor="{p.node_fill}", color="{p.node_border}", '
        f'fontname="{p.font}", fontsize="12", fontcolor="{p.text}", margin="0.15,0.08"];',
        f'  edge [color="{p.handoff}", fontname="{p.font}", fontsize="10", fontcolor="{p.muted}", arrowsize="0.7"];',
    ]


def _edges(counts: Weights, out: list[str], prefix: str) -> None:
    """One line per pair, arrowheads showing which way the work goes, labelled with the total."""
    pairs = sorted({(min(a, b), max(a, b)) for a, b in counts})
    for a, b in pairs:
        forward, back = counts.get((a, b), 0), counts.get((b, a), 0)
        n = forward + back
        direction = "both" if forward and back else ("forward" if forward else "back")
        width = min(1.0 + n * 0.5, 6.0)
        out.append(
            f'  "{prefix}{dot(a)}" -> "{prefix}{dot(b)}" [dir="{direction}", penwidth="{width:.1f}", '
            f'label="{n}", weight="{n}"];'
        )


def draws_whole_map(org: Org) -> bool:
    return len(org.teams) <= WHOLE_MAP_TEAMS


def partners(org: Org) -> list[tuple[str, list[tuple[str, int]]]]:
    """Each team with the teams it works with, most hand-offs and collaborations first (both
    directions counted), in the organisation's team order."""
    totals: dict[str, Counter[str]] = {team_id: Counter() for team_id in org.teams}
    for (a, b), n in team_weights(org).items():
        if a in totals and b in totals:
            totals[a][b] += n
            totals[b][a] += n
    return [(t, sorted(c.items(), key=lambda item: (-item[1], item[0]))) for t, c in totals.items()]


def organisation_map(org: Org, palette: Palette) -> str:
    counts = team_weights(org)
    out = _graph(f"How {org.settings.name}'s teams work together", palette, 'layout="circo", mindist="1.4"')
    for team in org.teams.values():
        out.append(
            f'  "team:{dot(team.id)}" [label="{dot_lines(wrap(team.name, 20, 2))}", tooltip="{dot(team.name)}"];'
        )
    _edges(counts, out, "team:")
    out.append("}")
    return "\n".join(out) + "\n"


class TeamWeights:
    """For each team, the weighted links that touch it: one pass over the model for every map."""

    def __init__(self, org: Org) -> None:
        self.by_team: dict[str, Weights] = _by_team(org)


def team_map(org: Org, team_id: str, palette: Palette) -> str:
    """The team's roles and everyone they hand work to or collaborate with."""
    mine = {r for r, role in org.roles.items() if role.team == team_id}
    counts = org.facts.part(TeamWeights).by_team
    touching = counts.get(team_id, Weights())
    actors = sorted({a for pair in touching for a in pair} | mine)
    team = org.teams[team_id]
    out = _graph(
        f"Who {team.name} works with",
        palette,
        'layout="neato", overlap="prism", sep="+14", splines="true", mode="major"',
    )
    p = palette
    for actor in actors:
        if actor in org.roles:
            role = org.roles[actor]
            other = org.teams.get(role.team)
            lines = wrap(role.title, 22, 2) + ([] if actor in mine else wrap(other.name if other else role.team, 22, 1))
            style = "" if actor in mine else f', fillcolor="{p.background}", style="rounded,dashed"'
        else:
            external = org.externals[actor]
            lines = [*wrap(external.name, 22, 2), external.kind]
            style = f', fillcolor="{p.lane_customer}"'
        out.append(f'  "actor:{dot(actor)}" [label="{dot_lines(lines)}"{style}];')
    _edges(touching, out, "actor:")
    out.append("}")
    return "\n".join(out) + "\n"
