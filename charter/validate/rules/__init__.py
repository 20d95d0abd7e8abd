"""The collaboration rules: one module each, in one explicit registry."""

from __future__ import annotations

from charter.validate.rules import (
    draft,
    duplicate_id,
    file_name,
    id_format,
    imported,
    orphan,
    outcome_complete,
    overload,
    pass_around,
    role_purpose,
    silent_handoff,
    single_point_of_failure,
    stale,
    step_letters,
    team_cycle,
    too_many_cooks,
    unreciprocated_collaboration,
    unresolved_reference,
    vacancy,
)
from charter.validate.rules.base import Rule

_MODULES: tuple[Rule, ...] = (
    id_format,
    duplicate_id,
    file_name,
    unresolved_reference,
    team_cycle,
    step_letters,
    outcome_complete,
    role_purpose,
    pass_around,
    unreciprocated_collaboration,
    overload,
    too_many_cooks,
    vacancy,
    single_point_of_failure,
    silent_handoff,
    orphan,
    stale,
    draft,
    imported,
)

RULES: dict[str, Rule] = {rule.CODE: rule for rule in _MODULES}
BY_NAME: dict[str, Rule] = {rule.NAME: rule for rule in _MODULES}


def get(code_or_name: str) -> Rule | None:
    return RULES.get(code_or_name.upper()) or BY_NAME.get(code_or_name.lower())
