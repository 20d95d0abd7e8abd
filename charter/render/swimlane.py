"""Swim-lane diagrams: one lane per role, steps in flow order, hand-offs emphasised.

Graphviz's ``dot`` chooses the order of clusters itself, so a small edit can reshuffle every
lane. Charter lays the diagram out instead and hands ``neato -n2`` fixed positions: lanes come
in a fixed order (the customer's first, then each team's roles by id, then other external
parties), and a step's column is the length of the longest path of ``next`` links leading to it.
Adding a step therefore adds a lane or a column, but moves nothing else relative to the rest.
Edges are drawn as explicit curves, so the output does not depend on a router either.
"""

from __future__ import annotations

from dataclasses import dataclass

from charter.model.flow import Flow, flow
from charter.model.graph import Org
from charter.render.escape import dot, dot_lines, wrap
from charter.render.palette import Palette
from charter.render.views import actor_rank
from charter.schema.models import OutcomeBase, StepBase, outcome_steps

COL_W = 200.0  # points between step columns
LANE_H = 84.0  # points per lane, at least: a lane grows to hold its tallest step or title
LABEL_W = 180.0  # the lane titles' column
NODE_W = 168.0
NODE_H = 60.0  # a step's box, at least
LINE_H = 14.0  # points per line of 11-point text
WRAP = 24  # characters per line in a step's box
# Lines a text may take before it ends in "…": enough for any name a person writes, so nothing is
# cut in practice; the limits only keep a pathological name from making a lane a page tall.
NAME_LINES, EXTRA_LINES, TITLE_LINES = 12, 4, 4


@dataclass(frozen=True)
class Lane:
    actor: str
    title: str
    group: str  # the team's name, or the kind of external party


@dataclass(frozen=True)
class Placed:
    step: StepBase
    lane: int
    column: int
    y: float = 0.0  # the centre of its lane (neato's y axis points up, so lanes go down from 0)
    height: float = NODE_H  # its box, tall enough for every line of its text
    lines: tuple[str, ...] = ()  # the text of its box

    @property
    def x(self) -> float:
        return LABEL_W + self.column * COL_W + COL_W / 2


@dataclass(frozen=True)
class Layout:
    outcome: OutcomeBase
    lanes: tuple[Lane, ...]
    placed: dict[str, Placed]
    columns: int
    graph: Flow
    heights: tuple[float, ...] = ()  # each lane's height, in the lanes' order

    @property
    def centres(self) -> tuple[float, ...]:
        out, top = [], 0.0
        for height in self.heights:
            out.append(-(top + height / 2))
            top += height
        return tuple(out)

    @property
    def height(self) -> float:
        return sum(self.heights)


def lanes_for(org: Org, outcome: OutcomeBase) -> tuple[Lane, ...]:
    performers = {actor for step in outcome_steps(outcome) for actor in org.performers(step)}
    lanes = []
    rank = actor_rank(org)
    for actor in sorted((a for a in performers if a in rank), key=rank.__getitem__):
        if actor in org.roles:
            team = org.teams.get(org.roles[actor].team)
            lanes.append(Lane(actor, org.roles[actor].title, team.name if team is not None else ""))
        else:
            external = org.externals[actor]
            lanes.append(Lane(actor, external.name, external.kind.capitalize()))
    return tuple(lanes)


def back_edges(order: list[str], successors: dict[str, tuple[str, ...]]) -> set[tuple[str, str]]:
    """Links that close a loop ("reopen the case"), found by a depth-first walk in the order
    the steps are written, so the result never depends on set order. Iterative: no recursion
    limit on long chains."""
    back: set[tuple[str, str]] = set()
    state: dict[str, int] = {}  # 1 on the current path, 2 finished
    for root in order:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(successors[root]))]
        while stack:
            sid, onward = stack[-1]
            nid = next(onward, None)
            if nid is None:
                state[sid] = 2
                stack.pop()
            elif state.get(nid) == 1:
                back.add((sid, nid))
            elif nid not in state:
                state[nid] = 1
                stack.append((nid, iter(successors[nid])))
    return back


def topological(order: list[str], preds: dict[str, list[str]]) -> list[str]:
    """Every step after all its predecessors (loops already cut), in written order otherwise."""
    topo: list[str] = []
    done: set[str] = set()
    for root in order:
        if root in done:
            continue
        done.add(root)
        stack = [(root, iter(preds[root]))]
        while stack:
            sid, before = stack[-1]
            pid = next((p for p in before if p not in done), None)
            if pid is None:
                topo.append(sid)
                stack.pop()
            else:
                done.add(pid)
                stack.append((pid, iter(preds[pid])))
    return topo


def layout(org: Org, outcome: OutcomeBase) -> Layout:
    graph = flow(outcome)
    lanes = lanes_for(org, outcome)
    lane_of = {lane.actor: i for i, lane in enumerate(lanes)}
    order = list(graph.steps)
    back = back_edges(order, graph.successors)
    preds: dict[str, list[str]] = {sid: [] for sid in order}
    for sid in order:
        for nid in graph.successors[sid]:
            if (sid, nid) not in back:
                preds[nid].append(sid)
    topo = topological(order, preds)
    column: dict[str, int] = {}
    taken: set[tuple[int, int]] = set()
    placed: dict[str, Placed] = {}
    for sid in topo:
        step = graph.steps[sid]
        performers = org.performers(step)
        lane = lane_of.get(performers[0], 0) if performers else 0
        col = max((column[p] + 1 for p in preds[sid]), default=0)
        while (lane, col) in taken:
            col += 1
        column[sid] = col
        taken.add((lane, col))
        lines = tuple(step_lines(org, step))
        placed[sid] = Placed(step, lane, col, height=box_height(len(lines)), lines=lines)
    columns = max((p.column for p in placed.values()), default=0) + 1
    # A lane is as tall as its tallest box or title needs; nothing is cut to fit a fixed height.
    heights = [max(LANE_H, box_height(len(_lane_title(lane))) + 24) for lane in lanes] or [LANE_H]
    for p in placed.values():
        heights[p.lane] = max(heights[p.lane], p.height + 24)
    lay = Layout(outcome, lanes, placed, columns, graph, tuple(heights))
    centres = lay.centres
    for sid, p in placed.items():
        placed[sid] = Placed(p.step, p.lane, p.column, centres[p.lane], p.height, p.lines)
    return lay


def box_height(lines: int) -> float:
    return max(NODE_H, lines * LINE_H + 16)


def step_lines(org: Org, step: StepBase) -> list[str]:
    lines = wrap(step.name, WRAP, NAME_LINES) or [step.id]
    extra = org.performers(step)[1:]
    if extra:
        lines += wrap("with " + ", ".join(extra), WRAP, EXTRA_LINES)
    if step.within:
        lines += wrap(f"within {step.within}", WRAP, EXTRA_LINES)
    return lines


def _curve(a: Placed, b: Placed) -> str:
    """A cubic Bézier from a's box to b's, with the arrowhead at b ("e,x,y" first).

    neato's y axis points up: a box's top edge is at ``y + height / 2``.
    """
    ax, ay, bx, by = a.x, a.y, b.x, b.y
    half_w, head = NODE_W / 2, 10.0
    a_half, b_half = a.height / 2, b.height / 2
    if b.column > a.column and (a.lane != b.lane or b.column - a.column == 1):
        # Forward into the next column, or across lanes: right side to left side.
        start, tip = (ax + half_w, ay), (bx - half_w, by)
        end = (tip[0] - head, tip[1])
        span = (end[0] - start[0]) / 2
        mid1, mid2 = (start[0] + span, ay), (end[0] - span, by)
    elif a.lane == b.lane:
        # Forward over the steps in between, or backwards: an arch above the boxes, in the lane.
        top = ay + max(a_half, b_half) + 18
        start, tip = (ax, ay + a_half), (bx, by + b_half)
        end = (tip[0], tip[1] + head)
        mid1, mid2 = (ax, top + 6), (bx, top + 8)
    else:
        # Backwards or straight down/up to another lane: from the facing sides.
        down = by < ay
        side = -1 if down else 1
        start, tip = (ax, ay + side * a_half), (bx, by - side * b_half)
        end = (tip[0], tip[1] - side * head)
        mid1, mid2 = (ax, start[1] + side * 30), (bx, end[1] - side * 30)
    points = [start, mid1, mid2, end]
    return f"e,{tip[0]:.1f},{tip[1]:.1f} " + " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def source(org: Org, outcome: OutcomeBase, palette: Palette, lay: Layout | None = None) -> str:
    """The DOT source of one outcome's swim-lane diagram (``lay``: its layout, when the caller
    draws it in more than one palette)."""
    lay = lay if lay is not None else layout(org, outcome)
    width = LABEL_W + lay.columns * COL_W
    p = palette
    out = [
        f'digraph "{dot(outcome.id)}" {{',
        f'  graph [bgcolor="{p.background}", pad="0.15", outputorder="nodesfirst", '
        f'label="{dot(outcome.name)}", labelloc="t", labeljust="l", fontname="{p.font}", fontsize="16", '
        f'fontcolor="{p.text}"];',
        f'  node [fontname="{p.font}", fontsize="11", fontcolor="{p.text}"];',
        f'  edge [color="{p.edge}", arrowsize="0.8"];',
    ]
    for i, (lane, cy, lane_h) in enumerate(zip(lay.lanes, lay.centres, lay.heights, strict=False)):
        fill = p.lane_customer if i == 0 and lane.actor in org.externals else (p.lane_a if i % 2 == 0 else p.lane_b)
        out.append(
            f'  "lane:{dot(lane.actor)}" [shape="box", style="filled", color="{p.lane_border}", penwidth="0.5", '
            f'fillcolor="{fill}", label="", width="{width / 72:.3f}", height="{lane_h / 72:.3f}", fixedsize="true", '
            f'pos="{width / 2:.1f},{cy:.1f}!"];'
        )
        out.append(
            f'  "title:{dot(lane.actor)}" [shape="plaintext", label="{dot_lines(_lane_title(lane))}", '
            f'fontsize="11", width="{(LABEL_W - 16) / 72:.3f}", pos="{LABEL_W / 2:.1f},{cy:.1f}!"];'
        )
    for sid, placed in lay.placed.items():
        step = placed.step
        touch = step.touchpoint
        fill = p.touch_fill if touch else p.step_fill
        border = p.touch_border if touch else p.step_border
        lines = list(placed.lines)
        # A touchpoint differs by more than colour (WCAG 1.4.1): a thick dashed border.
        shape_style = "rounded,filled,dashed" if touch else "rounded,filled"
        out.append(
            f'  "step:{dot(sid)}" [shape="box", style="{shape_style}", fillcolor="{fill}", color="{border}", '
            f'penwidth="{2 if touch else 1.2}", label="{dot_lines(lines)}", tooltip="{dot(step.name)}", '
            f'width="{NODE_W / 72:.3f}", height="{placed.height / 72:.3f}", fixedsize="false", margin="0.08,0.04", '
            f'pos="{placed.x:.1f},{placed.y:.1f}!"];'
        )
    for sid in lay.placed:
        for nid in lay.graph.successors[sid]:
            a, b = lay.placed[sid], lay.placed[nid]
            handoff = a.lane != b.lane
            style = f'color="{p.handoff}", penwidth="2.2"' if handoff else 'penwidth="1.1"'
            out.append(f'  "step:{dot(sid)}" -> "step:{dot(nid)}" [{style}, pos="{_curve(a, b)}"];')
    out.append("}")
    return "\n".join(out) + "\n"


def _lane_title(lane: Lane) -> list[str]:
    return wrap(lane.title, 22, TITLE_LINES) + (wrap(lane.group, 22, 2) if lane.group else [])
