"""Every id in the organisation, where it is written and what it must name.

Several rules look at all ids (their format, whether they resolve); listing them in one place
keeps those rules short and means a new reference field is added once, here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from charter.load.discover import SourceFile
from charter.model import Org
from charter.schema.models import OutcomeBase, Role, Team, outcome_steps, step_letters


@dataclass(frozen=True, slots=True)
class Ref:
    source: SourceFile
    key_path: tuple[str | int, ...]
    value: str
    expects: str  # team | role | actor | person | step
    target: str  # the entity whose file holds it, for waivers
    definition: bool = False
    outcome: str = ""  # for steps: the outcome whose steps the id must name


def references(org: Org, *, include_definitions: bool = False) -> Iterator[Ref]:
    for record in org.records:
        source = record.source
        model = record.model
        kind = record.kind
        if kind == "organisation":
            continue
        entity_id = record.id
        target = f"{kind}:{entity_id}"
        if include_definitions:
            yield Ref(source, ("id",), entity_id, kind, target, definition=True)
        if isinstance(model, Team):
            if model.lead is not None:
                yield Ref(source, ("lead",), model.lead, "role", target)
            if model.parent is not None:
                yield Ref(source, ("parent",), model.parent, "team", target)
        elif isinstance(model, Role):
            yield Ref(source, ("team",), model.team, "team", target)
            for i, collaborator in enumerate(model.collaborators):
                yield Ref(source, ("collaborators", i, "role"), collaborator.role, "actor", target)
            for i, holder in enumerate(model.holders):
                yield Ref(
                    source, ("holders", i) if _is_list(source, "holders") else ("holders",), holder, "person", target
                )
            if model.escalates_to is not None:
                yield Ref(source, ("escalates_to",), model.escalates_to, "role", target)
        elif isinstance(model, OutcomeBase):
            yield from _outcome_refs(org, source, model, target, include_definitions)


def _outcome_refs(
    org: Org, source: SourceFile, outcome: OutcomeBase, target: str, include_definitions: bool
) -> Iterator[Ref]:
    if outcome.accountable is not None:
        yield Ref(source, ("accountable",), outcome.accountable, "role", target)
    for index, step in enumerate(outcome_steps(outcome)):
        step_target = f"step:{outcome.id}/{step.id}"
        base = ("steps", index)
        if include_definitions:
            yield Ref(source, (*base, "id"), step.id, "step", step_target, definition=True, outcome=outcome.id)
        for key in org.scheme.keys:
            listed = _is_list(source, *base, key)
            for i, actor in enumerate(step_letters(step, key)):
                yield Ref(source, (*base, key, i) if listed else (*base, key), actor, "actor", step_target)
        listed = _is_list(source, *base, "next")
        for i, nxt in enumerate(step.next):
            yield Ref(
                source, (*base, "next", i) if listed else (*base, "next"), nxt, "step", step_target, outcome=outcome.id
            )


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
