"""Ids are lower-case letters, digits and dashes, and safe to use as file names.

An id names a file, a page and a link, so it must be the same on every system: it starts with a
letter or digit, holds only ``a-z``, ``0-9`` and ``-``, is at most 63 characters long, and is not
a name that some systems reserve (``con``, ``nul``, ``com1``, ``index``…). Checked on every id,
where it is defined and wherever it is referred to.

Several ids written as one text (``accountable: a, b``) are named as such: a key that takes one
id gets "keep one", and a list gets the YAML list to write instead.

Example::

    id: Service_Lead      # wrong: upper case and underscore
    id: service-lead      # right
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from charter.core.problem import Severity
from charter.model.graph import Org
from charter.schema.kinds import KINDS
from charter.schema.models import outcome_steps
from charter.schema.schemes import Letter
from charter.schema.types import ID_RE, id_problem, id_suggestion
from charter.validate.rules.base import KeyPath, RuleContext, RuleFinding, RuleOptions, silences_nothing
from charter.validate.rules.references import Ref, references

CODE = "CH101"
NAME = "id-format"
SEVERITY = Severity.ERROR
Options = RuleOptions
CONFIGURABLE = False
COMPLETE: frozenset[str] = frozenset()
silences = silences_nothing


SINGLE_KEYS = frozenset(("team", "lead", "parent", "escalates_to", "accountable"))


def check(ctx: RuleContext[Options]) -> Iterator[RuleFinding]:
    one_only = {letter.key: letter for letter in ctx.org.scheme.letters if letter.max == 1}
    for ref in references(ctx.org, include_definitions=True):
        why = id_problem(ref.value)
        if why is not None and not ref.definition and (listed := _listed(ref.value)):
            yield _several(ref, listed, one_only)
        elif why is not None:
            what = "id" if ref.definition else f"reference to {AN.get(ref.expects, 'a ' + ref.expects)}"
            key_path: KeyPath = ref.key_path
            hint = _own(ctx.org, ref) if ref.definition else _existing(ctx.org, ref)
            yield RuleFinding(ref.source, key_path, f"{what} '{ref.value}' {why}", hint, ref.target)


KINDS_OF = {"team": ("team",), "role": ("role",), "actor": ("role", "external"), "person": ("person",)}
AN = {"actor": "a role or external party", "external": "an external party"}


def as_fixed(entity_id: str) -> str:
    """The id as it reads once its id-format finding is put right: ``Claims`` → ``claims``. A
    reference written ``claims`` names that entity already, and a hint names the id it will
    have, never the invalid one (``did you mean 'Claims'?`` would contradict the finding)."""
    if id_problem(entity_id) is None:
        return entity_id
    slug = _slug(entity_id)
    return slug if slug and id_problem(slug) is None else entity_id


def _slug(value: str) -> str:
    suggestion = id_suggestion(value)
    return suggestion.removeprefix("did you mean '").removesuffix("'?") if suggestion.startswith("did you mean") else ""


def _own(org: Org, ref: Ref) -> str:
    """A definition's hint: the id it will have, which is also the id other files may already
    use for it (its file's name, say); never an id another entity has."""
    slug = _slug(ref.value)
    if not slug:
        return id_suggestion(ref.value)
    taken = {as_fixed(i) for i in _ids(org, ref) if i != ref.value}
    if slug in taken:
        return f"write it as lower-case letters, digits and dashes; '{slug}' is another {ref.expects}'s id"
    return f"did you mean '{slug}'?"


def _ids(org: Org, ref: Ref) -> set[str]:
    """The ids ``ref`` may name (or, for a definition, the ids of its kind), with those of files
    that dropped out of this run: they exist, only their fields failed."""
    if ref.expects == "step":
        outcome = org.outcomes.get(ref.outcome)
        return {step.id for step in outcome_steps(outcome)} if outcome is not None else set()
    kinds = KINDS_OF.get(ref.expects, (ref.expects,))
    return {i for kind in kinds if kind in KINDS for i in (*org.collection(kind), *org.unread.get(kind, frozenset()))}


def _existing(org: Org, ref: Ref) -> str:
    """A reference's hint names only what exists: the id of the entity whose name was written
    (``team: Claims Handling`` → the team named so, whose id is ``claims``; ``Service-Desk-Agent``
    → the role titled Service Desk Agent), else the closest id; never an id made from the text,
    which may name nothing, and never an id that is itself not valid (its own finding gives the
    one it will have, and that one is named here)."""
    from charter.core.suggest import hint_for

    named: dict[str, tuple[str, str]] = {}  # a name or title, folded → (id, how it reads: "the role titled …")
    for kind in KINDS_OF.get(ref.expects, ()):
        for entity_id, entity in org.collection(kind).items():
            name, title = getattr(entity, "name", None), getattr(entity, "title", None)
            label = name if isinstance(name, str) else title
            if isinstance(label, str):
                said = f"the {WORDS.get(kind, kind)} {'named' if label == name else 'titled'} '{label}'"
                named.setdefault(_folded(label), (as_fixed(entity_id), said))
    ids = sorted({as_fixed(i) for i in _ids(org, ref)})
    written = _folded(ref.value)
    if written in named:
        entity_id, said = named[written]
        return f"write its id: '{entity_id}' ({said})"
    slug = _slug(ref.value)
    if slug in ids:
        return f"did you mean '{slug}'?"
    shown = ", ".join(ids[:8]) + (" …" if len(ids) > 8 else "")
    words = WORDS.get(ref.expects, ref.expects)
    return hint_for(slug, ids) or f"write the id of an existing {words}" + (f": {shown}" if ids else "")


WORDS = {"actor": "role or external party", "external": "external party"}


def _folded(text: str) -> str:
    """A name as compared: case, dashes and underscores aside (``Service-Desk-Agent`` is the
    title Service Desk Agent written as an id)."""
    return " ".join(re.sub(r"[-_]+", " ", text).casefold().split())


def _listed(value: str) -> list[str]:
    """The ids of ``a, b`` or ``a b``: several ids written as one text."""
    parts = [p.strip() for p in re.split(r"[,;]", value) if p.strip()]
    return parts if len(parts) > 1 and all(ID_RE.match(p) for p in parts) else []


def _several(ref: Ref, ids: list[str], one_only: dict[str, Letter]) -> RuleFinding:
    """Several ids in one text: one value where the key takes one, a YAML list where it takes many."""
    key = next((part for part in reversed(ref.path) if isinstance(part, str)), "")
    plural = {"role": "roles", "actor": "roles", "person": "people", "team": "teams", "step": "steps"}
    names = f"{len(ids)} {plural.get(ref.expects, ref.expects)}"
    if key in one_only:
        label = one_only[key].label
        others = ", ".join(ids[1:])
        message = f"one {label} per step, but '{ref.value}' names {names}"
        hint = f"keep one ({key}: {ids[0]}); make the others consulted (consulted: [{others}]) or split the step"
    elif key in SINGLE_KEYS and len(ref.path) <= 2:
        message = f"'{key}' takes one {ref.expects}, but '{ref.value}' names {names}"
        hint = f"keep one: {key}: {ids[0]}"
    else:
        message = (
            f"'{ref.value}' is one text naming {names}; YAML reads a list from [ ] or from lines starting with '- '"
        )
        hint = f"write it as a list: {key}: [{', '.join(ids)}]"
    return RuleFinding(ref.source, ref.key_path, message, hint, ref.target)
