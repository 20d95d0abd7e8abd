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

import functools
import re
from collections.abc import Iterator

from charter.problem import Severity
from charter.rules.base import Finding, KeyPath, RuleContext, RuleOptions
from charter.rules.walk import references
from charter.schema.types import ID_RE

CODE = "CH101"
NAME = "id-format"
SEVERITY = Severity.ERROR
Options = RuleOptions
CONFIGURABLE = False

# Device names Windows refuses as file names, and "index", which MkDocs takes for a section page.
RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9]|index)$")


@functools.lru_cache(maxsize=65_536)
def problem_with(value: str) -> str | None:
    if not ID_RE.match(value):
        return "must be lower-case letters, digits and dashes, starting with a letter or digit, at most 63 long"
    if RESERVED.match(value):
        return "is a reserved name on some systems"
    return None


def suggestion(value: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:63]
    if not slug or RESERVED.match(slug):
        return "choose a short descriptive id such as service-lead"
    return f"did you mean '{slug}'?"


def check(ctx: RuleContext) -> Iterator[Finding]:
    for ref in references(ctx.org, include_definitions=True):
        why = problem_with(ref.value)
        if why is not None:
            what = "id" if ref.definition else f"reference to a {ref.expects}"
            key_path: KeyPath = ref.key_path
            yield Finding(ref.source, key_path, f"{what} '{ref.value}' {why}", suggestion(ref.value), ref.target)
