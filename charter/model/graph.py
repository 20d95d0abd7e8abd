"""The organisation as one graph: ids resolved to entities, everything sorted.

Built from structurally valid records. The rules run on it before references are known to
resolve, so every lookup here tolerates a dangling id (``get`` returns None); renderers only
ever see a model whose checks passed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from pydantic import BaseModel

from charter.load.discover import SourceFile
from charter.schema.models import (
    Entity,
    External,
    OrganisationSettings,
    OutcomeBase,
    Person,
    Role,
    StepBase,
    Team,
    outcome_steps,
    step_letters,
)
from charter.schema.schemes import Scheme

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Record:
    """A structurally valid entity and the file it came from."""

    kind: str
    source: SourceFile
    model: BaseModel

    @property
    def id(self) -> str:
        """The entity's id ("" for the organisation settings, which have none)."""
        return self.model.id if isinstance(self.model, Entity) else ""


@dataclass(frozen=True, slots=True)
class StepRef:
    """A step with its outcome and position (for locating problems in the outcome's file)."""

    outcome: OutcomeBase
    index: int
    step: StepBase

    @property
    def target(self) -> str:
        return f"step:{self.outcome.id}/{self.step.id}"


@dataclass(frozen=True)
class Org:
    settings: OrganisationSettings
    records: tuple[Record, ...]
    teams: dict[str, Team] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    externals: dict[str, External] = field(default_factory=dict)
    outcomes: dict[str, OutcomeBase] = field(default_factory=dict)
    sources: dict[tuple[str, str], SourceFile] = field(default_factory=dict)
    # Ids defined by files that dropped out of this run, by kind: they exist, but could not be
    # read, so a reference to one is not "unknown" (validation only; a site is never built).
    unread: dict[str, frozenset[str]] = field(default_factory=dict)
    # What rules and renderers derive from the graph, computed on first use (see OrgIndex). The
    # model itself is never written to after ``build``.
    index: OrgIndex = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", OrgIndex(self))

    @property
    def scheme(self) -> Scheme:
        return self.settings.scheme

    @property
    def organisation_source(self) -> SourceFile:
        return next(r.source for r in self.records if r.kind == "organisation")

    def source(self, kind: str, entity_id: str) -> SourceFile:
        return self.sources[(kind, entity_id)]

    def is_actor(self, entity_id: str) -> bool:
        """Roles and external parties can hold letters and be collaborators."""
        return entity_id in self.roles or entity_id in self.externals

    def team_of(self, actor_id: str) -> str | None:
        role = self.roles.get(actor_id)
        return role.team if role is not None else None

    def steps(self) -> list[StepRef]:
        return self.index.steps

    def letters(self, step: StepBase) -> dict[str, tuple[str, ...]]:
        return self.index.letters(step)

    def performers(self, step: StepBase) -> tuple[str, ...]:
        return self.index.letters(step)[self.index.performer_key]

    def accountable(self, step: StepBase) -> tuple[str, ...]:
        letters = self.index.letters(step)
        return tuple(i for key in self.index.accountable_keys for i in letters[key])

    def listeners(self, step: StepBase) -> tuple[str, ...]:
        """Roles told or asked about a step without doing it (consulted, informed, support…)."""
        letters = self.index.letters(step)
        return tuple(i for key in self.index.listener_keys for i in letters[key])


P = TypeVar("P")


class OrgIndex:
    """What rules and renderers derive from one model, each part computed on first use, then kept.

    Every part is a typed attribute, or a typed part that a later stage defines for itself
    (``org.index.part(References)``, ``org.index.part(ViewIndex)``): a stage reads another's
    derived data only by importing the class that computes it, never through a string key."""

    def __init__(self, org: Org) -> None:
        self._org = org
        self._letters: dict[int, dict[str, tuple[str, ...]]] = {}
        self._parts: dict[Callable[[Org], object], object] = {}

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

    def part(self, make: Callable[[Org], P]) -> P:
        """The part ``make`` computes for this model (``make`` is a class taking the model)."""
        found = self._parts.get(make)
        if found is None:
            found = self._parts[make] = make(self._org)
        return found  # type: ignore[return-value]  # stored under its own maker: always a P


_COLLECTIONS = {
    "team": "teams",
    "role": "roles",
    "person": "people",
    "external": "externals",
    "outcome": "outcomes",
}


def build(
    settings: OrganisationSettings, records: list[Record], unread: dict[str, frozenset[str]] | None = None
) -> Org:
    """Index records by id. The first definition (in path order) wins; the duplicate-id rule
    reports the others."""
    ordered = tuple(sorted(records, key=lambda r: r.source.rel))
    org = Org(settings, ordered, unread=unread or {})
    for record in ordered:
        if record.kind == "organisation":
            continue
        entity_id = record.id
        collection: dict[str, BaseModel] = getattr(org, _COLLECTIONS[record.kind])
        if entity_id not in collection:
            collection[entity_id] = record.model
            org.sources[(record.kind, entity_id)] = record.source
    for name in _COLLECTIONS.values():
        collection = getattr(org, name)
        sorted_items = dict(sorted(collection.items()))
        collection.clear()
        collection.update(sorted_items)
    return org
