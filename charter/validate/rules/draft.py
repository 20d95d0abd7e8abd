"""Placeholders left in a charter.

``charter new`` and ``charter init`` write starting files whose texts begin with ``TODO``, so a
manager can commit a draft and finish it later. Every such text is reported, so that a draft
never reaches readers unnoticed; replace it with the real words.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from charter.core.problem import Severity
from charter.validate.rules.base import KeyPath, RuleContext, RuleFinding, RuleOptions, silences_nothing

CODE = "CH310"
NAME = "draft"
SEVERITY = Severity.WARNING
Options = RuleOptions
CONFIGURABLE = True
COMPLETE: frozenset[str] = frozenset()
silences = silences_nothing

MARK = "TODO"


def _texts(node: Any, path: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _texts(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _texts(value, (*path, index))
    elif isinstance(node, str) and node.lstrip().startswith(MARK):
        yield path, node


def check(ctx: RuleContext[Options]) -> Iterator[RuleFinding]:
    for record in ctx.org.records:
        if not record.source.drafted:
            continue
        target = f"{record.kind}:{record.id}" if record.id else "organisation"
        for path, text in _texts(record.source.data, ()):
            shown = text if len(text) <= 60 else text[:57] + "…"
            yield RuleFinding(record.source, path, f'still a draft: "{shown}"', "write the real text", target)
