"""Every id that is referred to exists.

A role's team, its collaborators, holders and escalation; a team's lead and parent; an outcome's
accountable role; every role or external party holding a letter in a step; and every ``next``
step (within the same outcome) must name something that is defined. The message suggests the
closest existing id.

Example::

    team: custmer-service     # unknown team 'custmer-service'; did you mean 'customer-service'?
"""

from __future__ import annotations

from collections.abc import Iterator

from charter.core.problem import Severity
from charter.core.suggest import hint_for
from charter.model.graph import Org
from charter.schema.models import outcome_steps
from charter.schema.types import ID_RE
from charter.validate.rules.base import RuleContext, RuleFinding, RuleOptions, silences_nothing
from charter.validate.rules.id_format import as_fixed
from charter.validate.rules.references import references

CODE = "CH104"
NAME = "unresolved-reference"
SEVERITY = Severity.ERROR
Options = RuleOptions
CONFIGURABLE = False
COMPLETE: frozenset[str] = frozenset()
silences = silences_nothing

UNLISTED_KINDS = {
    "team": frozenset(("team",)),
    "role": frozenset(("role",)),
    "actor": frozenset(("role", "external")),
    "person": frozenset(("person",)),
}
WORDS = {"team": "team", "role": "role", "actor": "role or external party", "person": "person", "step": "step"}


def check(ctx: RuleContext[Options]) -> Iterator[RuleFinding]:
    org = ctx.org
    unread = org.unread
    none: frozenset[str] = frozenset()
    # An id whose file dropped out of this run exists; its file's own problems say what is wrong.
    # So does an id written with capitals where it is defined (``id: Claims``): id-format says
    # so there, and ``claims``, the id it will have, names it already; hints name that id.
    exists: dict[str, set[str]] = {
        "team": _fixed({*org.teams, *unread.get("team", none)}),
        "role": _fixed({*org.roles, *unread.get("role", none)}),
        "actor": _fixed({*org.roles, *org.externals, *unread.get("role", none), *unread.get("external", none)}),
        "person": _fixed({*org.people, *unread.get("person", none)}),
    }
    known: dict[str, set[str]] = {
        "team": {as_fixed(i) for i in org.teams},
        "role": {as_fixed(i) for i in org.roles},
        "actor": {as_fixed(i) for i in (*org.roles, *org.externals)},
        "person": {as_fixed(i) for i in org.people},
    }
    steps: dict[str, set[str] | None] = {}
    for ref in references(org):
        if not ID_RE.match(ref.value):
            continue  # id-format already names it
        if not UNLISTED_KINDS.get(ref.expects, frozenset()).isdisjoint(org.unlisted):
            continue  # its folder could not be read: that folder's own finding says so, once
        if ref.expects == "step":
            if ref.outcome not in steps:
                steps[ref.outcome] = _step_ids(org, ref.outcome)
            known_steps = steps[ref.outcome]
            if known_steps is None:
                continue  # it may name the step whose id did not fit the model: that is reported
            choices = known_steps
            where = f" in outcome '{ref.outcome}'"
        else:
            if ref.value in exists[ref.expects]:
                continue
            choices = known[ref.expects]
            where = ""
        if ref.value in choices:
            continue
        hint = hint_for(ref.value, choices)
        if not hint and ref.expects == "role" and ref.value in org.externals:
            hint = f"'{ref.value}' is an external party; this needs one of your own roles"
        yield RuleFinding(
            ref.source,
            ref.key_path,
            f"unknown {WORDS[ref.expects]} '{ref.value}'{where}",
            hint or f"define it, or use an existing {WORDS[ref.expects]}",
            ref.target,
        )


def _step_ids(org: Org, outcome_id: str) -> set[str] | None:
    """The ids of an outcome's steps (and each as it will be once its id-format finding is put
    right); None when one of them did not fit its model."""
    outcome = org.outcomes.get(outcome_id)
    if outcome is None:
        return set()
    steps = outcome_steps(outcome)
    if any(org.left_out("outcome", outcome_id, "steps", i, "id") for i in range(len(steps))):
        return None
    return _fixed({s.id for s in steps})


def _fixed(ids: set[str]) -> set[str]:
    """The ids, and the id each will have once its id-format finding is put right."""
    return ids | {as_fixed(i) for i in ids}
