"""The collaboration rules (CH301–CH309): each passes on the clean organisation and fails on a
small change that breaks it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import OrgDir

COLLABORATION = ["CH301", "CH302", "CH303", "CH304", "CH305", "CH306", "CH307", "CH308", "CH309"]


@pytest.mark.parametrize("code", COLLABORATION)
def test_clean_org_passes(minimal: OrgDir, code: str) -> None:
    assert code not in minimal.codes()


def set_rule(org: OrgDir, rule: str, **options: int) -> None:
    def change(data: dict[str, Any]) -> None:
        data.setdefault("rules", {})[rule] = {k: str(v) for k, v in options.items()}

    org.edit("organisation.yaml", change)


def test_pass_around(minimal: OrgDir) -> None:
    set_rule(minimal, "pass-around", max_roles=1)
    (problem,) = minimal.problems("CH301")
    assert problem.message == (
        "a customer's request in 'Fault fixed within a day' passes through 2 roles (agent → it-engineer); "
        "the limit is 1"
    )
    assert (problem.key_path, problem.target, problem.severity.value) == ("steps", "outcome:fault-fixed", "warning")


def test_pass_around_counts_only_paths_from_touchpoints(minimal: OrgDir) -> None:
    set_rule(minimal, "pass-around", max_roles=1)

    def no_touchpoints(data: dict[str, Any]) -> None:
        for step in data["steps"]:
            step.pop("touchpoint", None)

    minimal.edit("outcomes/fault-fixed.yaml", no_touchpoints)
    assert "CH301" not in minimal.codes()


def test_pass_around_survives_loops(minimal: OrgDir) -> None:
    minimal.replace("outcomes/fault-fixed.yaml", "informed: [agent]\n", "informed: [agent]\n    next: [log]\n")
    set_rule(minimal, "pass-around", max_roles=1)
    assert len(minimal.problems("CH301")) == 1


def test_unreciprocated(minimal: OrgDir) -> None:
    minimal.edit("roles/it-engineer.yaml", lambda d: d["collaborators"].pop(0))
    (problem,) = minimal.problems("CH302")
    assert problem.path.endswith("roles/agent.yaml")
    assert (problem.line, problem.key_path) == (9, "collaborators[0].role")
    assert "it-engineer's charter does not mention agent" in problem.message


def test_collaborating_with_an_external_party_needs_no_reply(minimal: OrgDir) -> None:
    minimal.edit("roles/agent.yaml", lambda d: d["collaborators"].append({"role": "customer", "on": "Updates"}))
    assert "CH302" not in minimal.codes()


def test_overload(minimal: OrgDir) -> None:
    set_rule(minimal, "overload", max_steps=2, max_outcomes=0)
    messages = sorted(p.message for p in minimal.problems("CH303"))
    assert messages == [
        "Service Lead (service-lead) is accountable for 1 outcomes; the limit is 0",
        "Service Lead (service-lead) is accountable for 3 steps; the limit is 2",
    ]


def test_too_many_cooks(minimal: OrgDir) -> None:
    minimal.replace(
        "outcomes/fault-fixed.yaml", "informed: [agent]", "consulted: [agent, service-lead, customer, it-engineer]"
    )
    (problem,) = minimal.problems("CH304")
    assert problem.key_path == "steps[2].consulted"
    assert "consults 4 roles" in problem.message


def test_vacancy(minimal: OrgDir) -> None:
    minimal.replace("roles/it-engineer.yaml", "holders: [bo]", "holders: []")
    (problem,) = minimal.problems("CH305")
    assert (problem.target, problem.key_path) == ("role:it-engineer", "holders")


def test_single_point_of_failure(minimal: OrgDir) -> None:
    set_rule(minimal, "single-point-of-failure", min_outcomes=1)
    (problem,) = minimal.problems("CH306")
    assert problem.message == "1 outcome depends on Service Lead (service-lead), held by one person (ana)"


def test_two_holders_are_no_single_point_of_failure(minimal: OrgDir) -> None:
    set_rule(minimal, "single-point-of-failure", min_outcomes=1)
    minimal.replace("roles/service-lead.yaml", "holders: [ana]", "holders: [ana, bo]")
    assert "CH306" not in minimal.codes()


def test_silent_handoff(minimal: OrgDir) -> None:
    minimal.replace("outcomes/fault-fixed.yaml", "    informed: [it-engineer]\n", "")
    assert "CH307" not in minimal.codes()  # the agent is still informed on the next step
    minimal.replace("outcomes/fault-fixed.yaml", "    informed: [agent]\n", "")
    (problem,) = minimal.problems("CH307")
    assert (problem.key_path, problem.target) == ("steps[1].next", "step:fault-fixed/log")
    assert problem.message.startswith("'Log the call' hands off to 'Fix the fault' (IT) with nobody from IT")


def test_orphan_team_and_role(minimal: OrgDir) -> None:
    minimal.write("teams/legal.yaml", "id: legal\nname: Legal\n")
    minimal.write(
        "roles/lawyer.yaml",
        "id: lawyer\ntitle: Lawyer\nteam: service\npurpose: Contracts are fair.\nowns: [Contracts]\nholders: [bo]\n",
    )
    targets = sorted(p.target for p in minimal.problems("CH308"))
    assert targets == ["role:lawyer", "team:legal"]


LAWYER = "id: lawyer\ntitle: Lawyer\nteam: service\npurpose: Contracts are fair.\nowns: [Contracts]\nholders: [bo]\n"


def test_a_role_escalated_to_takes_part_and_so_does_the_one_escalating(minimal: OrgDir) -> None:
    minimal.write("roles/lawyer.yaml", LAWYER + "escalates_to: agent\n")
    assert "CH308" not in minimal.codes()
    minimal.write("roles/lawyer.yaml", LAWYER)
    minimal.replace("roles/agent.yaml", "escalates_to: service-lead", "escalates_to: lawyer")
    assert "CH308" not in minimal.codes()


def test_a_team_lead_takes_part_when_the_team_has_other_roles(minimal: OrgDir) -> None:
    minimal.write("teams/legal.yaml", "id: legal\nname: Legal\nlead: lawyer\n")
    minimal.write("roles/lawyer.yaml", LAWYER.replace("team: service", "team: legal"))
    assert [p.target for p in minimal.problems("CH308")] == ["role:lawyer"]  # leads only itself
    minimal.write("roles/clerk.yaml", LAWYER.replace("lawyer", "clerk").replace("Lawyer", "Clerk")
                  .replace("team: service", "team: legal") + "escalates_to: agent\n")  # fmt: skip
    assert "CH308" not in minimal.codes()


def test_a_lead_from_another_team_or_over_sub_teams_takes_part(minimal: OrgDir) -> None:
    minimal.write("teams/legal.yaml", "id: legal\nname: Legal\nlead: lawyer\n")
    minimal.write("teams/contracts.yaml", "id: contracts\nname: Contracts\nparent: legal\n")
    minimal.write("roles/lawyer.yaml", LAWYER)  # in Customer Service, leading Legal
    minimal.write("roles/clerk.yaml", LAWYER.replace("lawyer", "clerk").replace("Lawyer", "Clerk")
                  .replace("team: service", "team: contracts") + "escalates_to: agent\n")  # fmt: skip
    assert "CH308" not in minimal.codes()


def test_a_person_who_holds_no_role(minimal: OrgDir) -> None:
    minimal.write("people/isla.yaml", "id: isla\nname: Isla Campbell\n")
    (problem,) = minimal.problems("CH308")
    assert (problem.target, problem.message) == ("person:isla", "Isla Campbell (isla) holds no role")
    assert "people/isla.yaml if they have left" in problem.hint
    set_rule(minimal, "orphan", people=0)  # switched off for people, teams and roles still checked
    assert "CH308" not in minimal.codes()
    minimal.replace("organisation.yaml", "people: '0'", "people: '1'")
    minimal.replace("roles/agent.yaml", "holders: [ana]", "holders: [ana, isla]")
    assert "CH308" not in minimal.codes()


def test_stale(minimal: OrgDir) -> None:
    minimal.write("roles/agent.yaml", minimal.read("roles/agent.yaml") + "review_by: 2026-11-22\n")
    (problem,) = minimal.problems("CH309")
    assert problem.message == "the role 'Service Desk Agent' was due for review on 2026-11-22"
    minimal.replace("roles/agent.yaml", "review_by: 2026-11-22", "review_by: 2026-11-23")
    assert "CH309" not in minimal.codes()


def test_a_very_long_chain_is_checked_without_running_out_of_stack(minimal: OrgDir) -> None:
    steps = "".join(
        f"  - {{id: s{i}, name: Step {i}, responsible: agent, accountable: service-lead"
        f"{', touchpoint: true' if i == 0 else ''}{f', next: s{i + 1}' if i + 1 < 3000 else ''}}}\n"
        for i in range(3000)
    )
    head = minimal.read("outcomes/fault-fixed.yaml").split("steps:\n")[0]
    minimal.write("outcomes/fault-fixed.yaml", head + "steps:\n" + steps)
    minimal.replace("roles/it-engineer.yaml", "collaborators:\n", "collaborators:\n  - role: customer\n    on: x\n")
    result = minimal.validate()
    assert result.org is not None
    assert [p.code for p in result.problems if p.severity.value == "error"] == []


def test_draft_placeholders_are_warnings(minimal: OrgDir) -> None:
    minimal.replace("roles/agent.yaml", "  - Logging every call", '  - "TODO: what this role decides alone"')
    (problem,) = minimal.problems("CH310")
    assert (problem.key_path, problem.severity.value, problem.target) == ("owns[0]", "warning", "role:agent")
    assert problem.message == 'still a draft: "TODO: what this role decides alone"'
