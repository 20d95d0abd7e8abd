"""SVG written by charter itself, for the pictures whose every position charter computes.

Shapes carry classes (``c-step``, ``c-handoff`` …) rather than colours: on the site the page's
stylesheet colours them for the reader's scheme (:func:`stylesheet`, appended to charter.css),
and a downloaded file carries a ``<style>`` with one palette's colours (:func:`standalone`).
Every user text is escaped; numbers are written with one decimal, so the same layout gives the
same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from charter.render.escape import one_line
from charter.render.palette import PALETTES, Palette
from charter.render.textfit import FONT

Point = tuple[float, float]


def n(value: float) -> str:
    """A coordinate: one decimal, no "-0.0", no trailing ".0"."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def attrs(**values: object) -> str:
    """Attributes in the order given (``class_`` for ``class``, ``aria_label`` for
    ``aria-label``); None leaves one out."""
    out = []
    for key, value in values.items():
        if value is None:
            continue
        name = key.rstrip("_").replace("_", "-")
        text = n(value) if isinstance(value, float) else str(value)
        out.append(f" {name}={quoteattr(text)}")
    return "".join(out)


def rect(x: float, y: float, w: float, h: float, cls: str, *, rx: float = 0.0) -> str:
    return f"<rect{attrs(x=x, y=y, width=w, height=h, rx=rx or None, class_=cls)}/>"


def line(a: Point, b: Point, cls: str) -> str:
    return f"<line{attrs(x1=a[0], y1=a[1], x2=b[0], y2=b[1], class_=cls)}/>"


def circle(centre: Point, r: float, cls: str) -> str:
    return f"<circle{attrs(cx=centre[0], cy=centre[1], r=r, class_=cls)}/>"


def text(at: Point, lines: Sequence[str], size: float, cls: str, *, step: float, anchor: str = "middle") -> str:
    """Lines of text, the first baseline at ``at``, each next one ``step`` lower."""
    x, y = at
    spans = "".join(
        f"<tspan{attrs(x=x, dy=(0.0 if i == 0 else step))}>{escape(one)}</tspan>" for i, one in enumerate(lines)
    )
    return f"<text{attrs(x=x, y=y, font_size=size, text_anchor=anchor, class_=cls)}>{spans}</text>"


def title(text: str) -> str:
    """A tooltip (and an accessible name) for the element it is in, on one line."""
    return f"<title>{escape(one_line(text))}</title>"


def link(href: str | None, inner: Iterable[str]) -> str:
    body = "".join(inner)
    return body if href is None else f"<a{attrs(href=href)}>{body}</a>"


def curve(
    points: Sequence[Point], cls: str, head: float = 7.0, *, lead: Sequence[Point] = (), tail: Sequence[Point] = ()
) -> str:
    """A cubic Bézier through four points, after straight runs through ``lead`` and followed
    by straight runs through ``tail``, with an arrowhead at the last point pointing along the
    line's last direction (its own path, so its colour is the line's in every scheme)."""
    start, c1, c2, end = points
    last = [c2, end, *tail]
    tip, before = last[-1], last[-2]
    dx, dy = tip[0] - before[0], tip[1] - before[1]
    if dx == 0 and dy == 0:
        dx, dy = end[0] - start[0], end[1] - start[1]
    length = (dx * dx + dy * dy) ** 0.5 or 1.0
    ux, uy = dx / length, dy / length
    base = (tip[0] - ux * head, tip[1] - uy * head)
    left = (base[0] - uy * head * 0.55, base[1] + ux * head * 0.55)
    right = (base[0] + uy * head * 0.55, base[1] - ux * head * 0.55)
    # The line stops inside the head, so a thick line does not blunt its tip.
    stop = (tip[0] - ux * head * 0.6, tip[1] - uy * head * 0.6)
    runs = [*lead, start]
    d = f"M{n(runs[0][0])},{n(runs[0][1])} " + "".join(f"L{n(x)},{n(y)} " for x, y in runs[1:])
    ends = [*tail[:-1], stop] if tail else []
    bezier_end = end if tail else stop
    d += f"C{n(c1[0])},{n(c1[1])} {n(c2[0])},{n(c2[1])} {n(bezier_end[0])},{n(bezier_end[1])}"
    d += "".join(f" L{n(x)},{n(y)}" for x, y in ends)
    arrow = f"M{n(tip[0])},{n(tip[1])} L{n(left[0])},{n(left[1])} L{n(right[0])},{n(right[1])} Z"
    return f"<path{attrs(d=d, class_=cls)}/><path{attrs(d=arrow, class_=cls + '-head')}/>"


@dataclass(frozen=True)
class Picture:
    """A drawn picture: its body (everything inside ``<svg>``) and its size in pixels, and
    optionally a head: a band across its top (the lanes' names) that a page keeps in view
    while the rest scrolls past, drawn in the same coordinates as the body."""

    body: str
    width: float
    height: float
    label: str  # what it shows, for screen readers and as its title
    head: str = ""
    head_height: float = 0.0

    def inline(self, cls: str, lead: Picture | None = None, *, scrolls: bool = False) -> str:
        """The picture for a page, in a ``<div>`` of class ``cls`` (after ``lead``, when given):
        coloured by the page's stylesheet, on one line so that Markdown passes it through
        untouched. One that ``scrolls`` sideways is a region a keyboard can scroll."""
        first = lead.element("charter-svg charter-flow__overview") if lead is not None else ""
        frame = attrs(class_=cls)
        if scrolls:
            frame = attrs(
                class_=f"{cls} charter-flow--scrolls", role="region", tabindex="0", aria_label=one_line(self.label)
            )
        if not self.head:
            return f"<div{frame}>{first}{self.element('charter-svg')}</div>"
        lanes = self._svg(self.head, 0.0, self.head_height, "charter-svg charter-flow__lanes", "Its lanes")
        rest = self._svg(self.body, self.head_height, self.height - self.head_height, "charter-svg", self.label)
        return f"<div{frame}>{first}{lanes}{rest}</div>"

    def element(self, cls: str) -> str:
        """The whole picture as one ``<svg>`` element of class ``cls``."""
        return self._svg(self.head + self.body, 0.0, self.height, cls, self.label)

    def standalone(self, palette: Palette) -> bytes:
        """A file of its own, in one palette's colours (a download, to print or share)."""
        style = f"<style>{rules(palette, '')}</style>"
        svg = self._svg(style + self.body + self.head, 0.0, self.height, "charter-svg", self.label)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n").encode("utf-8")

    def _svg(self, inner: str, top: float, height: float, cls: str, label: str) -> str:
        size = attrs(
            xmlns="http://www.w3.org/2000/svg",
            viewBox=f"0 {n(top)} {n(self.width)} {n(height)}",
            width=self.width,
            height=height,
            class_=cls,
            role="group",
            aria_label=one_line(label),
            font_family=FONT,
        )
        return f"<svg{size}>{title(label)}{inner}</svg>"


def rules(p: Palette, scope: str) -> str:
    """The classes' colours in palette ``p``, each selector under ``scope``."""
    pick = {
        ".c-bg": f"fill:{p.background}",
        ".c-lane-a": f"fill:{p.lane_a}",
        ".c-lane-b": f"fill:{p.lane_b}",
        ".c-lane-customer": f"fill:{p.lane_customer}",
        ".c-lane-edge": f"stroke:{p.lane_border};stroke-width:1",
        ".c-lane-line": f"stroke:{p.lane_border};stroke-width:2",
        ".c-title": f"fill:{p.text};font-weight:bold",
        ".c-muted": f"fill:{p.muted}",
        ".c-text": f"fill:{p.text}",
        ".c-step": f"fill:{p.step_fill};stroke:{p.step_border};stroke-width:1.2",
        ".c-touch": f"fill:{p.touch_fill};stroke:{p.touch_border};stroke-width:2.4;stroke-dasharray:7 4",
        ".c-also": f"fill:{p.step_fill};stroke:{p.step_border};stroke-width:1;stroke-dasharray:3 2",
        ".c-dot": f"fill:{p.step_border}",
        ".c-dot-touch": f"fill:{p.touch_fill};stroke:{p.touch_border};stroke-width:2.4",
        ".c-flow": f"fill:none;stroke:{p.edge};stroke-width:1.4",
        ".c-flow-head": f"fill:{p.edge}",
        ".c-handoff": f"fill:none;stroke:{p.handoff};stroke-width:3",
        ".c-handoff-head": f"fill:{p.handoff}",
        ".c-loop": f"fill:none;stroke:{p.edge};stroke-width:1.6;stroke-dasharray:5 4",
        ".c-loop-head": f"fill:{p.edge}",
        ".c-loop-handoff": f"fill:none;stroke:{p.handoff};stroke-width:3;stroke-dasharray:7 4",
        ".c-loop-handoff-head": f"fill:{p.handoff}",
        ".c-tick": f"stroke:{p.lane_border};stroke-width:1",
    }
    prefix = f"{scope} " if scope else ""
    return "".join(f"{prefix}{selector}{{{value}}}" for selector, value in pick.items())


# Material's names for the light and the dark scheme.
SCHEMES = {"light": "default", "dark": "slate"}


def stylesheet() -> str:
    """The pictures' colours in both of the site's schemes, for charter.css."""
    return (
        "\n".join(rules(p, f'[data-md-color-scheme="{SCHEMES[p.name]}"] .charter-svg') for p in PALETTES)
        + "\n.charter-svg a:focus-visible .c-step,.charter-svg a:focus-visible .c-touch{stroke-width:4}\n"
    )
