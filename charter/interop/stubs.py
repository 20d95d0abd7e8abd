"""The files ``charter import raci`` writes: the outcome its matrix describes, a stub for each
role it names that charter does not know, and the team those stubs wait in.

Their text is in templates/scaffold/ (``imported-outcome.yaml``, ``imported-role.yaml``,
``imported-team.yaml``), beside the templates of ``charter new``, and filled in and quoted the
same way (:mod:`charter.author.templates`); only the outcome's steps are written here, a few
lines each.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from charter.author.templates import fill, quoted, template
from charter.schema.jsonschema import comment_for
from charter.schema.schemes import Scheme

if TYPE_CHECKING:
    from charter.interop.raci_import import Step


def outcome_yaml(outcome_id: str, name: str, steps: list[Step], scheme: Scheme, source: str) -> str:
    owner_key = next(letter.key for letter in scheme.letters if letter.accountable)
    counts = Counter(r for s in steps for r in s.letters.get(owner_key, []))
    lines = _step_lines(steps, scheme)
    return fill(
        template("imported-outcome.yaml"),
        {
            "@SCHEMA@": comment_for("outcome", f"outcomes/{outcome_id}.yaml"),
            "@ID@": outcome_id,
            "@TITLE@": quoted(name),
            "@SOURCE@": quoted(source),
            # The role accountable for most steps: a guess the file asks to check, and no line
            # when no step names one.
            "@ACCOUNTABLE@": counts.most_common(1)[0][0] if counts else None,
            "@STEPS@": "\n".join(lines) if lines else None,
        },
    )


def _step_lines(steps: list[Step], scheme: Scheme) -> list[str]:
    """Each step with its letters in the scheme's order, linked to the next in the table's order."""
    lines = []
    for index, step in enumerate(steps):
        lines.append(f"  - id: {step.id}")
        lines.append(f"    name: {quoted(step.name)}")
        if step.notes:
            lines.append(f"    detail: {quoted('; '.join(step.notes))}")
        for letter in scheme.letters:
            holders = step.letters.get(letter.key, [])
            if holders:
                lines.append(f"    {letter.key}: [{', '.join(holders)}]")
        if index + 1 < len(steps):
            lines.append(f"    next: [{steps[index + 1].id}]")
    return lines


def stub_role(role_id: str, title: str, team: str, source: str) -> str:
    return fill(
        template("imported-role.yaml"),
        {
            "@SCHEMA@": comment_for("role", f"roles/{role_id}.yaml"),
            "@ID@": role_id,
            "@TITLE@": quoted(title),
            "@SOURCE@": quoted(source),
            "@TEAM@": team,
        },
    )


def stub_team(team_id: str, source: str) -> str:
    return fill(
        template("imported-team.yaml"),
        {"@SCHEMA@": comment_for("team", f"teams/{team_id}.yaml"), "@ID@": team_id, "@SOURCE@": quoted(source)},
    )
