"""Charters are reviewed when they said they would be.

Roles and outcomes may carry ``review_by: YYYY-MM-DD``. Once that day has passed, the charter
may no longer describe how people work: review it with the people who hold the role (or run the
outcome), then move the date forward in the same pull request.
"""

from __future__ import annotations

from collections.abc import Iterator

from charter.core.problem import Severity
from charter.validate.rules.base import RuleContext, RuleFinding, RuleOptions, silences_nothing

CODE = "CH309"
NAME = "stale"
SEVERITY = Severity.WARNING
Options = RuleOptions
CONFIGURABLE = True
COMPLETE: frozenset[str] = frozenset()
silences = silences_nothing


def check(ctx: RuleContext[Options]) -> Iterator[RuleFinding]:
    org = ctx.org
    dated = [("role", r.id, r.title, r.review_by) for r in org.roles.values()] + [
        ("outcome", o.id, o.name, o.review_by) for o in org.outcomes.values()
    ]
    for kind, entity_id, name, review_by in dated:
        if review_by is not None and review_by < ctx.today:
            yield ctx.at(
                kind,
                entity_id,
                ("review_by",),
                f"the {kind} '{name}' was due for review on {review_by.isoformat()}",
                "review it with the people involved, then set a new review_by date",
            )
