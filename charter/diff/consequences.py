"""What a change does to the way people work together: the model's measures, before and after.

:mod:`charter.diff.compare` says what was edited (a letter moved, a holder left); this module
says what follows from it, in the measures :mod:`charter.model.measures` defines once for the
site and the rules: hand-offs, teams crossed, whom the customer meets, loops, pass-arounds, the
people who can do or answer for each step, each role's load, the promises that stop when one
person is away, and collaborations known to one side only. Ids are compared through the
rename maps, so a renamed role, team, person or promise is no consequence; wording never is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from charter.core.words import count, plural
from charter.diff.compare import Change, Differ
from charter.load.tree import locate
from charter.model.graph import Org
from charter.model.measures import Cover, Measures, OutcomeMeasures, measures
from charter.schema.models import OutcomeBase, StepBase, outcome_steps

WORSE, BETTER, NEUTRAL = "worse", "better", "neutral"
# Shown in the summary at the top: the rest (a role's load, a person's roles, the same gap seen
# from the person or as a count) is detail under its promise, role or person.
SUMMARISED = frozenset(
    {"handoffs", "teams-crossed", "customer-meets", "loops", "pass-around", "step-cover", "one-sided"}
)
KeyPath = tuple[str | int, ...]
SHOWN = 3  # new hand-offs named in a sentence


@dataclass(frozen=True)
class Consequence:
    kind: str  # stable, for JSON: handoffs, teams-crossed, customer-meets, loops, pass-around, …
    scope: str  # outcome | role | person
    subject: str  # its id after the change
    name: str  # its title or name
    effect: str  # worse | better | neutral
    text: str  # one sentence, without the subject's name (the heading above says it)
    data: dict[str, Any] = field(default_factory=dict)
    at: tuple[str, int, int] | None = None  # file inside the head's folder, line, column

    @property
    def summarised(self) -> bool:
        return self.effect != NEUTRAL and self.kind in SUMMARISED


def _effect(before: float, after: float, *, more_is_worse: bool = True) -> str:
    if before == after:
        return NEUTRAL
    return WORSE if (after > before) == more_is_worse else BETTER


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class Consequences:
    """Every consequence of one change (``Consequences(differ).run()``)."""

    def __init__(self, differ: Differ) -> None:
        self.d = differ
        self.base: Org = differ.base
        self.head: Org = differ.head
        self.mb: Measures = measures(differ.base)
        self.mh: Measures = measures(differ.head)
        self.found: list[Consequence] = []
        self.performs_label, self.answers_label = (
            self.head.scheme.performer.label,
            next(x.label for x in self.head.scheme.letters if x.accountable),
        )

    def run(self) -> list[Consequence]:
        for old_id, before in self.base.outcomes.items():
            after = self.head.outcomes.get(self.d.outcome_map.get(old_id, old_id))
            if after is not None and not self._unchanged(before, after):
                self._outcome(before, after)
        self._loads()
        self._one_sided()
        self._people()
        return self.found

    # --- where, and how a consequence is added ---------------------------------------------------

    def _at(self, kind: str, entity_id: str, path: KeyPath) -> tuple[str, int, int]:
        source = self.head.source(kind, entity_id)
        line, column = locate(source.data, path)
        return source.rel, line, column

    def _add(self, outcome: OutcomeBase, kind: str, effect: str, text: str, path: KeyPath, **data: Any) -> None:
        at = self._at("outcome", outcome.id, path)
        self.found.append(Consequence(kind, "outcome", outcome.id, outcome.name, effect, text, data, at))

    # --- per promise -------------------------------------------------------------------------------

    def _outcome(self, before: OutcomeBase, after: OutcomeBase) -> None:
        b, a = self.mb.outcome(before), self.mh.outcome(after)
        where = self._first_moved(before, after)
        if b.handoffs != a.handoffs:
            self._handoffs(before, after, b.handoffs, a.handoffs, where)
        self._teams(after, b, a, where)
        self._customer(after, b, a, where)
        self._loops(before, after, b, a)
        self._pass_around(after, b, a, where)
        self._covers(before, after, b, a)

    def _handoffs(self, before: OutcomeBase, after: OutcomeBase, was: int, now: int, where: KeyPath) -> None:
        step = self._step(before, after)
        old = {(step(x.id), step(y.id)) for x, y in self.base.facts.handoffs(before)}
        new = [(x, y) for x, y in self.head.facts.handoffs(after) if (x.id, y.id) not in old]
        shown = [self._handoff_text(x, y) for x, y in new[:SHOWN]]
        more = f", and {len(new) - SHOWN} more" if len(new) > SHOWN else ""
        listed = f" New: {'; '.join(shown)}{more}." if shown else ""
        word = "more" if now > was else "fewer"
        self._add(
            after, "handoffs", _effect(was, now),
            f"{abs(now - was)} {word} {plural(abs(now - was), 'hand-off')}: {now}, was {was}.{listed}", where,
            before=was, after=now, added=[[x.id, y.id] for x, y in new],
        )  # fmt: skip

    def _handoff_text(self, x: StepBase, y: StepBase) -> str:
        """ "Log the case" → "Apply a known fix", from Customer Service to IT."""
        teams = [self._team_names({self.head.roles[r].team for r in self.head.performers(s) if r in self.head.roles})
                 for s in (x, y)]  # fmt: skip
        crossing = f", from {_and(teams[0])} to {_and(teams[1])}" if teams[0] != teams[1] and all(teams) else ""
        return f"\u201c{x.name}\u201d \u2192 \u201c{y.name}\u201d{crossing}"

    def _unchanged(self, before: OutcomeBase, after: OutcomeBase) -> bool:
        """The same outcome, done by roles whose team and people are the same: its measures are
        too (most outcomes of a large organisation, in most changes)."""
        if before != after:
            return False
        base, head, people = self.base.roles, self.head.roles, self.d.person_map
        for step in outcome_steps(after):
            for role_id in (*self.head.performers(step), *self.head.accountable(step)):
                old, new = base.get(role_id), head.get(role_id)
                if old is None or new is None:
                    if (old is None) != (new is None) or role_id in self.d.actor_map:
                        return False
                    continue  # an external party on both sides
                if self.d.team_map.get(old.team, old.team) != new.team or role_id in self.d.actor_map:
                    return False
                if [people.get(p, p) for p in old.holders] != list(new.holders):
                    return False
                if any(p not in self.head.people for p in new.holders):  # a holder's file gone
                    return False
        return True

    def _first_moved(self, before: OutcomeBase, after: OutcomeBase) -> KeyPath:
        """The first step whose performers the change moved (where a reviewer looks), else the steps."""
        step_id = self._step(before, after)
        old = {step_id(s.id): s for s in outcome_steps(before)}
        key = self.head.scheme.performer.key
        for i, step in enumerate(outcome_steps(after)):
            was = old.get(step.id)
            # The same step in two versions (a hand-off compares two steps of one version).
            now = sorted(self.head.performers(step))
            if was is None or sorted(self._role(r) for r in self.base.performers(was)) != now:
                return ("steps", i, key)
        return ("steps",)

    def _step(self, before: OutcomeBase, after: OutcomeBase) -> Callable[[str], str]:
        """Old step id → its id after the change (the same, unless the step was renamed)."""
        moved = self.d.step_map(before, after)
        return lambda sid: moved.get(sid, sid)

    def _role(self, old_id: str) -> str:
        return self.d.actor_map.get(old_id, old_id)

    def _team_names(self, ids: Iterable[str]) -> list[str]:
        return [self.head.teams[t].name if t in self.head.teams else t for t in sorted(ids)]

    def _teams(self, after: OutcomeBase, b: OutcomeMeasures, a: OutcomeMeasures, where: KeyPath) -> None:
        was = {self.d.team_map.get(t, t) for t in b.teams}
        now = set(a.teams)
        if was == now:
            return
        said = _also_no_longer("crosses", self._team_names(now - was), self._team_names(was - now))
        self._add(
            after, "teams-crossed", _effect(len(was), len(now)),
            f"The flow {said}: {count(len(now), 'team')}, was {len(was)}.", where,
            before=sorted(was), after=sorted(now),
        )  # fmt: skip

    def _customer(self, after: OutcomeBase, b: OutcomeMeasures, a: OutcomeMeasures, where: KeyPath) -> None:
        was = {self._role(r) for r in b.customer_meets}
        now = set(a.customer_meets)
        if was == now:
            return
        people = sorted({p.id for r in now for p in self.head.holders(r)})
        said = _also_no_longer(
            "meets", [self._titled(r) for r in sorted(now - was)], [self.d.actor(r) for r in sorted(was - now)]
        )
        self._add(
            after, "customer-meets", _effect(len(was), len(now)),
            f"At its touchpoints the customer {said}: {count(len(now), 'role')}, was {len(was)}.",
            where, before=sorted(was), after=sorted(now), people_after=people,
        )  # fmt: skip

    def _titled(self, role_id: str) -> str:
        """A role with the people holding it: "Support Engineer (Marek Kowalski, Diego Alvarez)"."""
        people = [p.name for p in self.head.holders(role_id)]
        return f"{self.d.actor(role_id)} ({', '.join(people) if people else 'vacant'})"

    def _loops(self, before: OutcomeBase, after: OutcomeBase, b: OutcomeMeasures, a: OutcomeMeasures) -> None:
        step = self._step(before, after)
        was, now = {(step(x), step(y)) for x, y in b.loops}, set(a.loops)
        if was == now:
            return
        steps = {s.id: s for s in outcome_steps(after)}
        index = {s.id: i for i, s in enumerate(outcome_steps(after))}

        def said(links: Iterable[tuple[str, str]]) -> str:
            return _and([f"\u201c{steps[x].name}\u201d goes back to \u201c{steps[y].name}\u201d" for x, y in links])

        added = [link for link in a.loops if link not in was]
        gone = sorted(was - now)
        parts = []
        if added:
            parts.append(f"{'A loop appears' if len(added) == 1 else 'Loops appear'}: {said(added)}")
        if gone:
            parts.append(f"no longer loops: {_and([f'“{x}” → “{y}”' for x, y in gone])}")
        where: KeyPath = ("steps", index[added[0][0]], "next") if added else ("steps",)
        self._add(
            after, "loops", _effect(len(was), len(now)) if len(was) != len(now) else (WORSE if added else BETTER),
            "; ".join(parts) + ".", where, before=len(was), after=len(now), added=[list(x) for x in added],
        )  # fmt: skip

    def _pass_around(self, after: OutcomeBase, b: OutcomeMeasures, a: OutcomeMeasures, where: KeyPath) -> None:
        if len(b.pass_around) == len(a.pass_around):
            return
        path = " \u2192 ".join(self.d.actor(r) for r in a.pass_around)
        self._add(
            after, "pass-around", _effect(len(b.pass_around), len(a.pass_around)),
            f"A customer's request can pass through {count(len(a.pass_around), 'role')} from the first "
            f"touchpoint, was {len(b.pass_around)}: {path}.", where,
            before=len(b.pass_around), after=len(a.pass_around), roles=list(a.pass_around),
        )  # fmt: skip

    # --- who can do each step ----------------------------------------------------------------------

    def _covers(self, before: OutcomeBase, after: OutcomeBase, b: OutcomeMeasures, a: OutcomeMeasures) -> None:
        step_id = self._step(before, after)
        was = {(step_id(c.step), c.letter): c for c in b.covers}
        index = {s.id: (i, s) for i, s in enumerate(outcome_steps(after))}
        for cover in a.covers:
            old = was.get((cover.step, cover.letter))
            n, m = len(cover.people), (len(old.people) if old is not None else None)
            if (m is None and n > 1) or (m is not None and min(m, 2) == min(n, 2)):
                continue  # a category unchanged: nobody, one person, or more
            i, step = index[cover.step]
            key = self._letter_key(cover.letter)
            self._add(
                after, "step-cover", WORSE if m is None or n < m else BETTER,
                self._cover_text(step, cover, m), ("steps", i, key),
                step=cover.step, letter=cover.letter, before=m, after=n, people=sorted(cover.people),
            )  # fmt: skip
        if b.absence != a.absence and a.absence is not None:
            self._add(
                after, "absence", _effect(b.absence or 0, a.absence, more_is_worse=False),
                f"The fewest people whose absence leaves a step with nobody: {a.absence}, was {b.absence}.",
                ("steps",), before=b.absence, after=a.absence,
            )  # fmt: skip

    def _letter_key(self, code: str) -> str:
        return next(x.key for x in self.head.scheme.letters if x.letter == code)

    def _cover_text(self, step: StepBase, cover: Cover, was: int | None) -> str:
        doing = "do" if cover.letter == self.mh.letters[0] else "answer for"
        label = self.performs_label if doing == "do" else self.answers_label
        before = "" if was is None else f" (was {count(was, 'person', 'people')})"
        if not cover.people:
            holding = self.head.performers(step) if doing == "do" else self.head.accountable(step)
            roles = [self.d.actor(r) for r in holding]
            are = "is" if len(roles) == 1 else "are"
            return f"Nobody can {doing} \u201c{step.name}\u201d: {_and(roles)}, {label} for it, {are} vacant{before}."
        if len(cover.people) == 1:
            return f"Only {self.d.person(next(iter(cover.people)))} can {doing} \u201c{step.name}\u201d{before}."
        return f"\u201c{step.name}\u201d: {count(len(cover.people), 'person', 'people')} can {doing} it{before}."

    # --- per role ----------------------------------------------------------------------------------

    def _loads(self) -> None:
        back = {new: old for old, new in self.d.role_map.items()}
        for role_id, now in self.mh.loads.items():
            old_id = back.get(role_id, role_id)
            was = self.mb.loads.get(old_id) if old_id in self.base.roles else None
            if was == now or (was is None and not (now.performs or now.answers)):
                continue
            was_p, was_a = (was.performs, was.answers) if was is not None else (0, 0)
            parts = [
                f"{label} for {count(n, 'step')}, was {m}"
                for label, n, m in (
                    (self.performs_label, now.performs, was_p),
                    (self.answers_label, now.answers, was_a),
                )
                if n != m
            ]
            text = "; ".join(parts) + "."
            r, a = self.mh.letters
            self.found.append(
                Consequence(
                    "role-load", "role", role_id, self.head.roles[role_id].title, NEUTRAL, text,
                    {"before": {r: was_p, a: was_a}, "after": {r: now.performs, a: now.answers}},
                    self._at("role", role_id, ("id",)),
                )
            )  # fmt: skip

    def _one_sided(self) -> None:
        was = {(self._role(x), self._role(y)) for x, y, _i in self.mb.one_sided}
        now = {(x, y): i for x, y, i in self.mh.one_sided}
        for (x, y), i in now.items():
            if (x, y) not in was:
                on = self.head.roles[x].collaborators[i].on
                text = (
                    f"Works with {self.d.actor(y)} on \u201c{on}\u201d, but {self.d.actor(y)}'s charter does not "
                    "mention it: one side does not know it owes the other."
                )
                self._one_sided_add(x, y, WORSE, text, ("collaborators", i, "role"), before=False, after=True)
        for x, y in sorted(was - set(now)):
            if x in self.head.roles and y in self.head.roles:
                mutual = any(c.role == x for c in self.head.roles[y].collaborators)
                text = (
                    f"{self.d.actor(y)} now lists it back: the collaboration is known to both sides."
                    if mutual
                    else f"No longer lists {self.d.actor(y)}, who did not list it back."
                )
                self._one_sided_add(
                    x, y, BETTER if mutual else NEUTRAL, text, ("collaborators",), before=True, after=False
                )

    def _one_sided_add(self, x: str, y: str, effect: str, text: str, path: KeyPath, **data: Any) -> None:
        self.found.append(
            Consequence(
                "one-sided", "role", x, self.head.roles[x].title, effect, text, {"with": y, **data},
                self._at("role", x, path),
            )
        )  # fmt: skip

    # --- per person --------------------------------------------------------------------------------

    def _people(self) -> None:
        back = {new: old for old, new in self.d.person_map.items()}
        for person_id, person in self.head.people.items():
            old_id = back.get(person_id, person_id)
            if old_id not in self.base.people:
                continue
            self._person_roles(person_id, old_id, person.name)
            self._critical(person_id, old_id, person.name)

    def _person_roles(self, person_id: str, old_id: str, name: str) -> None:
        was = sorted(self._role(r.id) for r in self.base.facts.roles_held(old_id))
        now = sorted(r.id for r in self.head.facts.roles_held(person_id))
        if was == now:
            return

        def titles(ids: list[str]) -> str:
            return _and([self.d.actor(r) for r in ids]) if ids else "no role"

        self.found.append(
            Consequence(
                "person-roles", "person", person_id, name, NEUTRAL,
                f"{'Holds' if now else 'Now holds'} {titles(now)} (was {titles(was)}).",
                {"before": was, "after": now}, self._at("person", person_id, ("id",)),
            )
        )  # fmt: skip

    def _critical(self, person_id: str, old_id: str, name: str) -> None:
        was = sorted(self.d.outcome_map.get(o, o) for o in self.mb.critical.get(old_id, {}))
        mine = self.mh.critical.get(person_id, {})
        now = list(mine)
        if was == now:
            return
        parts = []
        for outcome_id in (o for o in now if o not in was):
            outcome = self.head.outcomes[outcome_id]
            names = {s.id: s.name for s in outcome_steps(outcome)}
            steps = _quoted([names[s] for s in mine[outcome_id]])
            parts.append(f"If {name} is away, nobody else can do or answer for {steps} (\u201c{outcome.name}\u201d)")
        gone = [self.head.outcomes[o].name if o in self.head.outcomes else o for o in was if o not in now]
        if gone:
            stop = "stops" if len(gone) == 1 else "stop"
            parts.append(f"{_quoted(gone)} no longer {stop} when {name} is away")
        self.found.append(
            Consequence(
                "person-critical", "person", person_id, name, WORSE if set(now) - set(was) else BETTER,
                "; ".join(parts) + ".", {"before": was, "after": now}, self._at("person", person_id, ("id",)),
            )
        )  # fmt: skip


def _also_no_longer(verb: str, gained: Sequence[str], lost: Sequence[str]) -> str:
    """ "now also crosses IT and no longer crosses Sales"."""
    parts = [f"now also {verb} {_and(gained)}"] if gained else []
    return " and ".join([*parts, *([f"no longer {verb} {_and(lost)}"] if lost else [])])


def _quoted(names: Sequence[str]) -> str:
    return _and([f"\u201c{n}\u201d" for n in names])


def compared(base: Org, head: Org) -> tuple[list[Change], list[Consequence]]:
    """What the change edits, and what follows from it."""
    differ = Differ(base, head)
    changes = differ.run()
    return changes, Consequences(differ).run()


def worse_first(found: Iterable[Consequence]) -> Iterator[Consequence]:
    """The summary's order: what gets worse, then what gets better, each by subject."""
    for effect in (WORSE, BETTER):
        yield from sorted(
            (c for c in found if c.effect == effect and c.summarised), key=lambda c: (c.name.casefold(), c.subject)
        )
