"""The import's typed parts: what a cell says besides its letters (a CellNote of a NoteKind), where
each line of the report stands (an Entry in a Band), and the stubs written from the scaffold's
templates, filled in and quoted the one way charter new does."""

from __future__ import annotations

from pathlib import Path

import pytest

from charter.author.templates import fill, quoted
from charter.interop.matrix import CellNote, NoteKind, read_letters
from charter.interop.raci_import import Entry, Report, Step, import_matrix
from charter.interop.stubs import outcome_yaml, stub_role, stub_team
from charter.interop.tables import read_tables
from charter.load.yamlfile import parse
from charter.schema.schemes import BUILT_IN

RACI = BUILT_IN["raci"]


def test_a_cell_says_its_footnotes_and_lookalikes_as_typed_notes_in_its_order() -> None:
    keys, _conditions, notes, problem = read_letters("А*", RACI)  # a Cyrillic А with a footnote mark
    assert (keys, problem) == (["accountable"], None)
    assert notes == [CellNote(NoteKind.FOOTNOTE, "*"), CellNote(NoteKind.LOOKALIKE, "А")]


def test_report_lines_stand_first_at_their_cells_or_last() -> None:
    report = Report()
    entries = [
        Entry.last("below, said first"),
        Entry.at((3, 1), "row 3"),
        Entry.first("the whole table"),
        Entry.at((1, 2), "row 1, column 2"),
        Entry.last("below, said second"),
        Entry.at((1, 0), "row 1, column 0"),
        Entry.at((1, 2), "row 1, column 2 again"),
    ]
    assert report.lines(entries) == [
        "the whole table",
        "row 1, column 0",
        "row 1, column 2",
        "row 1, column 2 again",
        "row 3",
        "below, said first",
        "below, said second",
    ]


def _notes(tmp_path: Path, csv: str) -> list[str]:
    org = tmp_path / "org"
    org.mkdir(parents=True)
    (org / "organisation.yaml").write_text("name: X\ncommon_goal: Y\n", encoding="utf-8")
    table = tmp_path / "m.csv"
    table.write_text(csv, encoding="utf-8")
    _steps, _stubs, report = import_matrix(read_tables(table), RACI, org)
    return report.lines(report.notes)


def test_an_empty_column_is_said_among_the_notes_below_the_table_as_it_always_was(tmp_path: Path) -> None:
    body = "Activity,Sales,Finance,Legal\nQuote,R*,A,\nInvoice,A,R,\n* only for P1\nNote: ask first\n"
    assert _notes(tmp_path / "plain", body) == [
        "m.csv:2:7: footnote '*' (only for P1) kept as a note",
        "m.csv:4:1: '* only for P1' read as the footnote '*'",
        "column 'Legal' holds no letter; no role was created for it",
        "m.csv:5:1: 'Note: ask first' kept as a note below the table",
    ]
    assert _notes(tmp_path / "titled", "RACI for quotes\n" + body) == [
        "m.csv:1:1: 'RACI for quotes' read as the table's title",
        "m.csv:3:7: footnote '*' (only for P1) kept as a note",
        "column 'Legal' holds no letter; no role was created for it",
        "m.csv:5:1: '* only for P1' read as the footnote '*'",
        "m.csv:6:1: 'Note: ask first' kept as a note below the table",
    ]


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
