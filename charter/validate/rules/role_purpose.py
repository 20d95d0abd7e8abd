"""Every role says why customers fund it and what it owns alone.

The ``purpose`` answers "why do customers fund this job?" in the customer's terms, and ``owns``
lists what the role decides and does without asking anyone. Without them a charter is a job
title and a list of meetings.

Example::

    purpose: Customers fund this job so that one call gets their problem owned and solved.
    owns:
      - Deciding when a known fix applies
"""

from __future__ import annotations

from collections.abc import Iterator

from charter.core.problem import Severity
from charter.validate.rules.base import RuleContext, RuleFinding, RuleOptions, silences_nothing

CODE = "CH203"
NAME = "role-purpose"
SEVERITY = Severity.ERROR
Options = RuleOptions
CONFIGURABLE = True
COMPLETE: frozenset[str] = frozenset()
silences = silences_nothing


def check(ctx: RuleContext[Options]) -> Iterator[RuleFinding]:
    org = ctx.org
    for role in org.roles.values():
        if role.purpose is None and not org.left_out("role", role.id, "purpose"):
            yield ctx.at(
                "role",
                role.id,
                ("id",),
                f"role '{role.title}' does not say why customers fund it",
                "add 'purpose: Customers fund this job so that …'",
            )
        if not role.owns and not org.left_out("role", role.id, "owns"):
            yield ctx.at(
                "role",
                role.id,
                ("owns",) if "owns" in ctx.org.source("role", role.id).data else ("id",),
                f"role '{role.title}' owns nothing alone",
                "add 'owns:' with what this role decides and does without asking anyone",
            )
