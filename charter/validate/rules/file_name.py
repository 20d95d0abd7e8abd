"""A file is named after the id it defines.

``roles/service-lead.yaml`` defines ``id: service-lead``. RuleFinding a role's file from its id (and
the other way round) is then trivial for everyone, and the site's "edit" links are right.

Example: ``roles/lead.yaml`` with ``id: service-lead`` — rename the file to
``roles/service-lead.yaml`` (or fix the id).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from charter.core.problem import Severity
from charter.schema.types import ID_RE
from charter.validate.rules.base import RuleContext, RuleFinding, RuleOptions, silences_nothing

CODE = "CH103"
NAME = "file-name"
SEVERITY = Severity.ERROR
Options = RuleOptions
CONFIGURABLE = False
COMPLETE: frozenset[str] = frozenset()
silences = silences_nothing


def check(ctx: RuleContext[Options]) -> Iterator[RuleFinding]:
    for record in ctx.org.records:
        if record.kind == "organisation":
            continue
        entity_id = record.id
        if not ID_RE.match(entity_id):
            continue  # id-format names it; such an id must never reach a path
        path = PurePosixPath(record.source.rel)
        if path.stem != entity_id:
            yield RuleFinding(
                record.source,
                ("id",),
                f"the file is named '{path.name}' but defines '{entity_id}'",
                f"rename the file to '{path.with_name(entity_id + path.suffix)}', or change the id",
                f"{record.kind}:{entity_id}",
            )
