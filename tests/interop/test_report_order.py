"""The scaffold's templates filled in, and their values quoted, the one way for charter new and
the stubs charter import raci writes."""

from __future__ import annotations

import pytest

from charter.author.templates import fill, quoted
from charter.interop.raci_import import Step
from charter.interop.stubs import outcome_yaml, stub_role, stub_team
from charter.load.yamlfile import parse
from charter.schema.schemes import BUILT_IN

RACI = BUILT_IN["raci"]


def test_fill_replaces_in_one_pass_and_leaves_out_a_line_whose_value_is_none() -> None:
    text = "id: @ID@\ntitle: @TITLE@\nowner: @OWNER@  # check it\nend\n"
    assert fill(text, {"@ID@": "a", "@TITLE@": '"@ID@"', "@OWNER@": None}) == 'id: a\ntitle: "@ID@"\nend\n'
    with pytest.raises(KeyError):
        fill(text, {"@ID@": "a"})


@pytest.mark.parametrize("text", ['Say "hi"', "Back\\slash", "Café Ω", "tab\there", "two\nlines", "#: [x]", "null", ""])
def test_quoted_reads_back_as_written(text: str) -> None:
    parsed = parse(f"value: {quoted(text)}\n")
    assert parsed.data is not None
    assert parsed.data["value"] == text


def test_the_stubs_are_the_scaffold_templates_filled_in() -> None:
    assert stub_role("finance-clerk", 'Finance "AP" Clerk', "imported", "p2p.csv") == (
        "# yaml-language-server: $schema=../.schema/role.schema.json\n"
        "# Created by `charter import raci` for a role the matrix names. Fill in the TODOs, its\n"
        "# holders and its team, then delete the `imported` line (charter explain imported).\n"
        "id: finance-clerk\n"
        'title: "Finance \\"AP\\" Clerk"\n'
        'imported: "p2p.csv"\n'
        "team: imported\n"
        'purpose: "TODO: Customers fund this job so that …"\n'
        "owns:\n"
        '  - "TODO: what this role decides alone"\n'
        "holders: []\n"
    )
    assert stub_team("imported", "p2p.csv") == (
        "# yaml-language-server: $schema=../.schema/team.schema.json\n"
        "# Created by `charter import raci` for roles whose team is not known yet: move them to\n"
        "# their teams, then delete this file (charter explain imported).\n"
        "id: imported\n"
        'name: "Imported roles"\n'
        'imported: "p2p.csv"\n'
        'purpose: "TODO: move these roles to their teams"\n'
    )


def test_the_outcome_names_its_accountable_role_only_when_a_step_does() -> None:
    head = (
        "# yaml-language-server: $schema=../.schema/outcome.schema.json\n"
        "# Imported from a RACI matrix by `charter import raci`: write the promise and its measure,\n"
        "# check the flow (`next`), then delete the `imported` line (charter explain imported).\n"
        "id: paid\n"
        'name: "Paid"\n'
        'imported: "p.csv"\n'
        'promise: "TODO: what the customer is promised"\n'
        'measure: {metric: "TODO: what is measured", target: "TODO: the promised level"}\n'
    )
    steps = [
        Step("quote", "Quote", {"responsible": ["sales"], "accountable": ["sales"]}, ["Part of: Sales"]),
        Step("bill", "Bill", {"informed": ["sales"]}, []),
    ]
    assert outcome_yaml("paid", "Paid", steps, RACI, "p.csv") == head + (
        "accountable: sales  # the role accountable for most steps; check it\n"
        "steps:\n"
        "  - id: quote\n"
        '    name: "Quote"\n'
        '    detail: "Part of: Sales"\n'
        "    responsible: [sales]\n"
        "    accountable: [sales]\n"
        "    next: [bill]\n"
        "  - id: bill\n"
        '    name: "Bill"\n'
        "    informed: [sales]\n"
    )
    assert outcome_yaml("paid", "Paid", steps[1:], RACI, "p.csv") == head + (
        'steps:\n  - id: bill\n    name: "Bill"\n    informed: [sales]\n'
    )
    assert outcome_yaml("paid", "Paid", [], RACI, "p.csv") == head + "steps:\n"
