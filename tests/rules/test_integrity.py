"""The integrity rules: id format, duplicates, file names and references (CH101–CH104)."""

from __future__ import annotations

from typing import Any

from tests.conftest import OrgDir

P = "# yaml-language-server: $schema=../.schema/person.schema.json\n"


def test_clean_org_has_no_integrity_findings(minimal: OrgDir) -> None:
    assert minimal.validate().problems == ()


def test_bad_reference_id_is_named_once(minimal: OrgDir) -> None:
    minimal.replace("roles/agent.yaml", "holders: [ana]", "holders: [Ana Silva]")
    problems = minimal.validate().problems
    assert [(p.code, p.line, p.key_path) for p in problems] == [("CH101", 14, "holders[0]")]
    assert "reference to a person 'Ana Silva'" in problems[0].message
    # The id of the person so named; never 'ana-silva', made from the text, which names nobody.
    assert problems[0].hint == "write its id: 'ana' (the person named 'Ana Silva')"


def test_bad_definition_id(minimal: OrgDir) -> None:
    minimal.write("people/ana_b.yaml", P + "id: ana_b\nname: Ana B\n")
    (problem,) = minimal.problems("CH101")
    assert (problem.path.endswith("people/ana_b.yaml"), problem.line, problem.target) == (True, 2, "person:ana_b")


def test_role_and_external_party_cannot_share_an_id(minimal: OrgDir) -> None:
    minimal.write("external/agent.yaml", "id: agent\nname: Agency\nkind: agency\n")
    (problem,) = minimal.problems("CH102")
    assert problem.path.endswith("roles/agent.yaml") or problem.path.endswith("external/agent.yaml")
    assert "already defined" in problem.message


def test_duplicate_step_ids_within_an_outcome(minimal: OrgDir) -> None:
    minimal.replace("outcomes/fault-fixed.yaml", "  - id: fix\n", "  - id: log\n")
    problems = minimal.problems("CH102")
    assert [(p.line, p.key_path) for p in problems] == [(21, "steps[2].id")]
    assert "step 'log' is already defined" in problems[0].message
    assert ":14" in problems[0].message  # where the first one is


def test_same_step_id_in_two_outcomes_is_fine(minimal: OrgDir) -> None:
    text = minimal.read("outcomes/fault-fixed.yaml").replace("id: fault-fixed", "id: fault-fixed-again")
    minimal.write("outcomes/fault-fixed-again.yaml", text)
    assert "CH102" not in minimal.codes()


def test_file_name_must_match_id(minimal: OrgDir) -> None:
    minimal.replace("people/bo.yaml", "id: bo", "id: bob")
    codes = minimal.codes()
    assert "CH103" in codes
    (problem,) = minimal.problems("CH103")
    assert problem.hint == "rename the file to 'people/bob.yaml', or change the id"


def test_unresolved_references_suggest_the_closest_id(minimal: OrgDir) -> None:
    def change(data: dict[str, Any]) -> None:
        data["collaborators"][0]["role"] = "it-enginer"
        data["escalates_to"] = "customer"

    minimal.edit("roles/agent.yaml", change)
    minimal.replace("outcomes/fault-fixed.yaml", "accountable: service-lead\nsteps", "accountable: servce-lead\nsteps")
    problems = minimal.problems("CH104")
    messages = {(p.key_path, p.message, p.hint) for p in problems}
    assert messages == {
        ("collaborators[0].role", "unknown role or external party 'it-enginer'", "did you mean 'it-engineer'?"),
        (
            "escalates_to",
            "unknown role 'customer'",
            "'customer' is an external party; this needs one of your own roles",
        ),
        ("accountable", "unknown role 'servce-lead'", "did you mean 'service-lead'?"),
    }


def test_unresolved_person_and_next_step(minimal: OrgDir) -> None:
    minimal.replace("roles/it-engineer.yaml", "holders: [bo]", "holders: [bo, cy]")
    minimal.replace("outcomes/fault-fixed.yaml", "next: [log]", "next: [logg]")
    found = {(p.key_path, p.message) for p in minimal.problems("CH104")}
    assert found == {
        ("holders[1]", "unknown person 'cy'"),
        ("steps[0].next[0]", "unknown step 'logg' in outcome 'fault-fixed'"),
    }


def test_team_parents_must_not_loop(minimal: OrgDir) -> None:
    minimal.replace("teams/it.yaml", "lead: it-engineer", "lead: it-engineer\nparent: service")
    assert minimal.codes() == []
    minimal.replace("teams/service.yaml", "lead: service-lead", "lead: service-lead\nparent: it")
    (problem,) = minimal.problems("CH105")
    assert problem.message == "teams nest in a loop: it → service → it"
