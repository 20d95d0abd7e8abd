"""How people work together, measured: each measure defined once, on the model's own facts.

``charter diff`` compares these between two versions of an organisation; the rules read the same
ones (``pass-around``, ``unreciprocated-collaboration``), so a measure a reviewer is shown means
what the site and the health page mean:

* per promise: its **hand-offs** (the model's one definition, :meth:`Facts.hands_off`), the
  **teams** whose roles do its steps, the roles the **customer meets** (those performing a
  touchpoint), its **loops** (links back to an earlier step), its worst **pass-around** (the
  internal roles a request goes through from the first touchpoint), and the **cover** of each
  step: the people who hold the roles performing it, and those answering for it;
* per role: its **load**, the steps it performs and those it answers for;
* per person: the promises that stop when they alone are away;
* the **one-sided collaborations**: a role lists another that does not list it back.

Computed on first use, once per model (``org.facts.part(Measures)``).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from charter.model.flow import flow
from charter.model.graph import Org
from charter.schema.models import OutcomeBase, StepBase


@dataclass(frozen=True)
class Cover:
    """Who can do one letter of one step: the people holding the internal roles that hold it."""

    step: str
    letter: str  # the letter's one-letter code: R, A
    people: frozenset[str]


@dataclass(frozen=True)
class OutcomeMeasures:
    handoffs: int
    teams: tuple[str, ...]  # team ids, sorted
    customer_meets: tuple[str, ...]  # role ids, sorted
    loops: tuple[tuple[str, str], ...]  # (from step, back to step), in written order
    pass_around: tuple[str, ...]  # the roles of the worst path, in the order met
    covers: tuple[Cover, ...]  # letters held by an external party, or by nobody at all, left out

    @property
    def absence(self) -> int | None:
        """The fewest people whose absence leaves a step with nobody to do or answer for it."""
        return min((len(c.people) for c in self.covers), default=None)


@dataclass(frozen=True)
class Load:
    performs: int  # steps the role is Responsible for (the scheme's performing letter)
    answers: int  # steps it is Accountable for


@dataclass(frozen=True)
class Snapshot:
    """Every measure of one model as plain data, to hand to another process that has built the
    same model from the same files (``charter diff`` measures its base in a second process)."""

    outcomes: dict[str, OutcomeMeasures]
    loads: dict[str, Load]
    critical: dict[str, dict[str, tuple[str, ...]]]
    one_sided: tuple[tuple[str, str, int], ...]


class Measures:
    """Every measure of one model (``org.facts.part(Measures)``)."""

    def __init__(self, org: Org) -> None:
        self._org = org
        self._outcomes: dict[str, OutcomeMeasures] = {}
        self._worst: dict[str, tuple[str, ...]] = {}

    @functools.cached_property
    def letters(self) -> tuple[str, str]:
        """The codes of the performing and the (first) accountable letter: R and A in RACI."""
        scheme = self._org.scheme
        return scheme.performer.letter, next(x.letter for x in scheme.letters if x.accountable)

    def outcome(self, outcome: OutcomeBase) -> OutcomeMeasures:
        found = self._outcomes.get(outcome.id)
        if found is None:
            found = self._outcomes[outcome.id] = self._measure(outcome)
        return found

    def _measure(self, outcome: OutcomeBase) -> OutcomeMeasures:
        org = self._org
        graph = flow(outcome, org)
        performed = [r for step in graph.steps.values() for r in org.performers(step) if r in org.roles]
        met = {r for step in graph.steps.values() if step.touchpoint for r in org.performers(step) if r in org.roles}
        return OutcomeMeasures(
            handoffs=len(org.facts.handoffs(outcome)),
            teams=tuple(sorted({org.roles[r].team for r in performed})),
            customer_meets=tuple(sorted(met)),
            loops=graph.loops,
            pass_around=self.pass_around(outcome),
            covers=tuple(self._covers(graph.steps.values())),
        )

    def pass_around(self, outcome: OutcomeBase) -> tuple[str, ...]:
        """The most internal roles a customer's request passes through, from the first touchpoint
        to where the outcome ends (the pass-around rule's measure; apart from the others, which
        only ``charter diff`` needs all of)."""
        found = self._worst.get(outcome.id)
        if found is None:
            found = self._worst[outcome.id] = self._worst_path(outcome)
        return found

    def _worst_path(self, outcome: OutcomeBase) -> tuple[str, ...]:
        org = self._org
        graph = flow(outcome, org)
        starts = graph.first_of([sid for sid, step in graph.steps.items() if step.touchpoint])
        worst: list[str] = []
        for path in graph.paths(starts):
            roles = list(dict.fromkeys(r for sid in path for r in org.performers(graph.steps[sid]) if r in org.roles))
            if len(roles) > len(worst):
                worst = roles
        return tuple(worst)

    @functools.cached_property
    def _people_of(self) -> dict[str, frozenset[str]]:
        """Each role's people, as a set (the covers ask it for every letter of every step)."""
        return {r: frozenset(p.id for p in self._org.holders(r)) for r in self._org.roles}

    def _covers(self, steps: Iterable[StepBase]) -> list[Cover]:
        facts, people_of = self._org.facts, self._people_of
        performs, answers = self.letters
        found = []
        for step in steps:
            for code, ids in ((performs, facts.performers(step)), (answers, facts.accountable(step))):
                # A letter held by the customer or a supplier is never short of people; one held
                # by no id at all is the step-letters rule's business, not a gap in cover.
                if not ids or any(i not in people_of for i in ids):
                    continue
                people = people_of[ids[0]] if len(ids) == 1 else frozenset().union(*(people_of[i] for i in ids))
                found.append(Cover(step.id, code, people))
        return found

    @functools.cached_property
    def loads(self) -> dict[str, Load]:
        """Each role's load: the steps it performs and those it answers for (0 and 0 for none)."""
        org = self._org
        performs: dict[str, int] = defaultdict(int)
        answers: dict[str, int] = defaultdict(int)
        for ref in org.steps():
            for role in dict.fromkeys(org.performers(ref.step)):
                performs[role] += 1
            for role in dict.fromkeys(org.accountable(ref.step)):
                answers[role] += 1
        return {r: Load(performs[r], answers[r]) for r in org.roles}

    @functools.cached_property
    def critical(self) -> dict[str, dict[str, tuple[str, ...]]]:
        """Person id → outcome id → the steps (ids, in written order) that stop when that person
        alone is away: nobody else holds a role to do them, or to answer for them."""
        found: dict[str, dict[str, list[str]]] = defaultdict(dict)
        for outcome in self._org.outcomes.values():
            for cover in self.outcome(outcome).covers:
                if len(cover.people) == 1:
                    steps = found[next(iter(cover.people))].setdefault(outcome.id, [])
                    if cover.step not in steps:
                        steps.append(cover.step)
        return {
            person: {o: tuple(steps) for o, steps in sorted(outcomes.items())} for person, outcomes in found.items()
        }

    @functools.cached_property
    def one_sided(self) -> tuple[tuple[str, str, int], ...]:
        """(role, the role it lists, the collaborator's index) where the other role's charter does
        not list it back. External parties are exempt: their charters are not written here."""
        roles = self._org.roles
        found = []
        for role in roles.values():
            for i, collaborator in enumerate(role.collaborators):
                other = roles.get(collaborator.role)
                if other is None or other.id == role.id:
                    continue
                if not any(back.role == role.id for back in other.collaborators):
                    found.append((role.id, other.id, i))
        return tuple(found)

    def snapshot(self) -> Snapshot:
        outcomes = {o.id: self.outcome(o) for o in self._org.outcomes.values()}
        return Snapshot(outcomes, self.loads, self.critical, self.one_sided)

    def adopt(self, snapshot: Snapshot) -> None:
        """Take the measures of a snapshot of this same model instead of computing them."""
        self._outcomes.update(snapshot.outcomes)
        self._worst.update((oid, m.pass_around) for oid, m in snapshot.outcomes.items())
        # Where functools.cached_property keeps a computed value: the instance's dictionary.
        self.__dict__.update(loads=snapshot.loads, critical=snapshot.critical, one_sided=snapshot.one_sided)


def measures(org: Org) -> Measures:
    return org.facts.part(Measures)
