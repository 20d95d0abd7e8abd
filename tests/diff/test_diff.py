"""charter diff on three realistic edits of the example organisation, from folders and from git."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from charter.validate.check import validate
from tests.conftest import ROOT, TODAY, OrgDir, run_charter

ROLE = """# yaml-language-server: $schema=../.schema/role.schema.json
id: onboarding-specialist
title: Onboarding Specialist
team: implementation
purpose: Customers fund this job so that their team can use Kestrel confidently on day one.
owns:
  - The training plan for each new customer's finance team
collaborators:
  - role: implementation-consultant
    on: Training dates in the project plan
    when: The project plan is agreed
    not_when: Configuration questions; those stay with the consultant
holders: [noor-aziz]
"""
PERSON = "# yaml-language-server: $schema=../.schema/person.schema.json\nid: noor-aziz\nname: Noor Aziz\n"


@pytest.fixture
def sides(tmp_path: Path) -> tuple[Path, OrgDir]:
    base = tmp_path / "before"
    shutil.copytree(ROOT / "org", base)
    head = tmp_path / "after"
    shutil.copytree(ROOT / "org", head)
    return base, OrgDir(head)


def diff(base: Path, head: OrgDir, *extra: str) -> str:
    done = run_charter("diff", str(base), str(head.path), *extra)
    assert done.returncode == 0, done.stderr
    return done.stdout.split("\n", 4)[4]  # below the heading, the "before → after" line and a blank


def move_accountability(head: OrgDir) -> None:
    text = head.read("outcomes/issue-resolved-24h.yaml")
    start = text.index("  - id: diagnose-fault")
    at = text.index("accountable: head-of-it", start)
    head.write("outcomes/issue-resolved-24h.yaml", text[:at] + "accountable: head-of-service" + text[at + 23 :])


def test_moving_an_accountability(sides: tuple[Path, OrgDir]) -> None:
    base, head = sides
    move_accountability(head)
    assert diff(base, head) == (
        "### Promises\n\n"
        "#### Support issue resolved within 24 hours\n\n"
        "- “Diagnose a fault not in the known-issues list”: Accountable moves from Head of IT & Support "
        "Engineering to Head of Customer Service.\n\n"
        "### Roles\n\n"
        "#### Head of Customer Service\n\n"
        "- Accountable for 8 steps, was 7.\n"
        "- Gains Accountable (A) on “Diagnose a fault not in the known-issues list” in “Support issue resolved "
        "within 24 hours”.\n\n"
        "#### Head of IT & Support Engineering\n\n"
        "- Accountable for 8 steps, was 9.\n"
        "- Loses Accountable (A) on “Diagnose a fault not in the known-issues list” in “Support issue resolved "
        "within 24 hours”.\n\n"
        "### People\n\n"
        "#### Marek Kowalski\n\n"
        "- **Better:** “Support issue resolved within 24 hours” no longer stops when Marek Kowalski is away.\n"
    )


def test_adding_a_role(sides: tuple[Path, OrgDir]) -> None:
    base, head = sides
    head.write("roles/onboarding-specialist.yaml", ROLE)
    head.write("people/noor-aziz.yaml", PERSON)
    head.replace(
        "roles/implementation-consultant.yaml",
        "collaborators:\n",
        "collaborators:\n  - role: onboarding-specialist\n    on: Training dates in the project plan\n",
    )
    head.replace(
        "outcomes/sold-value-delivered.yaml",
        "    accountable: head-of-implementation\n    touchpoint: true\n    channel: Weekly project call",
        "    accountable: head-of-implementation\n    consulted: [onboarding-specialist]\n    touchpoint: true\n"
        "    channel: Weekly project call",
    )
    assert diff(base, head) == (
        "### Promises\n\n"
        "#### The value promised in the sale is what implementation delivers\n\n"
        "- “Configure approvals and train the customer's team”: Consulted adds Onboarding Specialist.\n\n"
        "### Roles\n\n"
        "#### Implementation Consultant\n\n"
        "- Now works with Onboarding Specialist on “Training dates in the project plan”.\n\n"
        "#### Onboarding Specialist\n\n"
        "- New role in Implementation, held by Noor Aziz. It owns: The training plan for each new customer's "
        "finance team.\n"
        "- Gains Consulted (C) on “Configure approvals and train the customer's team” in “The value promised in "
        "the sale is what implementation delivers”.\n\n"
        "### People\n\n"
        "#### Noor Aziz\n\n"
        "- Joins, holding Onboarding Specialist.\n"
    )


def test_removing_a_person(sides: tuple[Path, OrgDir]) -> None:
    base, head = sides
    head.remove("people/nikhil-iyer.yaml")
    head.replace("roles/integration-specialist.yaml", "holders: [nikhil-iyer]", "holders: []")
    assert diff(base, head) == (
        "### Roles\n\n"
        "#### Integration Specialist\n\n"
        "- No longer held by Nikhil Iyer.\n"
        "- Becomes vacant: nobody holds it. It holds Responsible in 1 step and Consulted in 1 step, which now "
        "need someone to cover them.\n\n"
        "### People\n\n"
        "#### Nikhil Iyer\n\n"
        "- Leaves; held Integration Specialist.\n\n"
        "### Rule findings\n\n"
        "**Introduced by this change**\n\n"
        "- warning CH305 vacancy: Integration Specialist (integration-specialist) is vacant: nobody holds it "
        "(roles/integration-specialist.yaml)\n"
    )


def test_a_holder_left_with_no_role_is_said_on_the_role_and_under_the_person(sides: tuple[Path, OrgDir]) -> None:
    base, head = sides
    head.replace("roles/integration-specialist.yaml", "holders: [nikhil-iyer]", "holders: []")
    text = diff(base, head)
    assert "- No longer held by Nikhil Iyer. Nikhil Iyer now holds no role.\n" in text
    assert "- Now holds no role (was Integration Specialist).\n" in text
    assert "warning CH308 orphan: Nikhil Iyer (nikhil-iyer) holds no role" in text


def test_no_change_says_so(sides: tuple[Path, OrgDir]) -> None:
    base, head = sides
    head.replace("roles/service-desk-agent.yaml", "title: Service Desk Agent", "title:    Service Desk Agent  # same")
    assert diff(base, head) == "No changes to responsibilities.\n"


def test_a_renamed_role_is_one_rename_not_a_removal_and_an_addition(sides: tuple[Path, OrgDir]) -> None:
    base, head = sides
    for path in head.path.rglob("*.yaml"):
        path.write_text(path.read_text().replace("problem-manager", "problem-coordinator"))
    (head.path / "roles/problem-manager.yaml").rename(head.path / "roles/problem-coordinator.yaml")
    done = run_charter("diff", str(base), str(head.path), "--format", "json")
    changes = json.loads(done.stdout)["changes"]
    assert [(c["kind"], c["subject"], c.get("old")) for c in changes] == [
        ("renamed", "problem-coordinator", "problem-manager")
    ]


def test_json_is_stable(sides: tuple[Path, OrgDir]) -> None:
    base, head = sides
    move_accountability(head)
    done = run_charter("diff", str(base), str(head.path), "--format", "json")
    document = json.loads(done.stdout)
    assert document["version"] == 1
    assert document["changes"][0] == {
        "scope": "outcome",
        "subject": "issue-resolved-24h",
        "name": "Support issue resolved within 24 hours",
        "kind": "accountable-moved",
        "text": "“Diagnose a fault not in the known-issues list”: Accountable moves from Head of IT & Support "
        "Engineering to Head of Customer Service.",
        "step": "diagnose-fault",
        "letter": "A",
        "before": ["head-of-it"],
        "after": ["head-of-service"],
    }
    assert document["findings"] == {"introduced": [], "fixed": [], "not_checked": []}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def test_against_a_git_revision(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "org", repo / "org")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "org")
    move_accountability(OrgDir(repo / "org"))
    done = run_charter("diff", "main", cwd=repo)
    assert done.returncode == 0, done.stderr
    assert "Accountable moves from Head of IT & Support Engineering to Head of Customer Service" in done.stdout
    assert done.stdout.splitlines()[2].startswith("*main (")
    bad = run_charter("diff", "no-such-branch", cwd=repo)
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr


def test_a_link_at_a_git_revision_is_reported_as_in_a_working_tree(tmp_path: Path) -> None:
    """A link committed into org/ reaches the loader as a link (CH014), on any Python 3.11."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "org", repo / "org")
    (repo / "org" / "people" / "alias.yaml").symlink_to("/etc/passwd")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "org")
    (repo / "org" / "people" / "alias.yaml").unlink()
    done = run_charter("diff", "main", "--format", "json", cwd=repo)
    assert done.returncode == 0, done.stderr
    assert "CH014" in json.dumps(json.loads(done.stdout)["findings"]["fixed"])


@pytest.mark.parametrize("name", ["../escape.yaml", "/tmp/escape.yaml", "org/../../escape.yaml"])
def test_an_archive_path_outside_the_folder_is_refused(tmp_path: Path, name: str) -> None:
    import io
    import tarfile

    from charter.diff.sources import SourceError, _extract

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        member = tarfile.TarInfo(name)
        member.size = 3
        tar.addfile(member, io.BytesIO(b"x: 1"[:3]))
    target = tmp_path / "side"
    target.mkdir()
    with pytest.raises(SourceError, match="outside the folder"):
        _extract(buffer.getvalue(), target)
    assert not (tmp_path / "escape.yaml").exists()


def test_renames_pair_exact_copies_and_edited_ones_but_not_strangers() -> None:
    from charter.diff.compare import renames

    org = validate(str(ROOT / "org"), TODAY).org
    assert org is not None
    before = dict(org.roles)
    moved, edited, replaced = sorted(before)[:3]
    after = {i: m for i, m in before.items() if i not in (moved, edited, replaced)}
    after[f"{moved}-2"] = before[moved].model_copy(update={"id": f"{moved}-2"})
    purpose = str(before[edited].purpose).replace("Customers", "Our customers", 1)
    after[f"{edited}-2"] = before[edited].model_copy(update={"id": f"{edited}-2", "purpose": purpose})
    stranger = before["service-desk-agent"].model_copy(update={"id": "stranger", "title": "Stranger", "owns": ("x",)})
    after["stranger"] = stranger.model_copy(update={"purpose": "Nothing like any other role here at all."})
    assert renames(before, after) == {moved: f"{moved}-2", edited: f"{edited}-2"}


def unreciprocate(side: Path) -> None:
    """The support engineer stops listing the service desk agent: a one-sided collaboration, which
    the unreciprocated-collaboration rule (one that waits for integrity errors) reports."""
    path = side / "roles" / "support-engineer.yaml"
    text = path.read_text()
    start = text.index("  - role: service-desk-agent")
    end = text.index("  - role:", start + 1) if "  - role:" in text[start + 1 :] else text.index("\nholders", start)
    path.write_text(text[:start] + text[end:])


def test_a_finding_the_change_kept_from_being_checked_is_never_fixed(sides: tuple[Path, OrgDir]) -> None:
    """A misspelt team keeps the rules that reason about the whole organisation from running; the
    warnings they gave in the base are "not checked", never "fixed" (issue 29)."""
    base, head = sides
    unreciprocate(base)
    unreciprocate(head.path)
    assert any(p.name == "unreciprocated-collaboration" for p in validate(str(base), TODAY).problems)
    head.replace("roles/service-desk-agent.yaml", "team: customer-service", "team: customer-servic")
    text = diff(base, head)
    assert "**Fixed by this change**" not in text
    not_checked = text[text.index("**Not checked") :]
    assert "unreciprocated-collaboration" in not_checked
    document = json.loads(run_charter("diff", str(base), str(head.path), "--format", "json").stdout)
    assert document["findings"]["fixed"] == []
    assert {f["name"] for f in document["findings"]["not_checked"]} >= {"unreciprocated-collaboration"}
    assert [f["name"] for f in document["findings"]["introduced"]] == ["unresolved-reference"]
