"""The whole shape of a long promise at a glance, above its readable swim-lanes.

A promise of more than twelve steps in flow order no longer fits one screen at a readable size.
Above its picture a desktop then shows this strip: one row per lane (named, in the picture's
order), the steps as dots from left to right in flow order, a thick line where the work changes
hands and a dashed arc where it goes back. Each dot links to its step's text. It is a map of
where the detail below goes, not a second copy of it: no step names, so it stays one band high
however long the promise is.
"""

from __future__ import annotations

from collections.abc import Callable

from charter.model.graph import Org
from charter.render import svg, textfit
from charter.render.svg import Picture, Point
from charter.render.swimlane import Layout, Link
from charter.render.swimlane_text import Hrefs

LONG = 12  # ranks: more than this, and a promise gets an overview
NARROWEST = 600.0
NAMES = 180.0  # the lanes' names, at the left
SIZE, LINE = 12.5, 16.0
DOT = 4.5


def wanted(lay: Layout) -> bool:
    return lay.ranks > LONG


def picture(org: Org, lay: Layout, hrefs: Hrefs | None, width: float) -> Picture:
    """The strip, as wide as the picture under it (600 px at least)."""
    width = max(width, NARROWEST)
    names = [textfit.lines(lane.title, NAMES - 16, SIZE, max_lines=3) for lane in lay.lanes]
    tops, y = [], 8.0
    for lines in names:
        tops.append(y)
        y += max(len(lines) * LINE + 6, 22.0)
    height = y + 8
    centre = [top + (max(len(lines) * LINE + 6, 22.0)) / 2 for top, lines in zip(tops, names, strict=True)]
    dx = (width - NAMES - 16) / max(lay.ranks, 1)

    def at(rank: int, lane: int) -> Point:
        return (NAMES + 8 + dx * (rank + 0.5), centre[lane])

    out = [svg.rect(0, 0, width, height, "c-bg")]
    for i, (top, lines) in enumerate(zip(tops, names, strict=True)):
        tall = max(len(lines) * LINE + 6, 22.0)
        out.append(svg.rect(0, top, width, tall, "c-lane-a" if i % 2 == 0 else "c-lane-b"))
        first = centre[i] - (len(lines) - 1) * LINE / 2 + SIZE * 0.35
        out.append(svg.text((8, first), lines, SIZE, "c-text", step=LINE, anchor="start"))
    out += [_link(link, at) for link in lay.links(org)]
    for placed in lay.placed.values():
        dot = svg.circle(at(placed.rank, placed.lane), DOT, "c-dot-touch" if placed.step.touchpoint else "c-dot")
        title = svg.title(f"{placed.number}. {placed.step.name or placed.step.id}")
        out.append(svg.link(hrefs.step(placed.step.id) if hrefs else None, [dot, title]))
    label = f"The whole of {lay.outcome.name} at a glance: its {len(lay.placed)} steps from left to right, a row a lane"
    return Picture("".join(out), width, height, label)


def _link(link: Link, at: Callable[[int, int], Point]) -> str:
    a, b = at(link.before.rank, link.before.lane), at(link.after.rank, link.after.lane)
    if link.loop:  # an arc over the row, back to the left
        lift = 14.0
        return svg.curve(
            [a, (a[0], a[1] - lift), (b[0], b[1] - lift), (b[0], b[1] - DOT)],
            "c-loop-handoff" if link.handoff else "c-loop",
            head=5,
        )
    bend = (b[0] - a[0]) / 2
    points = [(a[0] + DOT, a[1]), (a[0] + bend, a[1]), (b[0] - bend, b[1]), (b[0] - DOT, b[1])]
    return svg.curve(points, "c-handoff" if link.handoff else "c-flow", head=5)
