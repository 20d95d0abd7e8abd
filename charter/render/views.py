"""What the pages show, derived from the model: pure functions, everything sorted.

A role's charter needs more than its own file: the steps where it holds a letter, who declared a
collaboration with it, who it meets through the RACI (the Responsible it is Consulted by, the
Accountable it reports to), its team's interfaces. Computing these once here keeps templates
free of logic and lets the tests check the numbers without parsing pages.
"""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass, field

from charter.model.graph import Org
from charter.render.collabmap import team_handoffs
from charter.schema.models import Collaborator, OutcomeBase, StepBase, outcome_steps
from charter.schema.schemes import Letter


@dataclass(frozen=True)
class Holding:
    """A role's letter in one step."""

    outcome: OutcomeBase
    step: StepBase
    letter: Letter


@dataclass(frozen=True)
class Contact:
    """Someone a role works with: declared in a charter, or met through the RACI."""

    actor: str
    on: str
    when: str | None = None
    not_when: str | None = None
    channel: str | None = None
    source: str = "declared"  # declared | theirs (they declared it) | raci


@dataclass
class Workload:
    role: str
    letters: dict[str, int] = field(default_factory=dict)
    outcomes: int = 0  # accountable end to end
    steps: int = 0


@dataclass(frozen=True)
class Interface:
    """Where one team meets another: a hand-off in an outcome, or a declared collaboration."""

    other_team: str
    about: str
    where: str
    kind: str  # handoff-out | handoff-in | collaboration


class ViewIndex:
    """Lookup tables the pages share, each built once per model on first use: pages for
    thousands of roles each ask them (``org.facts.part(ViewIndex)``)."""

    def __init__(self, org: Org) -> None:
        self._org = org

    @functools.cached_property
    def holdings(self) -> dict[str, list[Holding]]:
        return _holdings_index(self._org)

    @functools.cached_property
    def inbound(self) -> dict[str, list[tuple[str, Collaborator]]]:
        return _inbound(self._org)

    @functools.cached_property
    def interfaces(self) -> dict[str, set[Interface]]:
        return _interfaces(self._org)

    @functools.cached_property
    def person_roles(self) -> dict[str, list[str]]:
        return {person: [r.id for r in self._org.facts.roles_held(person)] for person in self._org.people}

    @functools.cached_property
    def team_roles(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = defaultdict(list)
        for role in self._org.roles.values():
            index[role.team].append(role.id)
        return index

    @functools.cached_property
    def led_by(self) -> dict[str, list[OutcomeBase]]:
        index: dict[str, list[OutcomeBase]] = defaultdict(list)
        for outcome in self._org.outcomes.values():
            if outcome.accountable is not None:
                index[outcome.accountable].append(outcome)
        return index

    @functools.cached_property
    def actor_rank(self) -> dict[str, int]:
        return {a: i for i, a in enumerate(ordered_actors(self._org))}


def _holdings_index(org: Org) -> dict[str, list[Holding]]:
    index: dict[str, list[Holding]] = defaultdict(list)
    for ref in org.steps():
        letters = org.letters(ref.step)
        for letter in org.scheme.letters:
            for actor in letters[letter.key]:
                index[actor].append(Holding(ref.outcome, ref.step, letter))
    return index


def holdings(org: Org, role_id: str) -> list[Holding]:
    return org.facts.part(ViewIndex).holdings.get(role_id, [])


def holdings_by_letter(org: Org, role_id: str) -> list[tuple[Letter, list[Holding]]]:
    mine = holdings(org, role_id)
    by_key: dict[str, list[Holding]] = defaultdict(list)
    for h in mine:
        by_key[h.letter.key].append(h)
    return [(letter, by_key[letter.key]) for letter in org.scheme.letters if by_key.get(letter.key)]


def contacts(org: Org, role_id: str) -> list[Contact]:
    """Declared collaborators first, then those who declared this role, then RACI partners."""
    role = org.roles[role_id]
    out: list[Contact] = [Contact(c.role, c.on, c.when, c.not_when, c.channel, "declared") for c in role.collaborators]
    known = {c.actor for c in out}
    for other_id, c in org.facts.part(ViewIndex).inbound.get(role_id, []):
        if other_id != role_id and other_id not in known:
            out.append(Contact(other_id, c.on, c.when, c.not_when, c.channel, "theirs"))
            known.add(other_id)
    raci: dict[str, list[str]] = defaultdict(list)
    for holding in holdings(org, role_id):
        for holders in org.letters(holding.step).values():
            for actor in holders:
                if actor != role_id and actor not in known and holding.step.name not in raci[actor]:
                    raci[actor].append(holding.step.name)
    for actor in sorted(raci):
        names = raci[actor]
        about = "; ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        out.append(Contact(actor, about, source="raci"))
    return out


def _inbound(org: Org) -> dict[str, list[tuple[str, Collaborator]]]:
    """Role → the roles whose charters list it, each with their first such collaboration."""
    index: dict[str, list[tuple[str, Collaborator]]] = defaultdict(list)
    for other in org.roles.values():
        seen: set[str] = set()
        for c in other.collaborators:
            if c.role not in seen:
                seen.add(c.role)
                index[c.role].append((other.id, c))
    return index


def workloads(org: Org) -> list[Workload]:
    loads = {r: Workload(r, {letter.key: 0 for letter in org.scheme.letters}) for r in org.roles}
    for ref in org.steps():
        for key, holders in org.letters(ref.step).items():
            for actor in set(holders):
                if actor in loads:
                    loads[actor].letters[key] += 1
                    loads[actor].steps += 1
    for outcome in org.outcomes.values():
        if outcome.accountable in loads:
            loads[outcome.accountable].outcomes += 1
    return list(loads.values())


def handoffs(org: Org, outcome: OutcomeBase) -> list[tuple[StepBase, StepBase]]:
    return org.facts.handoffs(outcome)


def touchpoints(outcome: OutcomeBase) -> list[StepBase]:
    return [s for s in outcome_steps(outcome) if s.touchpoint]


def _interfaces(org: Org) -> dict[str, set[Interface]]:
    found: dict[str, set[Interface]] = defaultdict(set)
    # The hand-offs between teams as the collaboration matrix counts them (one definition).
    for outcome in org.outcomes.values():
        for a, b in org.facts.handoffs(outcome):
            for before, after in team_handoffs(org, a, b):
                found[before].add(Interface(after, f"{a.name} → {b.name}", outcome.name, "handoff-out"))
                found[after].add(Interface(before, f"{a.name} → {b.name}", outcome.name, "handoff-in"))
    for role in org.roles.values():
        for c in role.collaborators:
            other_team = org.team_of(c.role)
            if other_team is None or other_team == role.team:
                continue
            found[role.team].add(Interface(other_team, c.on, c.channel or "", "collaboration"))
            found[other_team].add(Interface(role.team, c.on, c.channel or "", "collaboration"))
    return found


def team_interfaces(org: Org, team_id: str) -> list[Interface]:
    found = org.facts.part(ViewIndex).interfaces.get(team_id, set())
    # A collaboration both sides declared shows once (with the first channel named).
    unique: dict[tuple[str, str, str], Interface] = {}
    for interface in sorted(found, key=lambda i: (i.other_team, i.kind, i.about, not i.where, i.where)):
        unique.setdefault((interface.other_team, interface.kind, interface.about), interface)
    return list(unique.values())


def roles_of_person(org: Org, person_id: str) -> list[str]:
    return org.facts.part(ViewIndex).person_roles.get(person_id, [])


def team_roles(org: Org, team_id: str) -> list[str]:
    return org.facts.part(ViewIndex).team_roles.get(team_id, [])


def led_by(org: Org, role_id: str) -> list[OutcomeBase]:
    """The outcomes a role is accountable for end to end."""
    return org.facts.part(ViewIndex).led_by.get(role_id, [])


def outcomes_of_role(org: Org, role_id: str) -> list[OutcomeBase]:
    """Promises that depend on a role: it holds a letter in a step, or answers for the outcome."""
    involved = {h.outcome.id for h in holdings(org, role_id)}
    return [o for o in org.outcomes.values() if o.accountable == role_id or o.id in involved]


@dataclass(frozen=True)
class Matrix:
    """Steps × roles: each cell holds the letters in the scheme's order, joined by "/"."""

    actors: list[str]
    rows: list[tuple[OutcomeBase, StepBase, list[str]]]

    @property
    def cells(self) -> list[tuple[StepBase, list[str]]]:
        return [(step, cells) for _outcome, step, cells in self.rows]


def matrix(org: Org, outcomes: OutcomeBase | list[OutcomeBase]) -> Matrix:
    chosen = outcomes if isinstance(outcomes, list) else [outcomes]
    seen = {a for o in chosen for s in outcome_steps(o) for holders in org.letters(s).values() for a in holders}
    rank = actor_rank(org)
    actors = sorted((a for a in seen if a in rank), key=rank.__getitem__)
    rows = []
    for outcome in chosen:
        for step in outcome_steps(outcome):
            letters = org.letters(step)
            cells = [
                "/".join(letter.letter for letter in org.scheme.letters if actor in letters[letter.key])
                for actor in actors
            ]
            rows.append((outcome, step, cells))
    return Matrix(actors, rows)


def actor_rank(org: Org) -> dict[str, int]:
    """Each actor's place in :func:`ordered_actors`, computed once per model."""
    return org.facts.part(ViewIndex).actor_rank


def ordered_actors(org: Org) -> list[str]:
    """Customers first, then each team's roles (teams and roles by id), then other parties:
    the order of swim-lanes and of matrix columns."""
    customers = [a for a, e in org.externals.items() if e.kind == "customer"]
    team_rank = {t: i for i, t in enumerate(org.teams)}
    roles = sorted(org.roles, key=lambda r: (team_rank.get(org.roles[r].team, len(team_rank)), r))
    others = [a for a, e in org.externals.items() if e.kind != "customer"]
    return customers + roles + others


def reviews(org: Org) -> list[tuple[str, str, datetime.date]]:
    """Roles and promises with a review date, soonest first."""
    dated = [("role", r.id, r.review_by) for r in org.roles.values() if r.review_by is not None]
    dated += [("outcome", o.id, o.review_by) for o in org.outcomes.values() if o.review_by is not None]
    return sorted(dated, key=lambda item: (item[2], item[0], item[1]))
