"""Every step has the letters its scheme requires: in RACI, exactly one Accountable and at least
one Responsible.

The counts come from the organisation's scheme (``min`` and ``max`` of each letter), so RASCI,
DACI, a single-DRI scheme or a custom one are checked by their own rules. A role listed twice
under one letter of the same step is reported too.

Example (RACI)::

    - id: triage
      name: Triage the fault
      responsible: [it-support-engineer]
      accountable: [it-lead, head-of-service]   # two Accountable: a step has exactly one
"""

from __future__ import annotations

from collections.abc import Iterator

from charter.core.problem import Severity
from charter.schema.models import step_letters
from charter.validate.rules.base import RuleContext, RuleFinding, RuleOptions, silences_nothing

CODE = "CH201"
NAME = "step-letters"
SEVERITY = Severity.ERROR
Options = RuleOptions
CONFIGURABLE = True
COMPLETE: frozenset[str] = frozenset()
silences = silences_nothing


def check(ctx: RuleContext[Options]) -> Iterator[RuleFinding]:
    org = ctx.org
    for ref in org.steps():
        unsure = org.left_out("outcome", ref.outcome.id, "steps", ref.index)
        for letter in org.scheme.letters:
            if unsure and org.left_out("outcome", ref.outcome.id, "steps", ref.index, letter.key):
                continue  # its roles did not fit the model: how many there are is not known
            holders = step_letters(ref.step, letter.key)
            name = f"'{ref.step.name}'"
            if len(holders) < letter.min:
                needed = "exactly one" if letter.max == 1 and letter.min == 1 else f"at least {letter.min}"
                has = f"only {len(holders)}" if holders else "no"
                yield ctx.at_step(
                    ref,
                    (letter.key,) if letter.key in _written(ctx, ref) else (),
                    f"step {name} has {has} {letter.label} ({letter.letter}); it needs {needed}",
                    f"add '{letter.key}: <role id>' — the role that {letter.meaning[0].lower()}{letter.meaning[1:]}",
                )
            elif letter.max is not None and len(holders) > letter.max:
                yield ctx.at_step(
                    ref,
                    (letter.key,),
                    f"step {name} has {len(holders)} {letter.label} roles ({', '.join(holders)}); "
                    f"it may have at most {letter.max}",
                    "one role answers for a step; move the others to another letter",
                )
            seen: set[str] = set()
            for actor in holders:
                if actor in seen:
                    yield ctx.at_step(
                        ref, (letter.key,), f"step {name} lists '{actor}' twice as {letter.label}", "remove one"
                    )
                seen.add(actor)


def _written(ctx: RuleContext[Options], ref: object) -> set[str]:
    from charter.model.facts import StepRef

    assert isinstance(ref, StepRef)
    data = ctx.org.source("outcome", ref.outcome.id).data.get("steps")
    step = data[ref.index] if isinstance(data, list) and ref.index < len(data) else None
    return set(step) if isinstance(step, dict) else set()
