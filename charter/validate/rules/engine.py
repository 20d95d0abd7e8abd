"""Run the rules with the organisation's settings, then apply waivers.

Settings are checked here too, since only the registry knows which rules and options exist:
``rules: {pass-arond: …}`` gets a "did you mean 'pass-around'?" like any other typo.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from charter.core.codes import CodeId
from charter.core.problem import Problem, Severity
from charter.core.suggest import hint_for
from charter.load.discover import SourceFile
from charter.model.graph import Org
from charter.validate.located import coded, problem_at
from charter.validate.rules import BY_NAME, RULES, get
from charter.validate.rules.base import Rule, RuleContext, RuleFinding, RuleOptions
from charter.validate.wording import found as quoted

FIXED = frozenset(code for code, rule in RULES.items() if not rule.CONFIGURABLE)
SEVERITIES = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO, "off": None}


@dataclass
class Settings:
    severity: dict[str, Severity | None] = field(default_factory=dict)
    options: dict[str, RuleOptions] = field(default_factory=dict)  # by rule code, validated


def settings_for(org: Org, problems: list[Problem]) -> Settings:
    """Each rule's entry in ``rules:``, checked against the rule's own ``Options`` model."""
    source = org.organisation_source
    settings = Settings()
    seen: dict[str, str] = {}
    for name, config in org.settings.rules.items():
        rule = get(name)
        if rule is None:
            problems.append(
                coded(
                    source,
                    ("rules", name),
                    CodeId.RULE_SETTINGS,
                    f"no rule '{name}'",
                    hint_for(name, [*BY_NAME, *RULES]) or "`charter rules` lists them",
                    at_key=True,
                )
            )
            continue
        if rule.CODE in seen:
            problems.append(
                coded(
                    source,
                    ("rules", name),
                    CodeId.RULE_SETTINGS,
                    f"{rule.NAME} is configured twice ('{seen[rule.CODE]}' and '{name}')",
                    "merge the two into one entry",
                    at_key=True,
                )
            )
            continue
        seen[rule.CODE] = name
        try:
            chosen = rule.Options.model_validate(config)
        except ValidationError as exc:
            problems.extend(_setting_problem(source, rule, name, e, config) for e in exc.errors(include_url=False))
            continue
        if chosen.severity is not None:
            if rule.CONFIGURABLE:
                settings.severity[rule.CODE] = SEVERITIES[chosen.severity]
            else:
                where = ("rules", name, "severity")
                message = f"{rule.NAME} cannot be changed: every site depends on it"
                problems.append(coded(source, where, CodeId.RULE_SETTINGS, message))
        settings.options[rule.CODE] = chosen
    return settings


def _setting_problem(source: SourceFile, rule: Rule, name: str, error: ErrorDetails, config: dict[str, Any]) -> Problem:
    """One pydantic error in a rule's settings, in the words a manager reads."""
    key = str(error["loc"][0]) if error["loc"] else ""
    where = ("rules", name, key)
    if error["type"] == "extra_forbidden":
        accepted = list(rule.Options.model_fields)
        hint = hint_for(key, accepted) or f"it takes: {', '.join(accepted)}"
        return coded(source, where, CodeId.RULE_SETTINGS, f"{rule.NAME} has no option '{key}'", hint, at_key=True)
    found = quoted(config.get(key))
    if key == "severity":
        return coded(
            source, where, CodeId.RULE_SETTINGS, f"severity must be one of {', '.join(SEVERITIES)}, found {found}"
        )
    return coded(source, where, CodeId.RULE_SETTINGS, f"{key} must be a whole number, found {found}")


@dataclass(frozen=True)
class RuleRun:
    """The rules' result: every finding (and settings problem) kept after waivers, and the
    names of the rules left out until an integrity error is fixed."""

    problems: list[Problem]
    unchecked: tuple[str, ...]


def run_rules(
    org: Org, today: datetime.date, *, settings_read: bool = True, incomplete: frozenset[str] = frozenset()
) -> RuleRun:
    """Every rule's findings, and the names of the rules left out. ``incomplete`` names the kinds
    of entity some of whose files dropped out of the run (``role``), and the fields of a kind
    that some file of it was checked without (``role.holders``: they did not fit its model);
    without ``settings_read`` (no readable organisation.yaml) only the integrity rules run,
    since no setting changes them."""
    problems: list[Problem] = []
    settings = settings_for(org, problems) if settings_read else Settings()
    found: list[Problem] = []
    ran: set[str] = set()
    quiet: set[tuple[str, str]] = set()
    unchecked: list[str] = []
    # Kinds of entity whose files dropped out or hold an integrity error (an unknown id, a second
    # definition), and fields of a kind some file was checked without: a rule that reasons about
    # what such files do or do not say (COMPLETE) would report a consequence of the mistake
    # instead of the mistake, so it waits for the fix.
    broken = set(incomplete)
    for rule in RULES.values():
        severity = settings.severity.get(rule.CODE, rule.SEVERITY)
        if severity is None:
            continue
        if rule.CONFIGURABLE and (not settings_read or waits(rule.COMPLETE, broken)):
            unchecked.append(rule.NAME)
            continue
        ran.add(rule.CODE)
        ctx = RuleContext(org, settings.options.get(rule.CODE) or rule.Options(), today)
        quiet |= rule.silences(ctx)
        for finding in rule.check(ctx):
            if org.partial and _in_left_out(org, finding):
                continue
            if not rule.CONFIGURABLE and severity is Severity.ERROR:
                broken.add(finding.source.kind)
            found.append(
                problem_at(
                    finding.source,
                    finding.key_path,
                    code=rule.CODE,
                    name=rule.NAME,
                    severity=severity,
                    message=finding.message,
                    hint=finding.hint,
                    target=finding.target,
                    at_key=finding.at_key,
                )
            )
    if not settings_read:
        return RuleRun(found, tuple(unchecked))
    kept = apply_waivers(org, found, today, ran)
    # What a rule's own finding sums up is said once, by that rule (an import's stubs: imported.py).
    problems.extend(p for p in kept if (p.code, p.target) not in quiet)
    return RuleRun(problems, tuple(unchecked))


def waits(complete: frozenset[str], broken: set[str]) -> bool:
    """Whether a rule that must see ``complete`` whole (kinds, or fields of a kind: ``role``,
    ``role.team``) waits for what is ``broken`` (likewise): a kind covers each of its fields."""
    return any(
        need == gap or need.startswith(gap + ".") or gap.startswith(need + ".") for need in complete for gap in broken
    )


def _in_left_out(org: Org, finding: RuleFinding) -> bool:
    """A finding at a value that did not fit its model (or a stand-in for it) is about what the
    structure stage already reported there: it would say the same mistake twice, or a wrong one."""
    left_out = org.partial.get(finding.source.rel)
    return left_out is not None and any(finding.key_path[: len(path)] == path for path in left_out)


def apply_waivers(org: Org, found: list[Problem], today: datetime.date, ran: set[str]) -> list[Problem]:
    """Drop the findings a live waiver covers; report expired, misdirected and unused waivers
    (unused only where the rule ran: after an integrity error the others do not)."""
    source = org.organisation_source
    live: dict[tuple[str, str], int] = {}
    extra: list[Problem] = []
    for i, waiver in enumerate(org.settings.waivers):
        rule: Rule | None = get(waiver.rule)
        if rule is None:
            extra.append(
                coded(
                    source,
                    ("waivers", i, "rule"),
                    CodeId.RULE_SETTINGS,
                    f"no rule '{waiver.rule}' to waive",
                    hint_for(waiver.rule, [*BY_NAME, *RULES]),
                )
            )
        elif not rule.CONFIGURABLE:
            extra.append(
                coded(
                    source,
                    ("waivers", i, "rule"),
                    CodeId.RULE_SETTINGS,
                    f"{rule.NAME} cannot be waived: every site depends on it",
                )
            )
        elif waiver.expires < today:
            extra.append(
                coded(
                    source,
                    ("waivers", i, "expires"),
                    CodeId.WAIVER_EXPIRED,
                    f"the waiver of {rule.NAME} for {waiver.target} expired on {waiver.expires.isoformat()}",
                    "fix what it waived and delete the waiver, or give a new reason and date",
                )
            )
        elif (rule.CODE, waiver.target) in live:
            first = live[(rule.CODE, waiver.target)]
            extra.append(
                coded(
                    source,
                    ("waivers", i),
                    CodeId.RULE_SETTINGS,
                    f"a second waiver of {rule.NAME} for {waiver.target} (the first is waivers[{first}])",
                    "keep one waiver per rule and target",
                )
            )
        else:
            live[(rule.CODE, waiver.target)] = i
    used: set[int] = set()
    kept: list[Problem] = []
    for problem in found:
        index = live.get((problem.code, problem.target))
        if index is None:
            kept.append(problem)
        else:
            used.add(index)
    targets = sorted({p.target for p in found if p.target} | _all_targets(org))
    for (code, target), index in sorted(live.items(), key=lambda item: item[1]):
        if index not in used and code in ran and not _unread_target(org, target):
            extra.append(
                coded(
                    source,
                    ("waivers", index, "target"),
                    CodeId.WAIVER_UNUSED,
                    f"the waiver for {target} silences nothing",
                    "the finding is gone: delete the waiver"
                    if target in targets
                    else hint_for(target, targets) or "targets are written kind:id, e.g. role:data-analyst",
                )
            )
    return kept + extra


def _unread_target(org: Org, target: str) -> bool:
    """A waiver for something in a file that dropped out of this run, or was checked only in
    part, may still be needed."""
    kind, _, rest = target.partition(":")
    kind = "outcome" if kind == "step" else kind  # step:<outcome>/<step>
    entity = rest.split("/")[0]
    return kind in org.unlisted or entity in org.unread.get(kind, frozenset()) or org.left_out(kind, entity)


def _all_targets(org: Org) -> set[str]:
    targets = {f"team:{t}" for t in org.teams} | {f"role:{r}" for r in org.roles}
    targets |= {f"person:{p}" for p in org.people} | {f"outcome:{o}" for o in org.outcomes}
    targets |= {ref.target for ref in org.steps()}
    return targets
