"""The organisation's words (``vocabulary:``, ``also_known_as:``) are checked as ``charter ask``
reads them: each useless word reported on its own line (CH024), in plain words, every one in
one run, and words that can help never reported."""

from __future__ import annotations

from charter.core.problem import Problem
from tests.conftest import OrgDir

VOCABULARY = """
vocabulary:
  PO: purchase order
  po: order number
  rota: [shifts, Rota, Shifts, schedule, the]
  approve: Approving
  the: [an]
  sysadmin:
  okay: [approve, sign-off, sign-off]
"""


def said(problems: list[Problem]) -> list[tuple[str, int, str, str]]:
    return [(p.path, p.line, p.key_path, p.message) for p in problems]


def test_every_useless_word_is_said_on_its_line_in_one_run(minimal: OrgDir) -> None:
    minimal.write("organisation.yaml", minimal.read("organisation.yaml") + VOCABULARY)
    start = len(minimal.read("organisation.yaml").splitlines()) - len(VOCABULARY.splitlines()) + 1
    found = said(minimal.problems("CH024"))
    line = {word: start + number for number, word in enumerate(VOCABULARY.splitlines())}
    assert found == [
        ("organisation.yaml", line[""] + 3, "vocabulary.po", "'po' is 'PO' again to charter ask"),
        (
            "organisation.yaml",
            line[""] + 4,
            "vocabulary.rota[1]",
            "'Rota' is 'rota' again: charter ask always finds a word by itself",
        ),
        (
            "organisation.yaml",
            line[""] + 4,
            "vocabulary.rota[2]",
            "'Shifts' is given twice ('shifts' and 'Shifts' read the same) for 'rota'",
        ),
        (
            "organisation.yaml",
            line[""] + 4,
            "vocabulary.rota[4]",
            "'the' is only common words, which charter ask leaves out of every question",
        ),
        (
            "organisation.yaml",
            line[""] + 5,
            "vocabulary.approve",
            "'Approving' is 'approve' again: charter ask always finds a word by itself",
        ),
        (
            "organisation.yaml",
            line[""] + 6,
            "vocabulary.the",
            "'the' is only common words, which charter ask leaves out of every question",
        ),
        ("organisation.yaml", line[""] + 7, "vocabulary.sysadmin", "'sysadmin' has no words after it"),
        ("organisation.yaml", line[""] + 8, "vocabulary.okay[2]", "'sign-off' is given twice for 'okay'"),
    ]
    result = minimal.validate()
    assert result.errors == len(found)  # each an error: exit code 1, like any other invalid value
    assert result.org is not None  # and the rest of the organisation is read all the same


def test_names_beside_a_title_are_checked_too(minimal: OrgDir) -> None:
    minimal.replace(
        "roles/agent.yaml",
        "title: Service Desk Agent\n",
        "title: Service Desk Agent\n"
        "also_known_as: [service desk agents, phone agent, Phone Agents, of the, first line]\n",
    )
    minimal.replace("teams/service.yaml", "\nname: ", "\nalso_known_as: [helpdesk, the helpdesk]\nname: ")
    found = {(p.path, p.key_path): p.message for p in minimal.problems("CH024")}
    assert found == {
        ("roles/agent.yaml", "also_known_as[0]"): "'service desk agents' is the role's title already: "
        "charter ask finds it by that",
        ("roles/agent.yaml", "also_known_as[2]"): "'Phone Agents' is given twice ('phone agent' and 'Phone Agents' "
        "read the same)",
        ("roles/agent.yaml", "also_known_as[3]"): "'of the' is only common words, which charter ask leaves out of "
        "every question",
        ("teams/service.yaml", "also_known_as[1]"): "'the helpdesk' is given twice ('helpdesk' and 'the helpdesk' "
        "read the same)",
    }


def test_words_that_help_are_never_reported(minimal: OrgDir) -> None:
    minimal.write(
        "organisation.yaml",
        minimal.read("organisation.yaml")
        + "vocabulary:\n  PO: purchase order\n  R&D: [research, product development]\n  IT: information technology\n",
    )
    minimal.replace(
        "roles/agent.yaml", "title: Service Desk Agent\n", "title: Service Desk Agent\nalso_known_as: [1st line, CSR]\n"
    )
    assert minimal.problems("CH024") == []


def test_names_written_as_text_get_a_hint_that_lists_them(minimal: OrgDir) -> None:
    """``also_known_as: AE, sales rep`` is two names, so the hint lists two (a sentence in
    ``owns:`` stays one item: its commas are part of it)."""
    minimal.replace(
        "roles/agent.yaml", "title: Service Desk Agent\n", "title: Service Desk Agent\nalso_known_as: AE, sales rep\n"
    )
    (problem,) = minimal.problems("CH022")
    assert problem.hint == 'write it as a list: also_known_as: ["AE", "sales rep"]'
    minimal.replace("roles/agent.yaml", "also_known_as: AE, sales rep\n", 'also_known_as: ["AE", "sales rep"]\n')
    assert minimal.codes() == []


def test_a_value_that_does_not_fit_is_said_once(minimal: OrgDir) -> None:
    """A list inside a list is a wrong type (CH022); what stands in for it is no word of the
    manager's, so it is not also "only common words" (CH024). Other lines are still checked."""
    minimal.write(
        "organisation.yaml",
        minimal.read("organisation.yaml") + "vocabulary:\n  PO: [purchase order, [nested]]\n  rota: [shifts, the]\n",
    )
    found = [(p.code, p.key_path) for p in minimal.validate().problems]
    assert found == [("CH022", "vocabulary.PO[1]"), ("CH024", "vocabulary.rota[1]")]
