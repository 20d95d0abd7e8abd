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
            what = "id" if ref.definition else f"reference to a {ref.expects}"
            key_path: KeyPath = ref.key_path
            hint = id_suggestion(ref.value) if ref.definition else _existing(ctx.org, ref)
            yield RuleFinding(ref.source, key_path, f"{what} '{ref.value}' {why}", hint, ref.target)


KINDS_OF = {"team": ("team",), "role": ("role",), "actor": ("role", "external"), "person": ("person",)}


def _existing(org: Org, ref: Ref) -> str:
    """A reference's hint names only what exists: the id of the entity whose name was written
    (``team: Claims Handling`` → the team named so, whose id is ``claims``), else the closest id;
    never an id made from the text, which may name nothing."""
    from charter.core.suggest import hint_for

    named: dict[str, str] = {}  # a name or title, folded → id
    for kind in KINDS_OF.get(ref.expects, ()):
        for entity_id, entity in org.collection(kind).items():
            label = getattr(entity, "name", None) or getattr(entity, "title", None)
            if isinstance(label, str):
                named.setdefault(" ".join(label.casefold().split()), entity_id)
    kinds = KINDS_OF.get(ref.expects, ())
    # With the ids of files that dropped out of this run: they exist, only their fields failed.
    ids = sorted({i for kind in kinds for i in (*org.collection(kind), *org.unread.get(kind, frozenset()))})
    written = " ".join(ref.value.casefold().split())
    if written in named:
        return f"write its id: '{named[written]}' (the {ref.expects} named '{ref.value.strip()}')"
    plain = id_suggestion(ref.value)
    slug = plain.removeprefix("did you mean '").removesuffix("'?")
    if slug in ids:
        return plain
    shown = ", ".join(ids[:8]) + (" …" if len(ids) > 8 else "")
    return hint_for(slug, ids) or f"write the id of an existing {ref.expects}" + (f": {shown}" if ids else "")


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
