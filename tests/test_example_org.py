"""The example organisation in org/: clean, complete, and precise when broken."""

from __future__ import annotations

import pytest

from charter.schema.jsonschema import comment_for
from charter.schema.kinds import BY_FOLDER
from charter.validate.check import validate
from tests.conftest import ROOT, TODAY, OrgDir

ORG = ROOT / "org"


def test_example_org_is_clean() -> None:
    result = validate(str(ORG), TODAY)
    assert [f"{p.path}:{p.line} {p.code} {p.message}" for p in result.problems] == []


def test_example_org_exercises_every_concept() -> None:
    org = validate(str(ORG), TODAY).org
    assert org is not None
    assert len(org.teams) >= 6
    assert {"sales", "marketing", "implementation", "customer-service", "it", "product"} <= set(org.teams)
    assert len(org.roles) >= 20
    assert all(role.purpose and role.owns for role in org.roles.values())
    assert len(org.people) >= 10
    assert sum(1 for role in org.roles.values() if not role.holders) >= 1
    assert any(w.rule == "vacancy" and w.reason for w in org.settings.waivers)
    kinds = {e.kind for e in org.externals.values()}
    assert "customer" in kinds
    assert kinds - {"customer"}
    assert len(org.outcomes) >= 5
    assert sum(1 for _ in org.steps()) >= 40
    assert all(o.promise and o.measure and o.measure.target for o in org.outcomes.values())
    assert any(c.not_when for role in org.roles.values() for c in role.collaborators)


@pytest.mark.parametrize("path", sorted(p.relative_to(ORG).as_posix() for p in ORG.rglob("*.yaml")))
def test_every_file_points_editors_at_its_schema(path: str) -> None:
    expected = comment_for(BY_FOLDER.get(path.split("/", maxsplit=1)[0], "organisation"), path)
    assert (ORG / path).read_text(encoding="utf-8").splitlines()[0] == expected


def test_breaking_a_step_is_reported_precisely(example: OrgDir) -> None:
    text = example.read("outcomes/issue-resolved-24h.yaml")
    lines = text.splitlines()
    index = next(
        i for i, line in enumerate(lines) if line.strip().startswith("accountable:") and line.startswith("    ")
    )
    del lines[index]
    example.write("outcomes/issue-resolved-24h.yaml", "\n".join(lines) + "\n")
    (problem,) = example.validate().problems
    assert (problem.code, problem.path) == ("CH201", "outcomes/issue-resolved-24h.yaml")
    assert problem.message.endswith("has no Accountable (A); it needs exactly one")


def test_renaming_a_team_breaks_every_reference_to_it(example: OrgDir) -> None:
    example.replace("teams/it.yaml", "id: it", "id: it-ops")
    codes = sorted({p.code for p in example.validate().problems})
    assert codes == ["CH103", "CH104"]
    unresolved = example.problems("CH104")
    assert all(p.hint == "did you mean 'it-ops'?" for p in unresolved if "team 'it'" in p.message)
    assert len(unresolved) >= 2


def test_org_has_no_hidden_surprises_in_yaml_11() -> None:
    """Every ``on:`` key reads as the text "on" (PyYAML's YAML 1.1 would read True, and the file
    would break), and the loaded role keeps each collaborator's subject under it."""
    import yaml

    from charter.load.yamlfile import parse

    text = (ORG / "roles" / "service-desk-agent.yaml").read_text(encoding="utf-8")
    assert True in yaml.safe_load(text)["collaborators"][0]  # the surprise this guards against
    parsed = parse(text)
    assert parsed.issues == []
    assert parsed.data is not None
    subjects = [collaborator["on"] for collaborator in parsed.data["collaborators"]]
    assert subjects[0] == "Cases at risk of missing 24 hours"
    assert len(subjects) == text.count("\n    on: ")
    result = validate(str(ORG), TODAY)
    assert result.org is not None
    role = result.org.roles["service-desk-agent"]
    assert [c.on for c in role.collaborators] == subjects
