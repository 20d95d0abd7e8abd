"""Swim-lanes: which lane each step of a promise goes in, and in which rank of the flow.

Charter lays the diagram out itself, so that a small edit never reshuffles it: lanes come in a
fixed order (the customer's first, then each team's roles by id, then other external parties),
and a step's rank is the length of the longest path of ``next`` links leading to it (links that
close a loop left out). Adding a step therefore adds a lane or a rank, but moves nothing else
relative to the rest. Two pictures are drawn from one layout: :mod:`swimlane_desktop` (lanes as
columns, the flow going down) and :mod:`swimlane_phone` (one step a row, the lanes as narrow
lines beside them).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from charter.model.flow import Flow, back_edges, flow, post_order
from charter.model.graph import Org
from charter.render.views import actor_rank
from charter.schema.models import OutcomeBase, StepBase, outcome_steps


@dataclass(frozen=True)
class Lane:
    actor: str
    title: str
    group: str  # the team's name, or the kind of external party


@dataclass(frozen=True)
class Placed:
    step: StepBase
    lane: int
    rank: int
    number: int  # the step's number on the page: its place in the file, from 1
    performers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Link:
    before: Placed
    after: Placed
    handoff: bool  # the performing roles change (the model's one meaning of a hand-off)
    loop: bool  # it goes back to an earlier step ("reopen the case")


@dataclass(frozen=True)
class Layout:
    outcome: OutcomeBase
    lanes: tuple[Lane, ...]
    placed: dict[str, Placed]  # in flow order: every step after the steps that lead to it
    ranks: int
    graph: Flow
    back: frozenset[tuple[str, str]]

    def links(self, org: Org) -> Iterator[Link]:
        for sid, before in self.placed.items():
            for nid in self.graph.successors[sid]:
                after = self.placed[nid]
                handoff = org.facts.hands_off(before.step, after.step)
                yield Link(before, after, handoff, (sid, nid) in self.back)


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


def topological(order: list[str], preds: dict[str, list[str]]) -> list[str]:
    """Every step after all its predecessors (loops already cut), in written order otherwise."""
    return post_order(order, preds)


def layout(org: Org, outcome: OutcomeBase) -> Layout:
    graph = flow(outcome, org)
    lanes = lanes_for(org, outcome)
    lane_of = {lane.actor: i for i, lane in enumerate(lanes)}
    order = list(graph.steps)
    number = {sid: i + 1 for i, sid in enumerate(order)}
    back = back_edges(order, graph.successors)
    preds: dict[str, list[str]] = {sid: [] for sid in order}
    for sid in order:
        for nid in graph.successors[sid]:
            if (sid, nid) not in back:
                preds[nid].append(sid)
    rank: dict[str, int] = {}
    taken: set[tuple[int, int]] = set()
    placed: dict[str, Placed] = {}
    for sid in topological(order, preds):
        step = graph.steps[sid]
        performers = org.performers(step)
        mine = [lane_of[p] for p in performers if p in lane_of] or [0]
        lane = mine[0]
        at = max((rank[p] + 1 for p in preds[sid]), default=0)
        # Two steps never share a lane's rank, counting the lanes of every role doing a step:
        # each of them shows the step there (a "with 3." tag on a desktop).
        while any((other, at) in taken for other in mine):
            at += 1
        rank[sid] = at
        taken.update((other, at) for other in mine)
        placed[sid] = Placed(step, lane, at, number[sid], tuple(performers))
    ranks = max((p.rank for p in placed.values()), default=0) + 1
    return Layout(outcome, lanes, placed, ranks, graph, frozenset(back))


class Layouts:
    """Each promise laid out once, for its page's pictures and its downloads."""

    def __init__(self, org: Org) -> None:
        self._org = org
        self._done: dict[str, Layout] = {}

    def of(self, outcome: OutcomeBase) -> Layout:
        found = self._done.get(outcome.id)
        if found is None:
            found = self._done[outcome.id] = layout(self._org, outcome)
        return found
