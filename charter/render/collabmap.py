"""Who works with whom between teams: the counts, the order the collaboration matrix lists the
teams in, and each team's picture of its partners.

Two things link one team to another:

* a **hand-off** (the model's one definition, ``org.facts.handoffs``: a ``next`` link between
  two steps whose performing roles differ) goes from team A to team B when A performs the step
  before and not the step after, and B performs the step after. A hand-off between two roles
  of one team is not one between teams;
* a **declared collaboration** goes from A to B when one of A's roles names one of B's roles
  among its ``collaborators``.

The matrix lists the teams so that teams that work together sit together (reverse
Cuthill–McKee per connected group of teams, ties broken by the organisation's team order), which
keeps its non-empty cells near the diagonal instead of scattered over a 250 × 250 grid.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from charter.core.words import count
from charter.model.graph import Org
from charter.render.escape import dot, dot_lines, wrap
from charter.render.palette import Palette
from charter.schema.models import StepBase

Pair = tuple[str, str]
# A team's picture names at most this many partners on each side, then "and N more".
SIDE = 8


def team_handoffs(org: Org, before: StepBase, after: StepBase) -> list[Pair]:
    """The (from team, to team) pairs of one hand-off (see the module's docstring)."""
    teams_before = {t for x in org.performers(before) if (t := org.team_of(x)) is not None}
    teams_after = {t for x in org.performers(after) if (t := org.team_of(x)) is not None}
    return [(a, b) for a in sorted(teams_before - teams_after) for b in sorted(teams_after)]


class TeamLinks:
    """Hand-offs and declared collaborations between teams, by (from, to): computed once per
    model (``org.facts.part(TeamLinks)``)."""

    def __init__(self, org: Org) -> None:
        self.handoffs: Counter[Pair] = Counter()
        self.declared: Counter[Pair] = Counter()
        for outcome in org.outcomes.values():
            for before, after in org.facts.handoffs(outcome):
                for pair in team_handoffs(org, before, after):
                    if pair[0] in org.teams and pair[1] in org.teams:
                        self.handoffs[pair] += 1
        for role in org.roles.values():
            for c in role.collaborators:
                other = org.team_of(c.role)
                if other is not None and other != role.team and role.team in org.teams and other in org.teams:
                    self.declared[(role.team, other)] += 1
        # Both directions and both kinds together: how strongly two teams are tied.
        self.weight: dict[str, Counter[str]] = {t: Counter() for t in org.teams}
        for counter in (self.handoffs, self.declared):
            for (a, b), n in counter.items():
                self.weight[a][b] += n
                self.weight[b][a] += n


def partners(org: Org) -> list[tuple[str, list[tuple[str, int]]]]:
    """Each team with the teams it works with, most hand-offs and collaborations first (both
    directions counted), in the organisation's team order."""
    weight = org.facts.part(TeamLinks).weight
    return [(t, sorted(weight[t].items(), key=lambda item: (-item[1], item[0]))) for t in org.teams]


# --- the matrix's order ----------------------------------------------------------------------------


def _component(start: str, weight: dict[str, Counter[str]]) -> set[str]:
    seen = {start}
    todo = [start]
    while todo:
        for other in weight[todo.pop()]:
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


def _levels(start: str, weight: dict[str, Counter[str]], key: dict[str, tuple[int, int]]) -> list[list[str]]:
    """Breadth-first levels from ``start``, each level in ``key`` order."""
    seen = {start}
    levels = [[start]]
    while True:
        following = sorted({o for t in levels[-1] for o in weight[t] if o not in seen}, key=key.__getitem__)
        if not following:
            return levels
        seen.update(following)
        levels.append(following)


def _cuthill_mckee(group: set[str], weight: dict[str, Counter[str]], rank: dict[str, int]) -> list[str]:
    key = {t: (len(weight[t]), rank[t]) for t in group}
    # A pseudo-peripheral start (George and Liu): from the least connected team, move to the
    # least connected team of the last level while that makes the levels deeper.
    start = min(group, key=key.__getitem__)
    levels = _levels(start, weight, key)
    while True:
        candidate = levels[-1][0]
        deeper = _levels(candidate, weight, key)
        if len(deeper) <= len(levels):
            break
        start, levels = candidate, deeper
    order = [start]
    placed = {start}
    queue = deque([start])
    while queue:
        here = queue.popleft()
        # The closest partners first, then the least connected, then the organisation's order.
        for other in sorted((o for o in weight[here] if o not in placed), key=lambda o: (-weight[here][o], *key[o])):
            placed.add(other)
            order.append(other)
            queue.append(other)
    return order


def order(org: Org) -> list[str]:
    """The teams in the matrix's order: each connected group of teams reverse Cuthill–McKee
    ordered, the groups by their first team in the organisation's order, teams that work with
    no other last. Deterministic: the same model gives the same order."""
    weight = org.facts.part(TeamLinks).weight
    rank = {t: i for i, t in enumerate(org.teams)}
    found: list[str] = []
    placed: set[str] = set()
    for team in org.teams:
        if team in placed or not weight[team]:
            continue
        group = _component(team, weight)
        placed |= group
        found += reversed(_cuthill_mckee(group, weight, rank))
    return found + [t for t in org.teams if not weight[t]]


def spread(org: Org, teams: Sequence[str]) -> int:
    """How far apart linked teams sit in ``teams``: the sum, over every pair of teams that work
    together, of their tie's weight times their distance in the list (smaller is better)."""
    at = {t: i for i, t in enumerate(teams)}
    weight = org.facts.part(TeamLinks).weight
    return sum(n * abs(at[a] - at[b]) for a in teams for b, n in weight[a].items() if a < b)


# --- the matrix --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    row: int  # 1-based positions in the matrix's order
    column: int
    source: str  # the row's team
    target: str  # the column's team
    handoffs: int  # from the row's team to the column's
    declared: int  # by the row's team's roles, naming the column's team's roles
    level: int  # 1–4, how strongly the two are tied (for shading; the numbers say it too)


@dataclass(frozen=True)
class TeamMatrix:
    teams: Sequence[str]  # in the matrix's order
    cells: Sequence[Cell]  # the non-empty ones only, row by row


def _level(n: int) -> int:
    return 1 if n <= 1 else 2 if n <= 3 else 3 if n <= 9 else 4


def matrix(org: Org) -> TeamMatrix:
    links = org.facts.part(TeamLinks)
    teams = order(org)
    at = {t: i + 1 for i, t in enumerate(teams)}
    cells = []
    for a, b in set(links.handoffs) | set(links.declared):
        handoffs, declared = links.handoffs[(a, b)], links.declared[(a, b)]
        if handoffs or declared:
            cells.append(Cell(at[a], at[b], a, b, handoffs, declared, _level(handoffs + declared)))
    return TeamMatrix(teams, sorted(cells, key=lambda c: (c.row, c.column)))


# --- a team's picture ------------------------------------------------------------------------------


def _ranked(found: Iterable[tuple[str, int]], rank: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(((t, n) for t, n in found if n), key=lambda item: (-item[1], rank[item[0]]))


def team_picture(org: Org, team_id: str, palette: Palette) -> str:
    """The team in the middle, the teams that hand it work on the left and those it hands work
    to on the right (a team may be on both sides), and the teams it only declares collaborations
    with (either way) dashed on the right. The counts are in the boxes, so no label can overlap
    an edge's; at most ``SIDE`` partners a side, then "and N more"."""
    links = org.facts.part(TeamLinks)
    rank = {t: i for i, t in enumerate(org.teams)}
    others = [t for t in org.teams if t != team_id]
    declared = {t: links.declared[(team_id, t)] + links.declared[(t, team_id)] for t in others}
    incoming = _ranked(((t, links.handoffs[(t, team_id)]) for t in others), rank)
    outgoing = _ranked(((t, links.handoffs[(team_id, t)]) for t in others), rank)
    with_handoffs = {t for t, _n in incoming} | {t for t, _n in outgoing}
    only_declared = _ranked(((t, n) for t, n in declared.items() if t not in with_handoffs), rank)
    team = org.teams[team_id]
    p = palette
    title = f"Who {team.name} works with"
    out = [
        f'digraph "{dot(title)}" {{',
        f'  graph [bgcolor="{p.background}", pad="0.2", rankdir="LR", nodesep="0.12", ranksep="0.5", '
        f'label="{dot(title)}", labelloc="t", fontname="{p.font}", fontsize="16", fontcolor="{p.text}"];',
        f'  node [shape="box", style="rounded,filled", fillcolor="{p.node_fill}", color="{p.node_border}", '
        f'fontname="{p.font}", fontsize="12", fontcolor="{p.text}", margin="0.15,0.06"];',
        f'  edge [color="{p.handoff}", arrowsize="0.7"];',
        f'  "team" [label="{dot_lines(wrap(team.name, 22, 2))}", fontsize="14", penwidth="2.5"];',
    ]

    def side(name: str, label: str, found: list[tuple[str, int]], what: str, dashed: bool) -> None:
        if not found:
            return
        style = "dashed,rounded" if dashed else "rounded"
        out.append(
            f'  subgraph "cluster_{name}" {{ label="{dot(label)}"; style="{style}"; color="{p.lane_border}"; '
            f'fontname="{p.font}"; fontsize="12"; fontcolor="{p.muted}";'
        )
        for t, n in found[:SIDE]:
            lines = [*wrap(org.teams[t].name, 20, 2), count(n, what)]
            if what == "hand-off" and declared[t]:
                lines.append(count(declared[t], "collaboration"))
            extra = f', style="rounded,dashed", fillcolor="{p.background}"' if dashed else ""
            out.append(f'    "{name}:{dot(t)}" [label="{dot_lines(lines)}"{extra}];')
        if len(found) > SIDE:
            out.append(f'    "{name}:more" [label="and {len(found) - SIDE} more", shape="plaintext", style=""];')
        out.append("  }")
        for t, n in found[:SIDE]:
            width = f"{min(1.0 + 0.4 * n, 4.0):.1f}"
            if name == "in":
                out.append(f'  "in:{dot(t)}" -> "team" [penwidth="{width}"];')
            elif dashed:
                out.append(f'  "team" -> "{name}:{dot(t)}" [style="dashed", dir="none", color="{p.edge}"];')
            else:
                out.append(f'  "team" -> "out:{dot(t)}" [penwidth="{width}"];')
        if len(found) > SIDE:
            ends = ('"in:more"', '"team"') if name == "in" else ('"team"', f'"{name}:more"')
            out.append(f'  {ends[0]} -> {ends[1]} [style="invis"];')

    side("in", f"Hand work to {team.name}", incoming, "hand-off", False)
    side("out", f"{team.name} hands work to", outgoing, "hand-off", False)
    side("declared", "Declared collaborations only", only_declared, "collaboration", True)
    out.append("}")
    return "\n".join(out) + "\n"
