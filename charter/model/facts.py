"""The facts derived from one model, each defined once and computed on first use.

Every face — the site's pages, the JSON API, the MCP server, ``charter ask``, CODEOWNERS, the
rules and ``charter diff`` — reads these, so that a fact shown in two places has one meaning:

* the **letters** of a step, by the scheme's keys, and which keys perform, answer for, or only
  listen (consulted, informed, support …);
* the **holders** of a role: the people its file names, in its order, each once, unknown ids left
  out (they are the reference rule's business), and the roles a person holds;
* a **hand-off**: a ``next`` link between two steps whose performing roles differ — a step going
  from {a, b} to {a} hands off as much as one going from {a} to {b}: the people doing the work
  change, so something must be passed on.

A stage that derives more for itself keeps it as a typed part (``org.facts.part(References)``),
never under a string key; nothing here is written after it is first computed.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from charter.model.flow import flow
from charter.schema.models import OutcomeBase, Person, Role, StepBase, outcome_steps, step_letters

if TYPE_CHECKING:
    from charter.model.graph import Org

P = TypeVar("P")


@dataclass(frozen=True, slots=True)
class StepRef:
    """A step with its outcome and position (for locating problems in the outcome's file)."""

    outcome: OutcomeBase
    index: int
    step: StepBase

    @property
    def target(self) -> str:
        return f"step:{self.outcome.id}/{self.step.id}"


class Facts:
    """What every stage derives from one model (``org.facts``)."""

    def __init__(self, org: Org) -> None:
        self._org = org
        self._letters: dict[int, dict[str, tuple[str, ...]]] = {}
        self._parts: dict[Callable[[Org], object], object] = {}

    # --- steps and their letters -----------------------------------------------------------------

    @functools.cached_property
    def steps(self) -> list[StepRef]:
        return [
            StepRef(outcome, index, step)
            for outcome in self._org.outcomes.values()
            for index, step in enumerate(outcome_steps(outcome))
        ]

    def letters(self, step: StepBase) -> dict[str, tuple[str, ...]]:
        """The step's ids under each letter key of the scheme (by the step object's identity: a
        model's steps live as long as the model)."""
        found = self._letters.get(id(step))
        if found is None:
            found = self._letters[id(step)] = {key: step_letters(step, key) for key in self._org.scheme.keys}
        return found

    @functools.cached_property
    def performer_key(self) -> str:
        return self._org.scheme.performer.key

    @functools.cached_property
    def accountable_keys(self) -> tuple[str, ...]:
        return tuple(letter.key for letter in self._org.scheme.letters if letter.accountable)

    @functools.cached_property
    def listener_keys(self) -> tuple[str, ...]:
        """The letter keys that neither perform nor answer for a step."""
        return tuple(
            letter.key for letter in self._org.scheme.letters if not letter.performs and not letter.accountable
        )

    def performers(self, step: StepBase) -> tuple[str, ...]:
        return self.letters(step)[self.performer_key]

    def accountable(self, step: StepBase) -> tuple[str, ...]:
        letters = self.letters(step)
        return tuple(i for key in self.accountable_keys for i in letters[key])

    def listeners(self, step: StepBase) -> tuple[str, ...]:
        letters = self.letters(step)
        return tuple(i for key in self.listener_keys for i in letters[key])

    # --- people and roles ------------------------------------------------------------------------

    @functools.cached_property
    def _holders(self) -> dict[str, tuple[Person, ...]]:
        people = self._org.people
        return {
            role.id: tuple(people[p] for p in dict.fromkeys(role.holders) if p in people)
            for role in self._org.roles.values()
        }

    def holders(self, role_id: str) -> tuple[Person, ...]:
        """The people holding a role, in the role file's order, each once ((), for no such role)."""
        return self._holders.get(role_id, ())

    @functools.cached_property
    def _held(self) -> dict[str, tuple[Role, ...]]:
        held: dict[str, list[Role]] = defaultdict(list)
        for role in self._org.roles.values():
            for person in dict.fromkeys(role.holders):
                held[person].append(role)
        return {person: tuple(roles) for person, roles in held.items()}

    def roles_held(self, person_id: str) -> tuple[Role, ...]:
        """The roles naming a person among their holders, in id order."""
        return self._held.get(person_id, ())

    # --- hand-offs -------------------------------------------------------------------------------

    def hands_off(self, before: StepBase, after: StepBase) -> bool:
        """The one definition of a hand-off (see the module's docstring)."""
        return set(self.performers(before)) != set(self.performers(after))

    def handoffs(self, outcome: OutcomeBase) -> list[tuple[StepBase, StepBase]]:
        """Every hand-off of an outcome, in the order of its steps and their ``next`` lists."""
        return [(a, b) for a, b in flow(outcome, self._org).links() if self.hands_off(a, b)]

    def hands_off_to(self, outcome: OutcomeBase, step: StepBase) -> list[str]:
        """The ids of the steps ``step`` hands off to, in its ``next`` list as written."""
        steps = flow(outcome, self._org).steps
        return [nid for nid in step.next if nid in steps and self.hands_off(step, steps[nid])]

    # --- what other stages derive ----------------------------------------------------------------

    def part(self, make: Callable[[Org], P]) -> P:
        """The part ``make`` computes for this model (``make`` is a class taking the model)."""
        found = self._parts.get(make)
        if found is None:
            found = self._parts[make] = make(self._org)
        return found  # type: ignore[return-value]  # stored under its own maker: always a P
