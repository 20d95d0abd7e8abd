"""Each id is defined once.

Two teams, two people, two outcomes or two steps of one outcome may not share an id, and neither
may a role and an external party (both can hold letters in a step, so an id must say which).
Ids that differ only in case or in Unicode form (``Service-Lead`` and ``service-lead``) collide
too: they would become the same file name on some systems.

Example: ``roles/agent.yaml`` and ``roles/support/agent.yaml`` both say ``id: agent``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from charter.core.problem import Severity
from charter.model.graph import touches
from charter.validate.rules.base import RuleContext, RuleFinding, RuleOptions, silences_nothing
from charter.validate.rules.references import Ref, references

CODE = "CH102"
NAME = "duplicate-id"
SEVERITY = Severity.ERROR
Options = RuleOptions
CONFIGURABLE = False
COMPLETE: frozenset[str] = frozenset()
silences = silences_nothing

NAMESPACE = {"role": "actor", "external": "actor"}


def fold(value: str) -> str:
    return unicodedata.normalize("NFKC", value).casefold()


def check(ctx: RuleContext[Options]) -> Iterator[RuleFinding]:
    seen: dict[tuple[str, str, str], Ref] = {}
    partial = ctx.org.partial
    for ref in references(ctx.org, include_definitions=True):
        if not ref.definition:
            continue
        if partial and any(touches(path, ref.path) for path in partial.get(ref.source.rel, ())):
            continue  # an id that did not fit its model, and the stand-in for it, define nothing
        key = (NAMESPACE.get(ref.expects, ref.expects), ref.outcome, fold(ref.value))
        first = seen.setdefault(key, ref)
        if first is ref:
            continue
        line = _line(first)
        same = "the same id" if first.value == ref.value else f"'{first.value}' (the same once case is ignored)"
        where = f"{first.source.display}:{line}"
        what = "step" if ref.expects == "step" else "id"
        yield RuleFinding(
            ref.source,
            ref.key_path,
            f"{what} '{ref.value}' is already defined: {same} at {where}",
            "give one of them another id, or merge the two",
            ref.target,
        )


def _line(ref: Ref) -> int:
    from charter.load.tree import locate

    return locate(ref.source.data, ref.key_path)[0]
