"""Every id in the organisation, where it is written and what it must name.

Several rules look at all ids (their format, whether they resolve); listing them in one place
keeps those rules short and means a new reference field is added once, here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from charter.load.discover import SourceFile
from charter.model.graph import Org
from charter.schema.models import OutcomeBase, Role, Team, outcome_steps, step_letters


@dataclass(frozen=True, slots=True)
class Ref:
    source: SourceFile
    path: tuple[str | int, ...]  # the key holding the id
    value: str
    expects: str  # team | role | actor | person | step
    target: str  # the entity whose file holds it, for waivers
    definition: bool = False
    outcome: str = ""  # for steps: the outcome whose steps the id must name
    index: int | None = None  # the item, when the key may hold a list

    @property
    def key_path(self) -> tuple[str | int, ...]:
        """Where to point: the list item, or the key itself when one id was written without a
        list (``accountable: x``). Worked out only for the few references reported."""
        if self.index is not None and _is_list(self.source, *self.path):
            return (*self.path, self.index)
        return self.path


class References:
    """Every id written in one model, listed once for all the rules (``org.facts.part``)."""

    def __init__(self, org: Org) -> None:
        self.all = list(_all_references(org))
        self.uses = [ref for ref in self.all if not ref.definition]


def references(org: Org, *, include_definitions: bool = False) -> list[Ref]:
    """Every id written in the organisation: with its definitions, or only where it is used."""
    found = org.facts.part(References)
    return found.all if include_definitions else found.uses


def _all_references(org: Org) -> Iterator[Ref]:
    keys = org.scheme.keys
    for record in org.records:
        source, model, kind = record.source, record.model, record.kind
        if kind == "organisation":
            continue
        target = f"{kind}:{record.id}"
        yield Ref(source, ("id",), record.id, kind, target, definition=True)
        if isinstance(model, Team):
            yield from _team_references(source, model, target)
        elif isinstance(model, Role):
            yield from _role_references(source, model, target)
        elif isinstance(model, OutcomeBase):
            yield from _outcome_references(source, model, target, keys)


def _team_references(source: SourceFile, team: Team, target: str) -> Iterator[Ref]:
    if team.lead is not None:
        yield Ref(source, ("lead",), team.lead, "role", target)
    if team.parent is not None:
        yield Ref(source, ("parent",), team.parent, "team", target)


def _role_references(source: SourceFile, role: Role, target: str) -> Iterator[Ref]:
    yield Ref(source, ("team",), role.team, "team", target)
    for i, collaborator in enumerate(role.collaborators):
        yield Ref(source, _path("collaborators", i, "role"), collaborator.role, "actor", target)
    for i, holder in enumerate(role.holders):
        yield Ref(source, ("holders",), holder, "person", target, index=i)
    if role.escalates_to is not None:
        yield Ref(source, ("escalates_to",), role.escalates_to, "role", target)


def _outcome_references(source: SourceFile, outcome: OutcomeBase, target: str, keys: tuple[str, ...]) -> Iterator[Ref]:
    if outcome.accountable is not None:
        yield Ref(source, ("accountable",), outcome.accountable, "role", target)
    for index, step in enumerate(outcome_steps(outcome)):
        step_target = f"step:{outcome.id}/{step.id}"
        yield Ref(source, _path("steps", index, "id"), step.id, "step", step_target, True, outcome.id)
        for key in keys:
            for i, actor in enumerate(step_letters(step, key)):
                yield Ref(source, _path("steps", index, key), actor, "actor", step_target, index=i)
        for i, nxt in enumerate(step.next):
            yield Ref(source, _path("steps", index, "next"), nxt, "step", step_target, outcome=outcome.id, index=i)


_PATHS: dict[tuple[str | int, ...], tuple[str | int, ...]] = {}


def _path(*parts: str | int) -> tuple[str | int, ...]:
    """One tuple for each place a reference can be written: the hundreds of thousands of
    references at size L point at a few hundred places."""
    return _PATHS.setdefault(parts, parts)


def _is_list(source: SourceFile, *key_path: str | int) -> bool:
    """A field written as one id (``accountable: x``) has no item positions to point at."""
    node: object = source.data
    for part in key_path:
        if isinstance(node, dict) and isinstance(part, str):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return False
    return isinstance(node, list)
