"""Rule settings and waivers in organisation.yaml."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from charter.core.problem import Severity
from charter.validate.rules import RULES
from tests.conftest import ROOT, OrgDir

VACANT = ("roles/it-engineer.yaml", "holders: [bo]", "holders: []")


def vacate(org: OrgDir) -> None:
    """The IT Engineer vacant, its only holder gone (who would otherwise hold no role, CH308)."""
    org.replace(*VACANT)
    org.remove("people/bo.yaml")


def waiver(expires: str, target: str = "role:it-engineer", rule: str = "vacancy") -> str:
    return f"waivers:\n  - rule: {rule}\n    target: {target}\n    reason: Hiring; Bo covers.\n    expires: {expires}\n"


def test_every_rule_is_documented_and_coded() -> None:
    codes = list(RULES)
    assert codes == sorted(codes)
    for rule in RULES.values():
        module = f"charter.validate.rules.{rule.NAME.replace('-', '_')}"
        assert rule.check.__module__ == module  # each module named for its rule
        assert rule.__doc__ is not None
        assert len(rule.__doc__.split()) > 20


def test_severity_can_be_changed_or_turned_off(minimal: OrgDir) -> None:
    vacate(minimal)
    assert minimal.problems("CH305")[0].severity is Severity.WARNING
    minimal.write("organisation.yaml", minimal.read("organisation.yaml") + "rules:\n  vacancy: {severity: error}\n")
    assert minimal.problems("CH305")[0].severity is Severity.ERROR
    minimal.replace("organisation.yaml", "severity: error", "severity: 'off'")
    assert minimal.codes() == []
    minimal.replace("organisation.yaml", "severity: 'off'", "severity: off")  # YAML 1.1 would make this False
    assert minimal.codes() == []


def test_unknown_rule_option_and_severity(minimal: OrgDir) -> None:
    settings = "rules:\n  pass-arond: {}\n  overload: {max_step: 3, severity: loud}\n  CH101: {severity: warning}\n"
    minimal.write("organisation.yaml", minimal.read("organisation.yaml") + settings)
    found = sorted((p.code, p.key_path, p.message, p.hint) for p in minimal.validate().problems)
    assert found == [
        ("CH403", "rules.CH101.severity", "id-format cannot be changed: every site depends on it", ""),
        ("CH403", "rules.overload.max_step", "overload has no option 'max_step'", "did you mean 'max_steps'?"),
        ("CH403", "rules.overload.severity", 'severity must be one of error, warning, info, off, found "loud"', ""),
        ("CH403", "rules.pass-arond", "no rule 'pass-arond'", "did you mean 'pass-around'?"),
    ]


def test_waiver_silences_its_target_until_it_expires(minimal: OrgDir) -> None:
    vacate(minimal)
    minimal.write("organisation.yaml", minimal.read("organisation.yaml") + waiver("2026-12-31"))
    assert minimal.codes() == []
    after = datetime.date(2027, 1, 1)
    assert sorted(minimal.codes(today=after)) == ["CH305", "CH401"]
    (expired,) = minimal.problems("CH401", today=after)
    assert expired.severity is Severity.ERROR
    assert expired.key_path == "waivers[0].expires"


def test_waiver_by_code_works_too(minimal: OrgDir) -> None:
    vacate(minimal)
    minimal.write("organisation.yaml", minimal.read("organisation.yaml") + waiver("2026-12-31", rule="CH305"))
    assert minimal.codes() == []


def test_unused_waiver_suggests_the_target(minimal: OrgDir) -> None:
    vacate(minimal)
    minimal.write("organisation.yaml", minimal.read("organisation.yaml") + waiver("2026-12-31", "role:it-enginer"))
    found = sorted((p.code, p.hint) for p in minimal.validate().problems)
    assert found == [
        ("CH305", "add its holders, or waive this rule with who covers the role until it is filled"),
        ("CH402", "did you mean 'role:it-engineer'?"),
    ]


def test_waiver_for_a_fixed_finding_is_reported_unused(minimal: OrgDir) -> None:
    minimal.write("organisation.yaml", minimal.read("organisation.yaml") + waiver("2026-12-31"))
    (problem,) = minimal.validate().problems
    assert (problem.code, problem.hint) == ("CH402", "the finding is gone: delete the waiver")


def test_integrity_rules_cannot_be_waived(minimal: OrgDir) -> None:
    minimal.write(
        "organisation.yaml", minimal.read("organisation.yaml") + waiver("2026-12-31", "role:agent", "duplicate-id")
    )
    (problem,) = minimal.validate().problems
    assert (problem.code, problem.message) == ("CH403", "duplicate-id cannot be waived: every site depends on it")


def test_an_error_from_a_configurable_rule_does_not_hide_the_others(minimal: OrgDir) -> None:
    minimal.replace(
        "outcomes/fault-fixed.yaml", "    accountable: service-lead\n    informed: [agent]", "    informed: [agent]"
    )
    minimal.replace(
        "roles/agent.yaml", "purpose: Customers fund this job so that one call gets their problem owned.\n", ""
    )
    vacate(minimal)
    assert sorted(minimal.codes()) == ["CH201", "CH203", "CH305"]


def test_a_waived_error_hides_nothing_else(minimal: OrgDir) -> None:
    minimal.replace(
        "outcomes/fault-fixed.yaml", "    accountable: service-lead\n    informed: [agent]", "    informed: [agent]"
    )
    minimal.replace(
        "roles/agent.yaml", "purpose: Customers fund this job so that one call gets their problem owned.\n", ""
    )
    minimal.write(
        "organisation.yaml",
        minimal.read("organisation.yaml") + waiver("2099-01-01", "step:fault-fixed/fix", "step-letters"),
    )
    assert minimal.codes() == ["CH203"]


@pytest.mark.parametrize(
    ("rules", "accepted"),
    [
        ("{pass-around: {max_roles: 5}, CH303: {severity: error, max_steps: 20}}", True),
        ("{pass-around: {max_role: 5}}", False),  # a misspelt option
        ("{pass-arond: {}}", False),  # a misspelt rule
        ("{vacancy: {severity: loud}}", False),
        ("{id-format: {severity: warning}}", False),  # the integrity rules take no settings
    ],
)
def test_the_editors_schema_comes_from_the_rules_options(tmp_path: Path, rules: str, accepted: bool) -> None:
    """What an editor with the YAML language server flags as the manager types."""
    import subprocess
    import sys

    from charter.schema import jsonschema
    from charter.schema.schemes import BUILT_IN

    schema = tmp_path / "organisation.schema.json"
    schema.write_text(jsonschema.render("organisation", BUILT_IN["raci"]))
    settings = tmp_path / "organisation.yaml"
    settings.write_text((ROOT / "org/organisation.yaml").read_text().replace("rules: {}", f"rules: {rules}"))
    check = Path(sys.executable).parent / "check-jsonschema"
    done = subprocess.run([str(check), "--schemafile", str(schema), str(settings)], capture_output=True, check=False)
    assert (done.returncode == 0) is accepted, done.stdout
