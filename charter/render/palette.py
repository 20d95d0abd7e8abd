"""Colours for diagrams in Material's light ("default") and dark ("slate") schemes.

A team's picture (Graphviz) is drawn once per scheme and the page shows the one that matches
(Material's ``#only-light`` / ``#only-dark``); a promise's swim-lanes are drawn once and coloured
by the page's stylesheet, which :func:`charter.render.svg.stylesheet` writes from these palettes
(a downloaded swim-lane carries one palette's colours). Either way text keeps its contrast
whichever scheme a reader uses.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Palette:
    name: str
    font: str
    background: str
    text: str
    muted: str
    lane_a: str
    lane_b: str
    lane_customer: str
    lane_border: str
    step_fill: str
    step_border: str
    touch_fill: str
    touch_border: str
    edge: str
    handoff: str
    node_fill: str
    node_border: str


LIGHT = Palette(
    name="light",
    font="Helvetica",
    background="#ffffff",
    text="#1f2328",
    muted="#57606a",
    lane_a="#f3f5f9",
    lane_b="#ffffff",
    lane_customer="#fff4e5",
    lane_border="#d0d7de",
    step_fill="#ffffff",
    step_border="#5c6bc0",
    touch_fill="#fff8ee",
    touch_border="#e65100",
    edge="#6e7781",
    handoff="#3949ab",
    node_fill="#eef0fb",
    node_border="#5c6bc0",
)

DARK = Palette(
    name="dark",
    font="Helvetica",
    background="#1e2129",
    text="#e6edf3",
    muted="#9da7b3",
    lane_a="#252a35",
    lane_b="#1e2129",
    lane_customer="#3a2f22",
    lane_border="#3d4452",
    step_fill="#2d3342",
    step_border="#9fa8da",
    touch_fill="#41331f",
    touch_border="#ffb74d",
    edge="#9da7b3",
    handoff="#aab4ff",
    node_fill="#2d3342",
    node_border="#9fa8da",
)

PALETTES = (LIGHT, DARK)
