"""A hand-off between teams is never silent.

Where a step leads to a next step performed by another team (no team performs both), someone
across the boundary must know it is coming: a role of the next step's team Consulted or
Informed on this step, or a role of this step's team Consulted or Informed on the next one.
Otherwise work waits in a queue nobody watches, and the customer waits with it. Steps performed
by external parties are exempt: those are customer touchpoints, not internal hand-offs.

Example: "Log the call" (Customer Service) → "Diagnose" (IT), with nobody from IT informed of
the logged call. Add ``informed: [it-support-engineer]`` to "Log the call".
"""

from __future__ import annotations

from collections.abc import Iterator

from charter.core.problem import Severity
from charter.model.facts import StepRef
from charter.model.flow import flow
from charter.schema.models import outcome_steps
from charter.validate.rules.base import RuleContext, RuleFinding, RuleOptions, silences_nothing
from charter.validate.rules.imported import untouched

CODE = "CH307"
NAME = "silent-handoff"
SEVERITY = Severity.WARNING
Options = RuleOptions
CONFIGURABLE = True
COMPLETE: frozenset[str] = frozenset({"role.team"})
silences = silences_nothing


def check(ctx: RuleContext[Options]) -> Iterator[RuleFinding]:
    org = ctx.org
    # Roles still in the team an import made for them have no real team yet: whether their
    # hand-offs cross a boundary is not known until a manager moves them.
    unknown = {t.split(":", 1)[1] for t in untouched(org) if t.startswith("team:")}
    for outcome in org.outcomes.values():
        graph = flow(outcome, org)
        # Steps part of which did not fit the model: who does them, who hears, what follows.
        steps = outcome_steps(outcome)
        unsure: set[int] = set()
        if org.left_out("outcome", outcome.id, "steps"):
            unsure = {id(s) for i, s in enumerate(steps) if org.left_out("outcome", outcome.id, "steps", i)}
        for index, step in enumerate(steps):
            if graph.steps[step.id] is not step or id(step) in unsure:
                continue  # a second step with the same id (duplicate-id reports it), or one not known
            here = _teams(ctx, org.performers(step)) - unknown
            if not here:
                continue
            for nid in graph.successors[step.id]:
                after = graph.steps[nid]
                if id(after) in unsure:
                    continue
                there = _teams(ctx, org.performers(after)) - unknown
                if not there or here & there:
                    continue
                if _teams(ctx, org.listeners(step)) & there or _teams(ctx, org.listeners(after)) & here:
                    continue
                names = ", ".join(sorted(ctx.team_name(t) for t in there))
                mine = ", ".join(sorted(ctx.team_name(t) for t in here))
                yield ctx.at_step(
                    StepRef(outcome, index, step),
                    ("next",),
                    f"'{step.name}' hands off to '{after.name}' ({names}) with nobody from {names} "
                    f"consulted or informed, and nobody from {mine} on '{after.name}'",
                    f"inform someone from {names} on this step, or someone from {mine} on '{after.id}'",
                )


def _teams(ctx: RuleContext[Options], actors: tuple[str, ...]) -> set[str]:
    return {team for a in actors if (team := ctx.org.team_of(a)) is not None}
