"""What the pages show, derived from the model: pure functions, everything sorted.

A role's charter needs more than its own file: the steps where it holds a letter, who declared a
collaboration with it, who it meets through the RACI (the Responsible it is Consulted by, the
Accountable it reports to), its team's interfaces. Computing these once here keeps templates
free of logic and lets the tests check the numbers without parsing pages.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from charter.flow import flow, is_handoff
from charter.model import Org
from charter.schema.models import OutcomeBase, StepBase, outcome_steps, step_letters
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


@dataclass(frozen=True)
class AskEntry:
    topic: str
    role: str
    kind: str  # owns | accountable | outcome


def holdings(org: Org, role_id: str) -> list[Holding]:
    found = []
    for ref in org.steps():
        for letter in org.scheme.letters:
            if role_id in step_letters(ref.step, letter.key):
                found.append(Holding(ref.outcome, ref.step, letter))
    return found


def holdings_by_letter(org: Org, role_id: str) -> list[tuple[Letter, list[Holding]]]:
    mine = holdings(org, role_id)
    return [
        (letter, [h for h in mine if h.letter == letter])
        for letter in org.scheme.letters
        if any(h.letter == letter for h in mine)
    ]


def contacts(org: Org, role_id: str) -> list[Contact]:
    """Declared collaborators first, then those who declared this role, then RACI partners."""
    role = org.roles[role_id]
    out: list[Contact] = [Contact(c.role, c.on, c.when, c.not_when, c.channel, "declared") for c in role.collaborators]
    known = {c.actor for c in out}
    for other in org.roles.values():
        if other.id == role_id or other.id in known:
            continue
        for c in other.collaborators:
            if c.role == role_id:
                out.append(Contact(other.id, c.on, c.when, c.not_when, c.channel, "theirs"))
                known.add(other.id)
                break
    raci: dict[str, list[str]] = defaultdict(list)
    for ref in org.steps():
        letters = org.letters(ref.step)
        mine = {key for key, holders in letters.items() if role_id in holders}
        if not mine:
            continue
        for _key, holders in letters.items():
            for actor in holders:
                if actor != role_id and actor not in known and ref.step.name not in raci[actor]:
                    raci[actor].append(ref.step.name)
    for actor in sorted(raci):
        names = raci[actor]
        about = "; ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        out.append(Contact(actor, about, source="raci"))
    return out


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
    return [(a, b) for a, b in flow(outcome).links() if is_handoff(org, a, b)]


def touchpoints(outcome: OutcomeBase) -> list[StepBase]:
    return [s for s in outcome_steps(outcome) if s.touchpoint]


def team_interfaces(org: Org, team_id: str) -> list[Interface]:
    found: set[Interface] = set()
    for outcome in org.outcomes.values():
        for a, b in flow(outcome).links():
            teams_a = {org.team_of(x) for x in org.performers(a)} - {None}
            teams_b = {org.team_of(x) for x in org.performers(b)} - {None}
            if team_id in teams_a and team_id not in teams_b:
                for other in teams_b:
                    assert other is not None
                    found.add(Interface(other, f"{a.name} → {b.name}", outcome.name, "handoff-out"))
            if team_id in teams_b and team_id not in teams_a:
                for other in teams_a:
                    assert other is not None
                    found.add(Interface(other, f"{a.name} → {b.name}", outcome.name, "handoff-in"))
    for role in org.roles.values():
        for c in role.collaborators:
            other_team = org.team_of(c.role)
            if other_team is None or other_team == role.team:
                continue
            if role.team == team_id:
                found.add(Interface(other_team, c.on, c.channel or "", "collaboration"))
            elif other_team == team_id:
                found.add(Interface(role.team, c.on, c.channel or "", "collaboration"))
    # A collaboration both sides declared shows once (with the first channel named).
    unique: dict[tuple[str, str, str], Interface] = {}
    for interface in sorted(found, key=lambda i: (i.other_team, i.kind, i.about, not i.where, i.where)):
        unique.setdefault((interface.other_team, interface.kind, interface.about), interface)
    return list(unique.values())


def ask_index(org: Org) -> list[AskEntry]:
    """ "Who do I ask about …": what roles own and answer for, and which promise each leads."""
    entries = []
    for role in org.roles.values():
        entries += [AskEntry(text, role.id, "owns") for text in role.owns]
        entries += [AskEntry(text, role.id, "accountable") for text in role.accountabilities]
    for outcome in org.outcomes.values():
        if outcome.accountable is not None:
            entries.append(AskEntry(outcome.name, outcome.accountable, "outcome"))
    return sorted(entries, key=lambda e: (e.topic.casefold(), e.role, e.kind))


def roles_of_person(org: Org, person_id: str) -> list[str]:
    return [r.id for r in org.roles.values() if person_id in r.holders]


def team_roles(org: Org, team_id: str) -> list[str]:
    return [r.id for r in org.roles.values() if r.team == team_id]


def outcomes_of_role(org: Org, role_id: str) -> list[OutcomeBase]:
    """Promises that depend on a role: it holds a letter in a step, or answers for the outcome."""
    return [
        o
        for o in org.outcomes.values()
        if o.accountable == role_id
        or any(role_id in holders for s in outcome_steps(o) for holders in org.letters(s).values())
    ]


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
    actors = [a for a in ordered_actors(org) if a in seen]
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


def team_pairs(org: Org) -> list[tuple[tuple[str, str], int]]:
    from charter.render.collabmap import team_weights

    return sorted(team_weights(org).items(), key=lambda item: (-item[1], item[0]))


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
