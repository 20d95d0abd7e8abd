"""``charter ask``: the right role first for staff's questions, with people, contacts and why;
plain words when nothing matches; the index kept between runs and made again after an edit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.browser.test_reader import QUESTIONS
from tests.conftest import ROOT, TODAY, OrgDir, run_charter


def asked(*words: str, org: Path = ROOT / "org") -> tuple[int, dict[str, object]]:
    done = run_charter("ask", *words, "--org", str(org), "--format", "json")
    assert done.stderr == "", done.stderr
    return done.returncode, json.loads(done.stdout)


@pytest.mark.parametrize(("question", "role", "title"), QUESTIONS, ids=[q[1] for q in QUESTIONS])
def test_the_readers_questions_put_the_right_role_first(question: str, role: str, title: str) -> None:
    code, found = asked(question)
    assert code == 0
    answers = found["answers"]
    assert isinstance(answers, list)
    first = answers[0]
    assert (first["role"], first["title"]) == (role, title)
    assert first["why"], "every answer says why it matched"


def test_an_answer_carries_people_contacts_channel_and_reasons() -> None:
    done = run_charter("ask", "who", "approves", "a", "discount", "--org", str(ROOT / "org"), "--limit", "1")
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[0] == "1. Head of Sales (head-of-sales) — Sales"
    assert lines[1] == "   Priya Raman: priya.raman@kestrelpayables.com, @priya, Manchester"
    assert lines[2] == "   where: #sales"
    assert lines[3] == '   why: owns "Approving discounts within the price list\'s bands, up to 15%"'
    assert len(lines) == 6  # three reasons at most


def test_a_misspelt_word_is_read_as_the_charters_word_and_said(minimal: OrgDir) -> None:
    done = run_charter("ask", "fautls", "--org", str(minimal.path))
    assert done.returncode == 0
    assert '   matched "faults" for "fautls" (a misspelling)\n' in done.stdout


def test_no_match_is_said_in_plain_words_with_near_subjects(minimal: OrgDir) -> None:
    # "vaults" is a word of its own, so not taken for a misspelling of "faults": only offered.
    done = run_charter("ask", "vaults", "--org", str(minimal.path))
    assert done.returncode == 1
    assert done.stdout.startswith("No role's charter mentions 'vaults'. The nearest subjects:\n")
    assert "  - Faults\n" in done.stdout
    done = run_charter("ask", "xyzzy", "--org", str(minimal.path))
    assert done.stdout == "No role's charter mentions 'xyzzy'. Try other words, or the role's title.\n"


def test_slips_are_usage_errors(minimal: OrgDir) -> None:
    done = run_charter("ask", "who", "is", "the", "--org", str(minimal.path))
    assert done.returncode == 2
    assert "has only common words" in done.stderr
    done = run_charter("ask", "faults", "--org", str(minimal.path), "--limit", "0")
    assert done.returncode == 2
    assert "'0' is not a number of answers from 1 to 100" in done.stderr


def test_an_organisation_charter_cannot_read_is_said(minimal: OrgDir) -> None:
    minimal.write("roles/agent.yaml", "id: [broken\n")
    done = run_charter("ask", "faults", "--org", str(minimal.path))
    assert done.returncode == 1
    assert "error(s) that stop charter reading it; `charter validate" in done.stderr


def test_the_index_is_kept_and_made_again_after_an_edit(minimal: OrgDir) -> None:
    code, _found = asked("refunds", org=minimal.path)
    assert code == 1
    kept = list((minimal.path.parent / ".charter").glob("ask-*.json"))
    assert len(kept) == 1
    minimal.replace("roles/agent.yaml", "  - Logging every call", "  - Logging every call\n  - Refunds under £50")
    code, found = asked("refunds", org=minimal.path)
    assert code == 0
    assert found["answers"][0]["role"] == "agent"  # type: ignore[index]
    # A kept index that no longer parses is made again, never an error.
    kept[0].write_text("{broken")
    assert asked("refunds", org=minimal.path)[0] == 0


def _kept_after_asking(minimal: OrgDir) -> Path:
    """The kept index of ``minimal`` after one question, and the answer it gives."""
    assert asked("faults", org=minimal.path)[0] == 0
    (kept,) = (minimal.path.parent / ".charter").glob("ask-*.json")
    return kept


def _rewritten_index(kept: Path, change: Callable[[dict[str, Any]], object]) -> str:
    """The kept file's text with its index changed by ``change`` (the key left as it was)."""
    text = kept.read_text()
    header, _, body = text.partition("\n")
    index = json.loads(body)
    change(index)
    return header + "\n" + json.dumps(index)


CORRUPTIONS: dict[str, Callable[[Path], str]] = {
    "an empty list": lambda kept: "[]",
    "a string": lambda kept: '"index"',
    "null": lambda kept: "null",
    "nothing": lambda kept: "",
    "half of it": lambda kept: kept.read_text()[: len(kept.read_text()) // 2],
    "its cards a number": lambda kept: _rewritten_index(kept, lambda index: index.update(cards=5)),
    "a letter changed": lambda kept: kept.read_text().replace("Service Desk Agent", "Service Desk AgenT"),
}


@pytest.mark.parametrize("corruption", CORRUPTIONS, ids=list(CORRUPTIONS))
def test_a_corrupt_kept_index_is_made_again(minimal: OrgDir, corruption: str) -> None:
    """Issue 28, item 11: a kept index replaced by ``[]`` was an "internal error". Whatever is in
    the file, if it is not an index charter wrote whole for these files it is stale: made again,
    and the answer is the same as before."""
    kept = _kept_after_asking(minimal)
    answer = asked("faults", org=minimal.path)
    kept.write_text(CORRUPTIONS[corruption](kept))
    assert asked("faults", org=minimal.path) == answer
    assert asked("faults", org=minimal.path) == answer  # and kept again, whole
    assert "Service Desk Agent" in kept.read_text()
    assert "Service Desk AgenT" not in kept.read_text()


def test_a_kept_index_that_is_a_pipe_or_a_folder_is_passed_by(minimal: OrgDir) -> None:
    """Never waited on (a named pipe nobody writes to), never an error: answered from the files."""
    kept = _kept_after_asking(minimal)
    answer = asked("faults", org=minimal.path)
    kept.unlink()
    os.mkfifo(kept)
    done = subprocess.run(
        [sys.executable, "-m", "charter", "ask", "faults", "--org", str(minimal.path), "--format", "json"],
        capture_output=True, text=True, timeout=20, check=False,
        env={"PATH": "/usr/bin:/bin", "CHARTER_TODAY": TODAY.isoformat(), "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert (done.returncode, json.loads(done.stdout), done.stderr) == (answer[0], answer[1], "")
    kept.unlink()
    kept.mkdir()
    assert asked("faults", org=minimal.path) == answer


def test_the_organisations_words_find_what_they_stand_for_both_ways(minimal: OrgDir) -> None:
    """``PO: purchase order`` in organisation.yaml: "purchase orders" finds the role that
    writes "PO", "PO" finds the role that writes "purchase orders", and each answer says which
    word matched."""
    minimal.write("organisation.yaml", minimal.read("organisation.yaml") + "vocabulary:\n  PO: purchase order\n")
    minimal.replace(
        "roles/service-lead.yaml", "title: Service Lead\n", "title: Service Lead\nalso_known_as: [PO desk]\n"
    )
    code, found = asked("who", "handles", "purchase", "orders", org=minimal.path)
    answers = found["answers"]
    assert isinstance(answers, list)
    assert answers[0]["role"] == "service-lead"
    assert {"typed": "purchase orders", "found": "po", "how": "the organisation's word"} in answers[0]["matched"]
    minimal.replace("roles/agent.yaml", "  - Logging every call", "  - Logging every call\n  - Raising purchase orders")
    code, found = asked("who", "raises", "a", "PO", org=minimal.path)
    assert code == 0
    answers = found["answers"]
    assert isinstance(answers, list)
    assert answers[0]["role"] == "agent"
    assert {"typed": "po", "found": "purchase orders", "how": "the organisation's word"} in answers[0]["matched"]


def test_a_name_a_role_is_also_known_by_finds_it_and_is_said(minimal: OrgDir) -> None:
    minimal.replace("roles/it-engineer.yaml", "title: IT Engineer\n", "title: IT Engineer\nalso_known_as: [sysadmin]\n")
    done = run_charter("ask", "the", "sysadmin", "--org", str(minimal.path), "--limit", "1")
    assert done.returncode == 0
    assert done.stdout.startswith("1. IT Engineer (it-engineer)")
    assert '   why: is also known as "sysadmin"\n' in done.stdout


def test_everyday_words_are_matched_for_less_and_said(minimal: OrgDir) -> None:
    minimal.replace("roles/agent.yaml", "  - Logging every call", "  - Logging every call\n  - Loan laptops")
    done = run_charter("ask", "who", "lends", "me", "a", "computer", "--org", str(minimal.path), "--limit", "1")
    assert done.returncode == 0
    assert done.stdout.startswith("1. Service Desk Agent (agent)")
    assert '"laptops" for "computer" (' in done.stdout.splitlines()[-1]


def test_a_sum_finds_the_limit_it_falls_within_and_says_so(minimal: OrgDir) -> None:
    minimal.replace("roles/agent.yaml", "  - Logging every call", "  - Logging every call\n  - Refunds up to £500")
    rota = "  - The service desk rota"
    minimal.replace("roles/service-lead.yaml", rota, f"{rota}\n  - Refunds over £500")
    for sum_, role in (("£300", "Service Desk Agent (agent)"), ("£2k", "Service Lead (service-lead)")):
        done = run_charter("ask", "who", "refunds", sum_, "--org", str(minimal.path), "--limit", "1")
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(f"1. {role}"), done.stdout
        assert f'for "{sum_}" (a limit it is within)' in done.stdout


def test_a_question_of_who_decides_puts_the_manager_just_above_the_role_that_does_it(minimal: OrgDir) -> None:
    """The agent's charter says most about logging calls; asked who decides it, the service lead
    it escalates to, whose charter also holds it, comes first and the answer says why."""
    rota = "  - The service desk rota"
    minimal.replace("roles/service-lead.yaml", rota, f"{rota}\n  - Call logging")
    done = run_charter("ask", "who", "logs", "every", "call", "--org", str(minimal.path), "--limit", "2")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("1. Service Desk Agent (agent)"), done.stdout
    assert "why above" not in done.stdout
    code, found = asked("who", "decides", "how", "every", "call", "is", "logged", org=minimal.path)
    assert code == 0
    answers = found["answers"]
    assert isinstance(answers, list)
    assert [a["role"] for a in answers[:2]] == ["service-lead", "agent"]
    assert [a["above"] for a in answers[:2]] == ["agent", None]
    done = run_charter("ask", "who", "decides", "how", "every", "call", "is", "logged", "--org", str(minimal.path))
    why = "   why above Service Desk Agent (agent): it escalates to this role, and the question asks who decides\n"
    assert why in done.stdout
