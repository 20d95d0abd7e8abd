"""How work flows through an outcome: its steps, the links between them, and the paths along them.

Shared by the rules (pass-around, silent hand-off), the pages (swim-lanes) and the model's facts,
which say which links are hand-offs (:meth:`charter.model.facts.Facts.hands_off`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
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
