"""A step asks only the roles it must.

Counts the roles asked before a step is done (Consulted in RACI; every two-way letter of the
scheme). More than ``max_consulted`` (default 3) slows the step down and blurs who decides:
move those who only need to know to Informed.

Options: ``max_consulted`` (default 3).
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from charter.core.problem import Severity
from charter.schema.models import step_letters
from charter.validate.rules.base import RuleContext, RuleFinding, RuleOptions, WholeNumber, silences_nothing

CODE = "CH304"
NAME = "too-many-cooks"
SEVERITY = Severity.WARNING


class Options(RuleOptions):
    max_consulted: WholeNumber = Field(3, description="the most roles one step may consult")


CONFIGURABLE = True
COMPLETE: frozenset[str] = frozenset()
silences = silences_nothing


def check(ctx: RuleContext[Options]) -> Iterator[RuleFinding]:
    limit = ctx.options.max_consulted
    two_way = [letter for letter in ctx.org.scheme.letters if letter.two_way]
    org = ctx.org
    for ref in org.steps():
        asked = list(dict.fromkeys(a for letter in two_way for a in step_letters(ref.step, letter.key)))
        if len(asked) > limit:
            if any(org.left_out("outcome", ref.outcome.id, "steps", ref.index, letter.key) for letter in two_way):
                continue  # some of those asked did not fit the model: how many there are is not known
            key = two_way[0].key if two_way else ""
            yield ctx.at_step(
                ref,
                (key,),
                f"step '{ref.step.name}' consults {len(asked)} roles ({', '.join(asked)}); the limit is {limit}",
                "keep those whose answer changes the work; make the others Informed",
            )
