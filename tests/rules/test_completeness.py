"""Step letters, complete outcomes and role purposes (CH201–CH203), for several schemes."""

from __future__ import annotations

from typing import Any

from tests.conftest import OrgDir


def test_missing_accountable_and_responsible(minimal: OrgDir) -> None:
    def change(data: dict[str, Any]) -> None:
        del data["steps"][1]["accountable"]
        data["steps"][2]["responsible"] = []

    minimal.edit("outcomes/fault-fixed.yaml", change)
    problems = minimal.problems("CH201")
    assert [(p.key_path, p.message) for p in problems] == [
        ("steps[1]", "step 'Log the call' has no Accountable (A); it needs exactly one"),
        ("steps[2].responsible", "step 'Fix the fault' has no Responsible (R); it needs at least 1"),
    ]
    assert problems[0].target == "step:fault-fixed/log"


def test_role_listed_twice_under_one_letter(minimal: OrgDir) -> None:
    minimal.replace("outcomes/fault-fixed.yaml", "informed: [agent]", "informed: [agent, agent]")
    (problem,) = minimal.problems("CH201")
    assert problem.message == "step 'Fix the fault' lists 'agent' twice as Informed"


def daci(minimal: OrgDir) -> None:
    minimal.replace("organisation.yaml", "scheme: raci", "scheme: daci")
    text = minimal.read("outcomes/fault-fixed.yaml")
    text = text.replace("responsible:", "driver:").replace("    accountable:", "    approver:")
    minimal.write("outcomes/fault-fixed.yaml", text)


def test_daci_scheme_validates_with_its_own_letters(minimal: OrgDir) -> None:
    daci(minimal)
    assert minimal.validate().problems == ()


def test_daci_allows_one_driver(minimal: OrgDir) -> None:
    daci(minimal)
    minimal.replace("outcomes/fault-fixed.yaml", "driver: [agent]", "driver: [agent, service-lead]")
    (problem,) = minimal.problems("CH201")
    assert problem.message == "step 'Log the call' has 2 Driver roles (agent, service-lead); it may have at most 1"


def test_raci_keys_are_unknown_under_daci(minimal: OrgDir) -> None:
    minimal.replace("organisation.yaml", "scheme: raci", "scheme: daci")
    problems = minimal.problems("CH020")
    assert {p.message for p in problems} == {"unknown key 'responsible'", "unknown key 'accountable'"}


def test_custom_scheme(minimal: OrgDir) -> None:
    custom = """scheme:
  name: Owner-Helper
  letters:
    - {key: responsible, letter: O, label: Owner, meaning: Does it and answers for it., performs: true,
       accountable: true, min: 1, max: 1}
    - {key: informed, letter: H, label: Heads-up, meaning: Is told.}
"""
    minimal.replace("organisation.yaml", "scheme: raci\n", custom)

    def owners_only(data: dict[str, Any]) -> None:
        for step in data["steps"]:
            del step["accountable"]

    minimal.edit("outcomes/fault-fixed.yaml", owners_only)
    result = minimal.validate()
    assert [p.code for p in result.problems] == []
    assert result.org is not None
    assert result.org.scheme.owner.label == "Owner"


def test_incoherent_custom_scheme_is_refused(minimal: OrgDir) -> None:
    custom = """scheme:
  name: Nobody does it
  letters:
    - {key: informed, letter: I, label: Informed, meaning: Is told.}
"""
    minimal.replace("organisation.yaml", "scheme: raci\n", custom)
    (problem,) = minimal.problems("CH023")
    assert problem.message == "one letter must perform the work (performs: true)"
    assert problem.key_path == "scheme"


def test_outcome_must_be_complete(minimal: OrgDir) -> None:
    def change(data: dict[str, Any]) -> None:
        del data["promise"]
        del data["measure"]["target"]
        del data["accountable"]

    minimal.edit("outcomes/fault-fixed.yaml", change)
    found = sorted((p.key_path, p.message) for p in minimal.problems("CH202"))
    assert found == [
        ("", "outcome 'Fault fixed within a day' has no accountable role"),
        ("", "outcome 'Fault fixed within a day' has no promise"),
        ("measure", "the measure of 'Fault fixed within a day' has no target"),
    ]


def test_outcome_without_steps(minimal: OrgDir) -> None:
    minimal.edit("outcomes/fault-fixed.yaml", lambda data: data.update(steps=[]))
    assert "outcome 'Fault fixed within a day' has no steps" in [p.message for p in minimal.problems("CH202")]


def test_role_needs_purpose_and_owns(minimal: OrgDir) -> None:
    def change(data: dict[str, Any]) -> None:
        del data["purpose"]
        data["owns"] = []

    minimal.edit("roles/agent.yaml", change)
    problems = minimal.problems("CH203")
    assert [p.message for p in problems] == [
        "role 'Service Desk Agent' does not say why customers fund it",
        "role 'Service Desk Agent' owns nothing alone",
    ]
    assert all(p.target == "role:agent" for p in problems)
