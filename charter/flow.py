"""How work flows through an outcome: steps, the links between them, and hand-offs.

Shared by the rules (pass-around, silent hand-off) and the pages (hand-off counts, swim-lanes),
so that "a hand-off" means the same thing everywhere: a ``next`` link between two steps whose
performing roles differ.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from charter.model import Org
from charter.schema.models import OutcomeBase, StepBase, outcome_steps

MAX_PATHS = 10_000  # enough for any real outcome; bounds the work on a pathological one


@dataclass(frozen=True)
class Flow:
    outcome: OutcomeBase
    steps: dict[str, StepBase]
    successors: dict[str, tuple[str, ...]]

    def links(self) -> Iterator[tuple[StepBase, StepBase]]:
        for sid, nexts in self.successors.items():
            for nid in nexts:
                yield self.steps[sid], self.steps[nid]

    def paths(self, starts: list[str]) -> Iterator[list[str]]:
        """Simple paths (no step twice) from each start to a step with nowhere further to go."""
        budget = [MAX_PATHS]
        for start in starts:
            yield from self._walk([start], {start}, budget)

    def _walk(self, path: list[str], on_path: set[str], budget: list[int]) -> Iterator[list[str]]:
        if budget[0] <= 0:
            return
        onward = [n for n in self.successors[path[-1]] if n not in on_path]
        if not onward:
            budget[0] -= 1
            yield list(path)
            return
        for nid in onward:
            path.append(nid)
            on_path.add(nid)
            yield from self._walk(path, on_path, budget)
            on_path.discard(nid)
            path.pop()


def flow(outcome: OutcomeBase) -> Flow:
    steps: dict[str, StepBase] = {}
    for step in outcome_steps(outcome):
        steps.setdefault(step.id, step)
    successors = {sid: tuple(n for n in dict.fromkeys(step.next) if n in steps) for sid, step in steps.items()}
    return Flow(outcome, steps, successors)


def is_handoff(org: Org, before: StepBase, after: StepBase) -> bool:
    return set(org.performers(before)) != set(org.performers(after))
