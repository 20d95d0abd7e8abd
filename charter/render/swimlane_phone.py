"""A promise's swim-lanes on a phone: one step a row, down the page, the lanes as narrow lines.

Eight lanes of readable text cannot sit side by side in 358 px, so each lane becomes a thin
vertical line at the left, named once at the top where it starts (a staircase of names, as a
metro map labels its lines), and each step is a full-width box in flow order with its role
named on it and a dot on its lane's line. The dots trace the flow's shape: a straight run down
one line is one role working on, a thick jump between lines is a hand-off, a dashed arc back up
is a loop. Sixteen lanes still leave the boxes 180 px; past that the picture grows wider.
"""

from __future__ import annotations

from dataclasses import dataclass

from charter.model.graph import Org
from charter.render import svg, textfit
from charter.render.svg import Picture, Point
from charter.render.swimlane import Layout, Link, Placed
from charter.render.swimlane_text import Hrefs, actor_name, step_lines

WIDTH = 340.0  # fits a 390 px phone's content (358 px) at its natural size
SIZE, SMALL, LINE = 13.5, 12.5, 17.0
LEFT = 18.0  # the first lane's line: room for a loop's arc at its left
GAP = 14.0  # between two steps' boxes
BOX_MIN = 180.0
DOT = 5.0


@dataclass(frozen=True)
class Row:
    placed: Placed
    y: float  # the box's top
    h: float
    role: tuple[str, ...]
    lines: tuple[tuple[str, ...], tuple[str, ...]]
    others: tuple[int, ...]  # the lanes of the other roles doing it

    @property
    def dot_y(self) -> float:
        return self.y + 5 + LINE / 2


def spacing(lanes: int) -> float:
    return max(9.0, min(20.0, 128.0 / max(lanes, 1)))


def picture(org: Org, lay: Layout, hrefs: Hrefs | None, width: float = WIDTH) -> Picture:
    """The picture, ``width`` pixels wide (or wider, past sixteen lanes)."""
    g = spacing(len(lay.lanes)) * width / WIDTH
    lane_x = [LEFT + i * g for i in range(max(len(lay.lanes), 1))]
    box_x = lane_x[-1] + 14
    width = max(width, box_x + BOX_MIN + 2)
    legend, starts, top = _legend(lay, lane_x, width, hrefs)
    rows = _rows(org, lay, width - box_x - 2, top)
    height = (rows[-1].y + rows[-1].h if rows else top) + 10
    out = [svg.rect(0, 0, width, height, "c-bg")]
    out += [svg.line((x, y), (x, height - 4), "c-lane-line") for x, y in zip(lane_x, starts, strict=False)]
    out += legend
    by_id = {row.placed.step.id: row for row in rows}
    out += [_link(link, by_id, lane_x) for link in lay.links(org)]
    out += [_row(row, lane_x, box_x, width - box_x - 2, hrefs) for row in rows]
    label = f"Swim-lane diagram of {lay.outcome.name}, one step a row: {len(lay.lanes)} lanes, {len(rows)} steps"
    return Picture("".join(out), width, height, label)


def _legend(
    lay: Layout, lane_x: list[float], width: float, hrefs: Hrefs | None
) -> tuple[list[str], list[float], float]:
    """Each lane's name where its line starts, one below the other; where each line starts,
    and where the steps can start."""
    out, starts, y = [], [], 6.0
    for lane, x in zip(lay.lanes, lane_x, strict=False):
        lines = textfit.lines(lane.title, width - x - 14, SMALL, bold=True, max_lines=4)
        starts.append(y + LINE / 2)
        out.append(svg.line((x, y + LINE / 2), (x + 6, y + LINE / 2), "c-lane-line"))
        texts = [svg.text((x + 9, y + LINE * 0.78), lines, SMALL, "c-title", step=LINE, anchor="start")]
        out.append(svg.link(hrefs.role(lane.actor) if hrefs else None, texts))
        y += len(lines) * LINE + 2
    return out, starts, y + 8


def _rows(org: Org, lay: Layout, w: float, top: float) -> list[Row]:
    lane_of = {lane.actor: i for i, lane in enumerate(lay.lanes)}
    rows, y = [], top
    for placed in lay.placed.values():
        performer = placed.performers[0] if placed.performers else ""
        role = tuple(textfit.lines(actor_name(org, performer), w - 14, SMALL, bold=True, max_lines=3))
        lines = step_lines(org, placed, w - 14, SIZE, SMALL)
        h = 10 + (len(role) + len(lines[0]) + len(lines[1])) * LINE
        others = tuple(lane_of[a] for a in placed.performers[1:] if a in lane_of and lane_of[a] != placed.lane)
        rows.append(Row(placed, y, h, role, lines, others))
        y += h + GAP
    return rows


def _row(row: Row, lane_x: list[float], x: float, w: float, hrefs: Hrefs | None) -> str:
    touch = row.placed.step.touchpoint
    dot = (lane_x[row.placed.lane], row.dot_y)
    name, notes = row.lines
    base = row.y + 5 + LINE * 0.78
    tx = x + 7
    inner = [
        svg.rect(x, row.y, w, row.h, "c-touch" if touch else "c-step", rx=6),
        svg.text((tx, base), row.role, SMALL, "c-title", step=LINE, anchor="start"),
        svg.text((tx, base + len(row.role) * LINE), name, SIZE, "c-text", step=LINE, anchor="start"),
    ]
    if notes:
        y = base + (len(row.role) + len(name)) * LINE
        inner.append(svg.text((tx, y), notes, SMALL, "c-muted", step=LINE, anchor="start"))
    connector = svg.line((dot[0] + DOT, dot[1]), (x, dot[1]), "c-tick")
    marker = svg.circle(dot, DOT, "c-dot-touch" if touch else "c-dot")
    # The other roles doing the step: a small ring on each of their lines.
    also = "".join(svg.circle((lane_x[lane], dot[1]), 3.5, "c-also") for lane in row.others)
    return connector + marker + also + svg.link(hrefs.step(row.placed.step.id) if hrefs else None, inner)


def _link(link: Link, rows: dict[str, Row], lane_x: list[float]) -> str:
    a, b = rows[link.before.step.id], rows[link.after.step.id]
    xa, xb = lane_x[link.before.lane], lane_x[link.after.lane]
    ya, yb = a.dot_y, b.dot_y
    points: list[Point]
    if link.loop:  # back up, in a dashed arc at the left of both lines
        k = max(20.0, (ya - yb) / 3)
        points = [(xa - DOT, ya), (xa - 16, ya - k), (xb - 16, yb + k), (xb - DOT, yb)]
        return svg.curve(points, "c-loop-handoff" if link.handoff else "c-loop", head=6)
    cls = "c-handoff" if link.handoff else "c-flow"
    k = min(30.0, (yb - ya) / 2)
    start, end = (xa, ya + DOT), (xb, yb - DOT)
    if link.before.lane == link.after.lane and any(_between(link, rows, r) for r in rows.values()):
        points = [start, (xa - 14, ya + k), (xb - 14, yb - k), end]  # round the dots in between
    else:
        points = [start, (xa, ya + k), (xb, yb - k), end]
    return svg.curve(points, cls, head=6)


def _between(link: Link, rows: dict[str, Row], row: Row) -> bool:
    """Whether ``row``'s dot sits on the link's line, between its two ends."""
    a, b = rows[link.before.step.id], rows[link.after.step.id]
    return row.placed.lane == link.before.lane and a.y < row.y < b.y
