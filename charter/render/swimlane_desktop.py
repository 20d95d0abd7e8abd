"""A promise's swim-lanes on a desktop: one column per lane, the flow going down the page.

Lanes side by side and steps in rows fit the page: eight lanes take 900 px — an outcome page's
content at 1400 px is 930 px wide — with 12.5 px text, however many steps the promise has
(a long flow grows down, the way a page is read). Fewer lanes get wider columns, up to 180 px.
Beyond eight lanes, columns of readable text no longer fit: a desktop then gets the phone's
picture (:mod:`charter.render.swimlane_phone`, which fits any number of lanes) drawn 720 px wide.
"""

from __future__ import annotations

from dataclasses import dataclass

from charter.model.graph import Org
from charter.render import svg, swimlane_phone, textfit
from charter.render.svg import Picture
from charter.render.swimlane import Layout, Link, Placed
from charter.render.swimlane_text import Hrefs, lane_lines, step_lines

TARGET = 900.0  # the widest picture: eight lanes
MAX_LANES = 8
STACKED = 720.0  # the phone's picture on a desktop, past eight lanes
LANE_MIN, LANE_MAX = 108.0, 180.0
SIZE = SMALL = 12.5  # every text (team names and notes are told apart by their colour)
LINE = 16.0
PAD = 7.0  # between a lane's edge and its boxes
GAP = 34.0  # between rows: the arrows' room
BULGE = 16.0  # how far a loop or a skip swings out of its box's side


@dataclass(frozen=True)
class Box:
    placed: Placed
    x: float  # left
    y: float  # top
    w: float
    h: float
    lines: tuple[tuple[str, ...], tuple[str, ...]]  # the step's name, then its notes
    row_end: float  # the bottom of its row: below it, the gap where lines may cross

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2


def lane_width(lanes: int, margin: float = 0.0) -> float:
    return float(min(LANE_MAX, max(LANE_MIN, (TARGET - margin) // max(lanes, 1))))


def margin(loops: int) -> float:
    """Room at the right for the loops to go back up in, clear of every box."""
    return 10.0 + 4.0 * min(loops, 5) if loops else 0.0


Titles = list[tuple[tuple[str, ...], tuple[str, ...], bool]]  # each lane's title, group, and bold or not


@dataclass(frozen=True)
class Frame:
    lanes: int
    lane_w: float
    lanes_end: float  # where the last lane ends; the loops' margin is beyond it
    width: float
    height: float
    head: float  # the lane titles' band


def picture(org: Org, lay: Layout, hrefs: Hrefs | None) -> Picture:
    if len(lay.lanes) > MAX_LANES:
        return swimlane_phone.picture(org, lay, hrefs, STACKED)
    links = list(lay.links(org))
    loops = [link for link in links if link.loop]
    room = margin(len(loops))
    lane_w = lane_width(len(lay.lanes), room)
    titles = [lane_lines(lane, lane_w - 12, SIZE, SMALL) for lane in lay.lanes]
    head = 14 + max((len(a) + len(b) for a, b, _ in titles), default=1) * LINE
    boxes = _boxes(org, lay, lane_w, head + GAP / 2)
    height = max((b.y + b.h for b in boxes.values()), default=head) + GAP / 2
    end = lane_w * max(len(lay.lanes), 1)
    frame = Frame(len(lay.lanes), lane_w, end, end + room, height, head)
    out = _lanes(org, lay, frame, head, frame.height)
    out += [_forward(link, boxes, frame) for link in links if not link.loop]
    out += [_back(link, i, boxes, frame) for i, link in enumerate(loops)]
    out += [_box(box, hrefs) for box in boxes.values()]
    out += _also(lay, boxes, frame, hrefs)
    band = _lanes(org, lay, frame, 0, head) + _titles(lay, frame, titles, hrefs)
    steps = len(lay.placed)
    label = f"Swim-lane diagram of {lay.outcome.name}: {len(lay.lanes)} lanes, {steps} steps"
    return Picture("".join(out), frame.width, frame.height, label, "".join(band), head)


def _boxes(org: Org, lay: Layout, lane_w: float, top: float) -> dict[str, Box]:
    w = lane_w - 2 * PAD
    lines = {sid: step_lines(org, p, w - 12, SIZE, SMALL) for sid, p in lay.placed.items()}
    heights = {sid: 10 + (len(a) + len(b)) * LINE for sid, (a, b) in lines.items()}
    row = [0.0] * lay.ranks
    for sid, p in lay.placed.items():
        row[p.rank] = max(row[p.rank], heights[sid])
    tops, y = [], top
    for h in row:
        tops.append(y)
        y += h + GAP
    return {
        sid: Box(p, p.lane * lane_w + PAD, tops[p.rank], w, heights[sid], lines[sid], tops[p.rank] + row[p.rank])
        for sid, p in lay.placed.items()
    }


def _lanes(org: Org, lay: Layout, frame: Frame, top: float, bottom: float) -> list[str]:
    """The lanes' shading from ``top`` to ``bottom``, the customer's tinted."""
    lane_w, tall = frame.lane_w, bottom - top
    out = [svg.rect(0, top, frame.width, tall, "c-bg")]
    for i, lane in enumerate(lay.lanes):
        customer = i == 0 and lane.actor in org.externals
        shade = "c-lane-customer" if customer else ("c-lane-a" if i % 2 == 0 else "c-lane-b")
        out.append(svg.rect(i * lane_w, top, lane_w, tall, shade))
        if i:
            out.append(svg.line((i * lane_w, top), (i * lane_w, bottom), "c-lane-edge"))
    return out


def _titles(lay: Layout, frame: Frame, titles: Titles, hrefs: Hrefs | None) -> list[str]:
    """Each lane's name (a link to its role's page) and its team, and a rule under them."""
    out = []
    for i, lane in enumerate(lay.lanes):
        title, group, bold = titles[i]
        x, y = i * frame.lane_w + frame.lane_w / 2, 8 + LINE * 0.8
        texts = [svg.text((x, y), title, SIZE, "c-title" if bold else "c-text", step=LINE)]
        if group:
            texts.append(svg.text((x, y + len(title) * LINE), group, SMALL, "c-muted", step=LINE))
        out.append(svg.link(hrefs.role(lane.actor) if hrefs else None, texts))
    out.append(svg.line((0, frame.head - 0.5), (frame.width, frame.head - 0.5), "c-lane-edge"))
    return out


def _also(lay: Layout, boxes: dict[str, Box], frame: Frame, hrefs: Hrefs | None) -> list[str]:
    """In the lane of each role that does a step with its main performer, a small tag with the
    step's number, level with the step: the lane shows every step its role takes part in."""
    lane_of = {lane.actor: i for i, lane in enumerate(lay.lanes)}
    out = []
    for box in boxes.values():
        for actor in box.placed.performers[1:]:
            lane = lane_of.get(actor)
            if lane is None or lane == box.placed.lane:
                continue
            label = f"with {box.placed.number}."
            w = textfit.width(label, SMALL) + 14
            x = lane * frame.lane_w + (frame.lane_w - w) / 2
            inner = [
                svg.rect(x, box.y, w, LINE + 8, "c-also", rx=10),
                svg.text((x + w / 2, box.y + 4 + LINE * 0.78), [label], SMALL, "c-muted", step=LINE),
            ]
            out.append(svg.link(hrefs.step(box.placed.step.id) if hrefs else None, inner))
    return out


def _box(box: Box, hrefs: Hrefs | None) -> str:
    touch = box.placed.step.touchpoint
    name, notes = box.lines
    base = box.y + 5 + LINE * 0.78
    inner = [
        svg.rect(box.x, box.y, box.w, box.h, "c-touch" if touch else "c-step", rx=6),
        svg.text((box.cx, base), name, SIZE, "c-text", step=LINE),
    ]
    if notes:
        inner.append(svg.text((box.cx, base + len(name) * LINE), notes, SMALL, "c-muted", step=LINE))
    return svg.link(hrefs.step(box.placed.step.id) if hrefs else None, inner)


def _forward(link: Link, boxes: dict[str, Box], frame: Frame) -> str:
    """A link down the flow. Lines change lanes only in the gaps between rows, and run down a
    lane only where no box of that lane is in the way, so a line never seems to end in a step
    it passes."""
    a, b = boxes[link.before.step.id], boxes[link.after.step.id]
    cls = "c-handoff" if link.handoff else "c-flow"
    a_clear, b_clear = _clear(a, b, a.placed.lane, boxes), _clear(a, b, b.placed.lane, boxes)
    if link.before.lane == link.after.lane:
        if a_clear:
            return svg.curve([(a.cx, a.y + a.h), (a.cx, a.y + a.h), (b.cx, b.y), (b.cx, b.y)], cls)
        # Over steps of its own lane in between: along the boxes' side (the left, but for the
        # first lane, whose left is the picture's edge).
        side, x = (1, a.x + a.w) if link.before.lane == 0 else (-1, a.x)
        points = [(x, a.cy), (x + side * BULGE, a.cy), (x + side * BULGE, b.cy), (x, b.cy)]
        return svg.curve(points, cls)
    start = (a.cx, a.row_end)
    if a_clear:  # down its own lane, across in the gap above the step it leads to
        top = b.y - GAP
        return svg.curve(
            [(a.cx, top), (a.cx, top + GAP / 2), (b.cx, b.y - GAP / 2), (b.cx, b.y)], cls, lead=[(a.cx, a.y + a.h)]
        )
    if b_clear:  # across in the gap below it, then down the other lane
        below = a.row_end + GAP
        points = [start, (a.cx, start[1] + GAP / 2), (b.cx, below - GAP / 2), (b.cx, below)]
        return svg.curve(points, cls, lead=[(a.cx, a.y + a.h)], tail=[(b.cx, b.y)])
    bend = max(GAP * 0.6, (b.y - start[1]) / 2)
    points = [start, (a.cx, start[1] + bend), (b.cx, b.y - bend), (b.cx, b.y)]
    return svg.curve(points, cls, lead=[(a.cx, a.y + a.h)])


def _back(link: Link, index: int, boxes: dict[str, Box], frame: Frame) -> str:
    """A link back to an earlier step: dashed, out of the step's bottom into the gap below its
    row, right to the margin, up it, left along the gap above the earlier step, and into its top:
    through gaps only, so it crosses no box (each loop a little apart from the others). A step
    that repeats itself gets an ear on its right side."""
    a, b = boxes[link.before.step.id], boxes[link.after.step.id]
    cls = "c-loop-handoff" if link.handoff else "c-loop"
    if a is b:
        x, ya, yb = a.x + a.w, a.cy - 6, a.cy + 6
        return svg.curve([(x, yb), (x + 12, yb + 10), (x + 12, ya - 10), (x, ya)], cls, head=6)
    shift = 3.0 * (index % 3)
    x = frame.lanes_end + 6 + 4 * (index % 5)
    below, above = a.row_end + GAP / 2 - 4 + shift, b.y - GAP / 2 + 4 - shift
    lead = [(a.cx, a.y + a.h), (a.cx, below), (x, below), (x, above)]
    return svg.curve([(b.cx, above), (b.cx, above), (b.cx, b.y), (b.cx, b.y)], cls, head=6, lead=lead)


def _clear(a: Box, b: Box, lane: int, boxes: dict[str, Box]) -> bool:
    """Whether no box of ``lane`` sits in the ranks between ``a``'s and ``b``'s."""
    return not any(
        box.placed.lane == lane and a.placed.rank < box.placed.rank < b.placed.rank for box in boxes.values()
    )
