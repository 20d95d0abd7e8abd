"""The organisation as one graph: ids resolved to entities, everything sorted.

Built from structurally valid records, or from what of a file fitted its model (its record
says what was left out). The rules run on it before references are known to resolve, so every
lookup here tolerates a dangling id (``get`` returns None); renderers only ever see a model
whose checks passed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel

from charter.load.discover import SourceFile
from charter.model.facts import Facts, StepRef
from charter.schema.kinds import ENTITY_KINDS, KINDS
from charter.schema.models import (
    Entity,
    External,
    OrganisationSettings,
    OutcomeBase,
    Person,
    Role,
    StepBase,
    Team,
)
from charter.schema.schemes import Scheme

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Record:
    """A structurally valid entity and the file it came from. A file that did not fit its model
    is the part that did: ``left_out`` holds the key paths of the values that did not (each
    left out, or stood in for by a value that names nothing), where the file says more than the
    model knows (see charter/validate/salvage.py)."""

    kind: str
    source: SourceFile
    model: BaseModel
    left_out: frozenset[KeyPath] = frozenset()

    @property
    def id(self) -> str:
        """The entity's id ("" for the organisation settings, which have none)."""
        return self.model.id if isinstance(self.model, Entity) else ""


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
    # Kinds whose folder could not be listed whole (unreadable, or a link): any id of theirs may exist.
    unlisted: frozenset[str] = frozenset()
    # Files checked in part (by path inside the organisation folder): what of each was left out
    # because it did not fit its model. Validation only, like ``unread``.
    partial: dict[str, frozenset[KeyPath]] = field(default_factory=dict)
    # What rules, renderers and every other face derive from the graph, computed on first use
    # (see charter/model/facts.py). The model itself is never written to after ``build``.
    facts: Facts = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "facts", Facts(self))

    @property
    def scheme(self) -> Scheme:
        return self.settings.scheme

    @property
    def organisation_source(self) -> SourceFile:
        return next(r.source for r in self.records if r.kind == "organisation")

    def collection(self, kind: str) -> dict[str, BaseModel]:
        """Every entity of a kind (team, role, person, external, outcome), by id."""
        found: dict[str, BaseModel] = getattr(self, KINDS[kind].collection)
        return found

    def source(self, kind: str, entity_id: str) -> SourceFile:
        return self.sources[(kind, entity_id)]

    def left_out(self, kind: str, entity_id: str, *key_path: str | int) -> bool:
        """Whether a value at ``key_path`` in the entity's file (or inside it, or holding it) did
        not fit its model and was left out: what the model says there (an empty ``holders``, a
        step with no Accountable) is then not what the file says, and no rule concludes from it.
        With no ``key_path``: whether anything of the entity's file was left out."""
        if not self.partial:
            return False
        source = self.sources.get((kind, entity_id))
        left_out = self.partial.get(source.rel) if source is not None else None
        return left_out is not None and any(touches(path, key_path) for path in left_out)

    def is_actor(self, entity_id: str) -> bool:
        """Roles and external parties can hold letters and be collaborators."""
        return entity_id in self.roles or entity_id in self.externals

    def team_of(self, actor_id: str) -> str | None:
        role = self.roles.get(actor_id)
        return role.team if role is not None else None

    # The derived facts most stages read, by name (each defined once, in charter/model/facts.py).

    def steps(self) -> list[StepRef]:
        return self.facts.steps

    def letters(self, step: StepBase) -> dict[str, tuple[str, ...]]:
        return self.facts.letters(step)

    def performers(self, step: StepBase) -> tuple[str, ...]:
        return self.facts.performers(step)

    def accountable(self, step: StepBase) -> tuple[str, ...]:
        return self.facts.accountable(step)

    def listeners(self, step: StepBase) -> tuple[str, ...]:
        """Roles told or asked about a step without doing it (consulted, informed, support…)."""
        return self.facts.listeners(step)

    def holders(self, role_id: str) -> tuple[Person, ...]:
        return self.facts.holders(role_id)

    def hands_off(self, before: StepBase, after: StepBase) -> bool:
        return self.facts.hands_off(before, after)


def build(
    settings: OrganisationSettings,
    records: list[Record],
    unread: dict[str, frozenset[str]] | None = None,
    unlisted: frozenset[str] = frozenset(),
) -> Org:
    """Index records by id. The first definition (in path order) wins; the duplicate-id rule
    reports the others."""
    ordered = tuple(sorted(records, key=lambda r: r.source.rel))
    partial = {r.source.rel: r.left_out for r in ordered if r.left_out}
    org = Org(settings, ordered, unread=unread or {}, unlisted=unlisted, partial=partial)
    for record in ordered:
        if record.kind == "organisation":
            continue
        entity_id = record.id
        collection = org.collection(record.kind)
        if entity_id not in collection:
            collection[entity_id] = record.model
            org.sources[(record.kind, entity_id)] = record.source
    for kind in ENTITY_KINDS:
        collection = org.collection(kind.key)
        sorted_items = dict(sorted(collection.items()))
        collection.clear()
        collection.update(sorted_items)
    return org


def touches(left_out: KeyPath, key_path: KeyPath) -> bool:
    """Whether a value left out at ``left_out`` is at ``key_path``, inside it, or holds it."""
    shorter = min(len(left_out), len(key_path))
    return left_out[:shorter] == key_path[:shorter]
