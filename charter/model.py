"""The organisation as one graph: ids resolved to entities, everything sorted.

Built from structurally valid records. The rules run on it before references are known to
resolve, so every lookup here tolerates a dangling id (``get`` returns None); renderers only
ever see a model whose checks passed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

from charter.load.discover import SourceFile
from charter.schema.models import (
    Entity,
    External,
    Organisation,
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
    settings: Organisation
    records: tuple[Record, ...]
    teams: dict[str, Team] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    externals: dict[str, External] = field(default_factory=dict)
    outcomes: dict[str, OutcomeBase] = field(default_factory=dict)
    sources: dict[tuple[str, str], SourceFile] = field(default_factory=dict)
    # Derived data computed once per model and shared by rules and renderers.
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

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
        refs: list[StepRef] | None = self.memo.get("steps")
        if refs is None:
            refs = self.memo["steps"] = [
                StepRef(outcome, index, step)
                for outcome in self.outcomes.values()
                for index, step in enumerate(outcome_steps(outcome))
            ]
        return refs

    def letters(self, step: StepBase) -> dict[str, tuple[str, ...]]:
        cache: dict[int, dict[str, tuple[str, ...]]] = self.memo.setdefault("letters", {})
        found = cache.get(id(step))
        if found is None:
            found = cache[id(step)] = {key: step_letters(step, key) for key in self.scheme.keys}
        return found

    def performers(self, step: StepBase) -> tuple[str, ...]:
        return self.letters(step)[self._performer_key]

    @property
    def _performer_key(self) -> str:
        key: str | None = self.memo.get("performer")
        if key is None:
            key = self.memo["performer"] = self.scheme.performer.key
        return key

    def accountable(self, step: StepBase) -> tuple[str, ...]:
        letters = self.letters(step)
        return tuple(i for key in self._keys("accountable") for i in letters[key])

    def _keys(self, kind: str) -> tuple[str, ...]:
        """The letter keys of one kind: accountable, or listeners (neither perform nor answer)."""
        keys: tuple[str, ...] | None = self.memo.get(f"keys:{kind}")
        if keys is None:
            letters = self.scheme.letters
            if kind == "accountable":
                keys = tuple(letter.key for letter in letters if letter.accountable)
            else:
                keys = tuple(letter.key for letter in letters if not letter.performs and not letter.accountable)
            self.memo[f"keys:{kind}"] = keys
        return keys

    def listeners(self, step: StepBase) -> tuple[str, ...]:
        """Roles told or asked about a step without doing it (consulted, informed, support…)."""
        letters = self.letters(step)
        return tuple(i for key in self._keys("listeners") for i in letters[key])


_COLLECTIONS = {
    "team": "teams",
    "role": "roles",
    "person": "people",
    "external": "externals",
    "outcome": "outcomes",
}


def build(settings: Organisation, records: list[Record]) -> Org:
    """Index records by id. The first definition (in path order) wins; the duplicate-id rule
    reports the others."""
    ordered = tuple(sorted(records, key=lambda r: r.source.rel))
    org = Org(settings, ordered)
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
