"""Ids are lower-case letters, digits and dashes, and safe to use as file names.

An id names a file, a page and a link, so it must be the same on every system: it starts with a
letter or digit, holds only ``a-z``, ``0-9`` and ``-``, is at most 63 characters long, and is not
a name that some systems reserve (``con``, ``nul``, ``com1``, ``index``…). Checked on every id,
where it is defined and wherever it is referred to.

Example::

    id: Service_Lead      # wrong: upper case and underscore
    id: service-lead      # right
"""

from __future__ import annotations

from collections.abc import Iterator

from charter.problem import Severity
from charter.rules.base import KeyPath, RuleContext, RuleFinding, RuleOptions
from charter.rules.walk import references
from charter.schema.types import id_problem, id_suggestion

CODE = "CH101"
NAME = "id-format"
SEVERITY = Severity.ERROR
Options = RuleOptions
CONFIGURABLE = False


def check(ctx: RuleContext) -> Iterator[RuleFinding]:
    for ref in references(ctx.org, include_definitions=True):
        why = id_problem(ref.value)
        if why is not None:
            what = "id" if ref.definition else f"reference to a {ref.expects}"
            key_path: KeyPath = ref.key_path
            yield RuleFinding(ref.source, key_path, f"{what} '{ref.value}' {why}", id_suggestion(ref.value), ref.target)
