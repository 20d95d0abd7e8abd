"""Every outcome says what is promised, how it is measured, and who answers for it.

An outcome is a promise to customers, so it needs a ``promise`` (in the customer's words), a
``measure`` with a ``metric`` and a ``target``, and an ``accountable`` role that answers for the
whole of it, end to end.

Example::

    id: issue-resolved-24h
    name: Support issue resolved within 24 hours
    promise: Any issue a customer raises is resolved within 24 hours of the first call.
    measure: {metric: Issues resolved within 24h, target: ">= 95%"}
    accountable: head-of-service
"""

from __future__ import annotations

from collections.abc import Iterator

from charter.core.problem import Severity
from charter.schema.models import OutcomeBase, outcome_steps
from charter.validate.rules.base import RuleContext, RuleFinding, RuleOptions, silences_nothing

CODE = "CH202"
NAME = "outcome-complete"
SEVERITY = Severity.ERROR
Options = RuleOptions
CONFIGURABLE = True
COMPLETE: frozenset[str] = frozenset()
silences = silences_nothing


def check(ctx: RuleContext[Options]) -> Iterator[RuleFinding]:
    org = ctx.org
    for outcome in org.outcomes.values():
        oid = outcome.id
        # A value left out of a file because it did not fit its model is not missing from it.
        missing = {key for key, at in KEYS.items() if not _said(outcome, key) and not org.left_out("outcome", oid, *at)}
        if "promise" in missing:
            yield ctx.at(
                "outcome",
                oid,
                (),
                f"outcome '{outcome.name}' has no promise",
                "add 'promise: …' in the customer's words",
            )
        if "measure" in missing:
            yield ctx.at(
                "outcome", oid, (), f"outcome '{outcome.name}' has no measure", "add 'measure: {metric: …, target: …}'"
            )
        elif "target" in missing:
            yield ctx.at(
                "outcome",
                oid,
                ("measure",),
                f"the measure of '{outcome.name}' has no target",
                'add e.g. target: ">= 95%"',
            )
        if "accountable" in missing:
            yield ctx.at(
                "outcome",
                oid,
                (),
                f"outcome '{outcome.name}' has no accountable role",
                "add 'accountable: <role id>' — the role that answers for the promise end to end",
            )
        if "steps" in missing:
            yield ctx.at("outcome", oid, (), f"outcome '{outcome.name}' has no steps", "list the steps under 'steps:'")


# What an outcome must say, and where in its file.
KEYS = {
    "promise": ("promise",),
    "measure": ("measure",),
    "target": ("measure", "target"),
    "accountable": ("accountable",),
    "steps": ("steps",),
}


def _said(outcome: OutcomeBase, key: str) -> bool:
    if key == "target":
        return outcome.measure is None or outcome.measure.target is not None
    if key == "steps":
        return bool(outcome_steps(outcome))
    return getattr(outcome, key) is not None
