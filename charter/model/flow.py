"""How work flows through an outcome: its steps, the links between them, and the paths along them.

Shared by the rules (pass-around, silent hand-off), the pages (swim-lanes) and the model's facts,
which say which links are hand-offs (:meth:`charter.model.facts.Facts.hands_off`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from charter.schema.models import OutcomeBase, StepBase, outcome_steps

if TYPE_CHECKING:
    from charter.model.graph import Org

MAX_WORK = 200_000  # steps visited: plenty for any real outcome, a bound on a pathological one


@dataclass(frozen=True)
class Flow:
    outcome: OutcomeBase
    steps: dict[str, StepBase]
    successors: dict[str, tuple[str, ...]]

    @functools.cached_property
    def loops(self) -> tuple[tuple[str, str], ...]:
        """The links that go back to an earlier step ("reopen the case"), in written order."""
        back = back_edges(list(self.steps), self.successors)
        return tuple(link for link in self._written_links() if link in back)

    def _written_links(self) -> Iterator[tuple[str, str]]:
        for sid, nexts in self.successors.items():
            for nid in nexts:
                yield sid, nid

    def links(self) -> Iterator[tuple[StepBase, StepBase]]:
        for sid, nexts in self.successors.items():
            for nid in nexts:
                yield self.steps[sid], self.steps[nid]

    def first_of(self, marked: list[str]) -> list[str]:
        """The marked steps that no other marked step leads to: every path from a marked step
        is part of a path from one of these."""
        reached: set[str] = set()
        stack = [n for sid in marked for n in self.successors[sid]]
        while stack:
            sid = stack.pop()
            if sid not in reached:
                reached.add(sid)
                stack.extend(self.successors[sid])
        first = [sid for sid in marked if sid not in reached]
        return first or marked[:1]  # every marked step on a loop: any one of them will do

    def paths(self, starts: list[str]) -> Iterator[list[str]]:
        """Simple paths (no step twice) from each start to a step with nowhere further to go.

        Iterative, so a chain of thousands of steps cannot exhaust the stack; bounded by
        MAX_WORK steps visited in all, so a densely linked outcome cannot take forever.
        """
        work = 0
        for start in starts:
            if all(n == start for n in self.successors[start]):
                yield [start]
                continue
            path, on_path = [start], {start}
            stack = [iter(self.successors[start])]
            while stack:
                work += 1
                if work > MAX_WORK:
                    return
                nid = next((n for n in stack[-1] if n not in on_path), None)
                if nid is None:
                    stack.pop()
                    on_path.discard(path.pop())
                    continue
                path.append(nid)
                on_path.add(nid)
                onward = [n for n in self.successors[nid] if n not in on_path]
                if onward:
                    stack.append(iter(onward))
                else:
                    yield list(path)
                    on_path.discard(path.pop())


def back_edges(order: list[str], successors: dict[str, tuple[str, ...]]) -> set[tuple[str, str]]:
    """Links that close a loop ("reopen the case"): those on a cycle that go back to a step
    written at or before their own. Every cycle has one (its steps cannot all be written after
    each other), so cutting them leaves no loop; and it is the link a reader sees going back,
    whichever way a walk of the flow would have met the cycle first."""
    position = {sid: i for i, sid in enumerate(order)}
    component = _components(order, successors)
    return {
        (sid, nid)
        for sid in order
        for nid in successors[sid]
        if position[nid] <= position[sid] and component[nid] == component[sid]
    }


def post_order(order: list[str], edges: Mapping[str, Sequence[str]]) -> list[str]:
    """Every step after all the steps it reaches by ``edges`` (those not already listed), roots
    taken in ``order``: with successors, the first walk of Kosaraju's; with predecessors, a
    topological order once loops are cut. Iterative: no recursion limit on long chains."""
    listed: list[str] = []
    seen: set[str] = set()
    for root in order:
        if root in seen:
            continue
        seen.add(root)
        stack = [(root, iter(edges[root]))]
        while stack:
            sid, onward = stack[-1]
            nid = next((n for n in onward if n not in seen), None)
            if nid is None:
                listed.append(sid)
                stack.pop()
            else:
                seen.add(nid)
                stack.append((nid, iter(edges[nid])))
    return listed


def _components(order: list[str], successors: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Each step's strongly connected component (Kosaraju's two walks, iterative: no recursion
    limit on long chains): two steps share one when each can reach the other."""
    finished = post_order(order, successors)
    predecessors: dict[str, list[str]] = {sid: [] for sid in order}
    for sid in order:
        for nid in successors[sid]:
            predecessors[nid].append(sid)
    component: dict[str, int] = {}
    for root in reversed(finished):
        if root in component:
            continue
        component[root] = len(component)
        label, todo = component[root], [root]
        while todo:
            for pid in predecessors[todo.pop()]:
                if pid not in component:
                    component[pid] = label
                    todo.append(pid)
    return component


class Flows:
    """Every outcome's flow in one model, each computed once (``org.facts.part(Flows)``)."""

    def __init__(self, org: Org) -> None:
        self._flows: dict[str, Flow] = {}

    def of(self, outcome: OutcomeBase) -> Flow:
        found = self._flows.get(outcome.id)
        if found is None or found.outcome is not outcome:
            found = self._flows[outcome.id] = flow(outcome)
        return found


def flow(outcome: OutcomeBase, org: Org | None = None) -> Flow:
    """The outcome's flow; with ``org``, computed once for that model."""
    if org is not None:
        return org.facts.part(Flows).of(outcome)
    steps: dict[str, StepBase] = {}
    for step in outcome_steps(outcome):
        steps.setdefault(step.id, step)
    successors = {sid: tuple(n for n in dict.fromkeys(step.next) if n in steps) for sid, step in steps.items()}
    return Flow(outcome, steps, successors)
