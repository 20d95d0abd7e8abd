"""What a change does to collaboration: one planted change of the example organisation per kind
of consequence, with the exact sentences a reviewer reads; and changes of wording, order and
ids that must raise nothing."""

from __future__ import annotations

import functools
import json
import shutil
from pathlib import Path

import pytest

from charter.diff.consequences import Consequence, compared
from charter.diff.report import Diff, as_json, github, markdown
from charter.model.graph import Org
from charter.validate.check import validate
from tests.conftest import ROOT, TODAY, run_charter

Edit = tuple[str, str, str]  # file in org/, the text it holds once, what replaces it
PROMISE = "Support issue resolved within 24 hours"
OUTCOME = "outcomes/issue-resolved-24h.yaml"
SOLVE_ON_CALL = (
    OUTCOME,
    "    detail: If the known-issues list covers the fault, the agent fixes it with the customer there and then. "
    "No escalation.\n    responsible: [service-desk-agent]",
    "    detail: If the known-issues list covers the fault, the agent fixes it with the customer there and then. "
    "No escalation.\n    responsible: [support-engineer]",
)


@functools.cache
def base() -> Org:
    result = validate(str(ROOT / "org"), TODAY)
    assert result.org is not None
    return result.org


def planted(tmp_path: Path, *edits: Edit) -> Path:
    head = tmp_path / "org"
    shutil.copytree(ROOT / "org", head)
    for rel, old, new in edits:
        text = (head / rel).read_text(encoding="utf-8")
        assert text.count(old) == 1, (rel, old)
        (head / rel).write_text(text.replace(old, new), encoding="utf-8")
    return head


def consequences(tmp_path: Path, *edits: Edit) -> list[Consequence]:
    result = validate(str(planted(tmp_path, *edits)), TODAY, rules=False)  # the models are all it reads
    assert result.org is not None, [p.message for p in result.problems]
    return compared(base(), result.org)[1]


def summary(found: list[Consequence]) -> str:
    """The "what gets worse / better" sections at the top of the comment."""
    text = markdown(Diff("main", "head", [], [], [], [], found))
    return text.split("\n\n", 2)[2].split("\n### Promises")[0].split("\n### Roles")[0].split("\n### People")[0]


def test_a_step_moved_to_another_team_adds_hand_offs_and_a_face_for_the_customer(tmp_path: Path) -> None:
    """The issue's example: the promise says the customer deals with one person throughout."""
    found = consequences(tmp_path, SOLVE_ON_CALL)
    assert summary(found) == (
        "### What gets worse\n\n"
        f"- **{PROMISE}**: 2 more hand-offs: 9, was 7. New: “Log the case and take ownership” → “Apply a known fix "
        "on the call”, from Customer Service to IT & Support Engineering; “Apply a known fix on the call” → "
        "“Confirm the fix with the customer and close”, from IT & Support Engineering to Customer Service.\n"
        f"- **{PROMISE}**: At its touchpoints the customer now also meets Support Engineer (Oluwaseun Adeyemi, "
        "Elena Petrova): 2 roles, was 1.\n"
    )
    loads = {c.subject: (c.data["before"], c.data["after"]) for c in found if c.kind == "role-load"}
    assert loads == {
        "service-desk-agent": ({"R": 4, "A": 0}, {"R": 3, "A": 0}),
        "support-engineer": ({"R": 4, "A": 0}, {"R": 5, "A": 0}),
    }


def test_a_step_given_to_a_vacant_role_is_a_step_nobody_will_do(tmp_path: Path) -> None:
    after = "\n    accountable: head-of-it\n    consulted: [service-desk-agent]"
    edit = (OUTCOME, "    responsible: [support-engineer]" + after, "    responsible: [data-analyst]" + after)
    found = consequences(tmp_path, edit)
    assert summary(found) == (
        "### What gets worse\n\n"
        f"- **{PROMISE}**: Nobody can do “Diagnose a fault not in the known-issues list”: Data Analyst, "
        "Responsible for it, is vacant (was 2 people).\n\n"
        "### What gets better\n\n"
        f"- **{PROMISE}**: The flow no longer crosses IT & Support Engineering: 2 teams, was 3.\n"
    )
    absence = next(c for c in found if c.kind == "absence")
    assert (absence.data["before"], absence.data["after"], absence.effect) == (1, 0, "worse")


def test_a_holder_leaving_leaves_one_person_for_steps(tmp_path: Path) -> None:
    edit = ("roles/support-engineer.yaml", "holders: [seun-adeyemi, elena-petrova]", "holders: [elena-petrova]")
    found = consequences(tmp_path, edit)
    assert summary(found) == (
        "### What gets worse\n\n"
        "- **During an outage, customers hear it from us first**: Only Elena Petrova can do “Declare the incident” "
        "(was 2 people).\n"
        f"- **{PROMISE}**: Only Elena Petrova can do “Diagnose a fault not in the known-issues list” (was 2 people).\n"
    )
    people = {c.subject: (c.kind, c.effect, c.text) for c in found if c.scope == "person"}
    assert people == {
        "elena-petrova": (
            "person-critical",
            "worse",
            "If Elena Petrova is away, nobody else can do or answer for “Diagnose a fault not in the known-issues "
            f"list” (“{PROMISE}”).",
        ),
        "seun-adeyemi": ("person-roles", "neutral", "Now holds no role (was Support Engineer)."),
    }


def test_a_link_back_is_a_loop(tmp_path: Path) -> None:
    edit = (OUTCOME, "    channel: Phone or email from the same agent\n    next: []",
            "    channel: Phone or email from the same agent\n    next: [diagnose-fault]")  # fmt: skip
    found = consequences(tmp_path, edit)
    loop = next(c for c in found if c.kind == "loops")
    assert loop.text == (
        "A loop appears: “Confirm the fix with the customer and close” goes back to “Diagnose a fault not in the "
        "known-issues list”."
    )
    assert (loop.data["before"], loop.data["after"], loop.data["added"]) == (
        0,
        1,
        [["confirm-resolved", "diagnose-fault"]],
    )
    assert loop.at is not None
    assert loop.at[:2] == (OUTCOME, 81)
    passed = next(c for c in found if c.kind == "pass-around")
    assert (passed.data["before"], passed.data["after"], passed.effect) == (3, 4, "worse")


def test_a_last_step_moved_to_another_team_is_a_longer_pass_around(tmp_path: Path) -> None:
    edit = (OUTCOME, "    responsible: [service-desk-agent]\n    accountable: service-lead\n    informed: "
            "[customer-success-manager]\n    touchpoint: true\n    channel: Phone",
            "    responsible: [customer-success-manager]\n    accountable: service-lead\n    informed: "
            "[customer-success-manager]\n    touchpoint: true\n    channel: Phone")  # fmt: skip
    found = consequences(tmp_path, edit)
    assert [(c.kind, c.effect) for c in found if c.summarised] == [
        ("handoffs", "worse"),
        ("teams-crossed", "worse"),
        ("customer-meets", "worse"),
        ("pass-around", "worse"),
    ]
    passed = next(c for c in found if c.kind == "pass-around")
    assert passed.text == (
        "A customer's request can pass through 4 roles from the first touchpoint, was 3: Service Desk Agent → "
        "Support Engineer → Engineering Lead → Customer Success Manager."
    )
    teams = next(c for c in found if c.kind == "teams-crossed")
    assert teams.data["after"] == ["customer-service", "customer-success", "it", "product"]


def test_a_collaboration_dropped_on_one_side_becomes_one_sided(tmp_path: Path) -> None:
    dropped = (
        "  - role: problem-manager\n    on: Workarounds and permanent fixes\n    when: A root cause or workaround is "
        "found, and again when the fix ships\n    not_when: Problem records still under investigation\n"
        "    channel: Jira problem record\n"
    )
    found = consequences(tmp_path, ("roles/knowledge-manager.yaml", dropped, ""))
    assert summary(found) == (
        "### What gets worse\n\n"
        "- **Problem Manager**: Works with Knowledge Manager on “Workaround and fix articles”, but Knowledge "
        "Manager's charter does not mention it: one side does not know it owes the other.\n"
    )
    (one,) = found
    assert one.data == {"with": "knowledge-manager", "before": False, "after": True}
    assert one.at is not None
    assert one.at[0] == "roles/problem-manager.yaml"


WORDING: list[Edit] = [
    (OUTCOME, "name: Apply a known fix on the call", "name: Fix it on the call from the known-issues list"),
    (OUTCOME, "promise: Any issue a customer raises", "promise: Every issue a customer raises"),
    ("roles/support-engineer.yaml", "holders: [seun-adeyemi, elena-petrova]", "holders: [elena-petrova, seun-adeyemi]"),
    ("roles/knowledge-manager.yaml", "    channel: Jira problem record\n", "    channel: The Jira problem record\n"),
    ("teams/it.yaml", "name: IT & Support Engineering", "name: IT and Support Engineering"),
    ("people/elena-petrova.yaml", "name: Elena Petrova", "name: Elena Petrova-Smith  # married in May"),
]


def test_wording_order_and_comments_raise_nothing(tmp_path: Path) -> None:
    found = consequences(tmp_path, *WORDING)
    assert found == []
    assert "What gets" not in markdown(Diff("a", "b", [], [], [], [], found))


def test_a_role_renamed_everywhere_raises_nothing(tmp_path: Path) -> None:
    head = planted(tmp_path)
    for path in head.rglob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace("support-engineer", "it-engineer"), encoding="utf-8")
    (head / "roles/support-engineer.yaml").rename(head / "roles/it-engineer.yaml")
    result = validate(str(head), TODAY)
    assert result.org is not None
    changes, found = compared(base(), result.org)
    assert [c.kind for c in changes] == ["renamed"]
    assert found == []


def test_json_and_annotations_carry_each_consequence(tmp_path: Path) -> None:
    found = consequences(tmp_path, SOLVE_ON_CALL)
    diff = Diff("main", "head", [], [], [], [], found)
    document = json.loads(as_json(diff))
    handoffs = next(c for c in document["consequences"] if c["kind"] == "handoffs")
    assert (handoffs["before"], handoffs["after"], handoffs["effect"]) == (7, 9, "worse")
    assert handoffs["added"] == [["log-and-own", "solve-on-call"], ["solve-on-call", "confirm-resolved"]]
    assert (handoffs["file"], handoffs["line"]) == (OUTCOME, 33)  # the moved step's "responsible"
    lines = github(diff, "org").splitlines()
    assert lines[0].startswith(
        "::warning file=org/outcomes/issue-resolved-24h.yaml,line=33,col=18,title=charter diff%3A handoffs (worse)::"
        f"{PROMISE}: 2 more hand-offs"
    )
    assert len(lines) == 2  # the role loads are detail, not annotations


@pytest.mark.parametrize("form", ["markdown", "github"])
def test_the_command_shows_consequences(tmp_path: Path, form: str) -> None:
    head = planted(tmp_path, SOLVE_ON_CALL)
    done = run_charter("diff", str(ROOT / "org"), str(head), "--format", form)
    assert done.returncode == 0, done.stderr
    assert ("### What gets worse" in done.stdout) == (form == "markdown")
    assert f"{PROMISE}: 2 more hand-offs" in done.stdout.replace("**", "")


def test_readme_shows_a_real_comment(tmp_path: Path) -> None:
    """The comment README shows is the one charter writes for the change it describes."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("```markdown\n### What gets worse", 1)[1].split("```", 1)[0]
    assert "### What gets worse" + shown == summary(consequences(tmp_path, SOLVE_ON_CALL))


def test_a_long_summary_is_cut_and_says_where_the_rest_is(tmp_path: Path) -> None:
    found = consequences(tmp_path, SOLVE_ON_CALL)
    many = [
        Consequence("handoffs", "outcome", f"o{i:02}", f"Promise {i:02}", "worse", "1 more hand-off.")
        for i in range(20)
    ]
    text = summary([*many, *found])
    assert text.count("\n- **Promise") == 15
    assert "- … and 7 more, under each promise, role and person below." in text
