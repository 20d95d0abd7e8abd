"""The site's diagrams: which there are, their DOT sources, and drawing them with Graphviz.

Every diagram is drawn in both colour schemes, in parallel (each ``dot`` is its own process).
SVGs drawn by an earlier run can be kept by a :class:`DiagramCache` that the caller provides
(``charter build`` keeps one on disk: :mod:`charter.publish.diagram_cache`); rendering itself
never reads or writes a file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol

from charter.core import progress
from charter.model.graph import Org
from charter.render import collabmap, paths
from charter.render.graphviz_run import complete, svg
from charter.render.palette import PALETTES, Palette


class DiagramCache(Protocol):
    """Where drawn SVGs are kept between runs. ``key`` names everything that decides an SVG (the
    engine, its options and the DOT source), so an SVG found under it is the one Graphviz would
    draw; ``get`` answers None for a key it does not hold."""

    def get(self, key: str) -> bytes | None: ...

    def put(self, key: str, svg: bytes) -> None: ...


@dataclass(frozen=True)
class Diagram:
    stem: str  # file stem under diagrams/
    engine: str
    fixed: bool
    source: Callable[[Palette], str]


def diagrams(org: Org) -> list[Diagram]:
    """The diagrams Graphviz lays out: each team's picture of its partners (a promise's
    swim-lanes are charter's own SVG: see :mod:`charter.render.swimlane`)."""
    found: list[Diagram] = []
    found += [
        Diagram(f"team-{t}", "dot", False, lambda p, t=t: collabmap.team_picture(org, t, p))  # type: ignore[misc]
        for t in org.teams
    ]
    return found


def draw(org: Org, cache: DiagramCache | None = None) -> dict[str, bytes]:
    """Every diagram in both colour schemes, drawn in parallel on every core.

    With ``cache``, Graphviz only runs for diagrams whose source changed since they were kept.
    """
    jobs = [(d, p, d.source(p)) for d in diagrams(org) for p in PALETTES]

    def one(job: tuple[Diagram, Palette, str]) -> bytes:
        diagram, palette, source = job
        key = f"{diagram.engine}:{diagram.fixed}:{source}"
        cached = cache.get(key) if cache is not None else None
        # A cache only saves time: an SVG cut short (a disk error, a killed writer) is drawn again.
        if cached is not None and complete(cached):
            return cached
        drawn = svg(f"{diagram.stem} ({palette.name})", source, engine=diagram.engine, fixed_positions=diagram.fixed)
        if cache is not None:
            cache.put(key, drawn)
        return drawn

    def counted(job: tuple[Diagram, Palette, str]) -> bytes:
        drawn = one(job)
        step(1)
        return drawn

    with (
        progress.stage("drawing diagrams", len(jobs)) as step,
        ThreadPoolExecutor(max_workers=max(os.cpu_count() or 1, 1)) as pool,
    ):
        drawn = list(pool.map(counted, jobs))
    return {paths.diagram(d.stem, p.name): content for (d, p, _s), content in zip(jobs, drawn, strict=True)}


def sources(org: Org) -> dict[str, str]:
    """The DOT source of every diagram in the light scheme (for golden tests and debugging)."""
    return {d.stem: d.source(PALETTES[0]) for d in diagrams(org)}
