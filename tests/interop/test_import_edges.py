"""Edges of real matrices found by reviewing the import: each case says what a person reading
the table would expect, and checks the outcome written and the report."""

from __future__ import annotations

import datetime
from pathlib import Path

import openpyxl
import yaml

from tests.conftest import OrgDir, run_charter


def imported(org: OrgDir, name: str, text: str | bytes, *extra: str) -> tuple[int, str, list[dict[str, object]]]:
    table = org.path.parent / name
    table.write_bytes(text.encode() if isinstance(text, str) else text)
    done = run_charter("import", "raci", str(table), "--outcome", "x", "--into", str(org.path), *extra)
    assert "Traceback" not in done.stderr
    target = org.path / "outcomes/x.yaml"
    steps = yaml.safe_load(target.read_text())["steps"] if target.exists() else []
    return done.returncode, done.stdout + done.stderr, steps


def test_small_letters_across_with_word_headings_is_no_legend(minimal: OrgDir) -> None:
    text = (
        "Activity,Responsible,Accountable,Consulted,Informed\nPlan,Buyer,Approver,,Clerk\nPay,Clerk,Approver,Buyer,\n"
    )
    code, out, steps = imported(minimal, "a.csv", text)
    assert code == 0, out
    assert steps[0]["informed"] == ["clerk"]


def test_a_second_heading_row_names_the_roles(minimal: OrgDir) -> None:
    code, out, steps = imported(minimal, "h.csv", "Activity,Roles,,\n,Buyer,Approver,Clerk\nPay,R,A,I\n")
    assert code == 0, out
    assert steps == [
        {"id": "pay", "name": "Pay", "responsible": ["buyer"], "accountable": ["approver"], "informed": ["clerk"]}
    ]
    assert "h.csv:1:1: 'Activity; Roles' read as a heading above the roles' names" in out


def test_ids_that_yaml_or_a_system_would_misread_get_a_suffix(minimal: OrgDir) -> None:
    code, out, steps = imported(minimal, "y.csv", "Activity,Null,True,CON\nNull,R,A,\nTrue,R,A,C\n")
    assert code == 0, out
    assert [s["id"] for s in steps] == ["null-step", "true-step"]
    assert steps[1]["consulted"] == ["con-role"]
    assert sorted(p.name for p in (minimal.path / "roles").glob("*-role.yaml")) == [
        "con-role.yaml",
        "null-role.yaml",
        "true-role.yaml",
    ]


def test_a_heading_that_is_only_a_mark_is_no_role(minimal: OrgDir) -> None:
    code, out, steps = imported(minimal, "m.csv", "Activity,*,Lead\nPlan,R,A\n")
    assert code == 1
    assert "m.csv:2:6: 'R' is under no heading, so under no role" in out
    assert steps[0]["accountable"] == ["lead"]


def test_spreadsheet_errors_are_not_letters(minimal: OrgDir) -> None:
    code, out, steps = imported(minimal, "e.csv", "Activity,Buyer,Lead\nPlan,R,#N/A\n")
    assert "e.csv:2:8 (Lead): '#N/A (a spreadsheet error)' is not a letter of RACI" in out
    assert "accountable" not in steps[0]
    assert code == 1


def test_letters_across_conditions_and_line_breaks_belong_to_their_name(minimal: OrgDir) -> None:
    text = 'Activity,R,A\nPlan,"Finance (P1), Sales (P2)",Boss\nPay,"Legal\nHR",Boss\n'
    code, out, steps = imported(minimal, "c.csv", text)
    assert code == 0, out
    assert steps[0]["detail"] == "finance: P1; sales: P2"
    assert steps[1]["responsible"] == ["legal", "hr"]


def test_and_between_names_is_said(minimal: OrgDir) -> None:
    _code, out, steps = imported(minimal, "and.csv", "Activity;R;A\nPlan;Sales and Marketing;Boss\n")
    assert steps[0]["responsible"] == ["sales", "marketing"]
    assert (
        "and.csv:2:6: 'Sales and Marketing' read as several roles; if it is one role, write its name without 'and'"
        in out
    )


def test_positions_after_a_cell_that_spans_lines(minimal: OrgDir) -> None:
    _code, out, _steps = imported(minimal, "ml.csv", 'Activity,Buyer,Lead\n"Plan\r\nit",R,  Q\nDo,R,A\n')
    assert "ml.csv:3:9 (Lead): 'Q' is not a letter of RACI" in out


def test_unclosed_quotes_are_said_on_their_line(minimal: OrgDir) -> None:
    code, out, _steps = imported(minimal, "q.csv", 'Activity,Buyer,Lead\nPlan,"R,A\nDo,R,A\n')
    assert code == 2
    assert "q.csv:2: a cell's quotes do not close where the cell ends" in out


def test_table_number_gives_that_tables_reason(minimal: OrgDir) -> None:
    text = "| Letter | Meaning |\n|---|---|\n| R | Responsible |\n| A | Accountable |\n\n"
    text += (
        "| Step | Buyer | Lead |\n|---|---|---|\n| Plan | R | A |\n\n| Team | Channel |\n|---|---|\n| Buying | #buy |\n"
    )
    code, out, _steps = imported(minimal, "t.md", text, "--table", "3")
    assert code == 2
    assert out == "charter: table 3 of t.md is not a RACI matrix: no cell holds a letter of RACI (R, A, C, I)\n"


def test_two_headings_of_one_role_are_said(minimal: OrgDir) -> None:
    _code, out, steps = imported(minimal, "d.csv", "Activity,Sales,sales\nPlan,R,A\n")
    assert (
        "d.csv:1:16: 'Sales' (d.csv:1:10), 'sales' (d.csv:1:16) name one role, sales; their letters are merged" in out
    )
    assert (steps[0]["responsible"], steps[0]["accountable"]) == (["sales"], ["sales"])


def test_a_heading_whose_id_charter_knows_is_that_role(minimal: OrgDir) -> None:
    _code, out, steps = imported(minimal, "k.csv", "Activity,Agent!,Boss\nPlan,R,A\n")
    assert "k.csv:1:10: 'Agent!' read as the role agent that charter knows" in out
    assert steps[0]["responsible"] == ["agent"]
    assert "NOT imported" not in out


def test_an_escaped_pipe_between_letters(minimal: OrgDir) -> None:
    code, out, steps = imported(minimal, "p.md", "| Step | Buyer |\n|---|---|\n| Plan | R \\| A |\n")
    assert code == 0, out
    assert (steps[0]["responsible"], steps[0]["accountable"]) == (["buyer"], ["buyer"])


def test_label_columns_are_kept_in_the_detail(minimal: OrgDir) -> None:
    code, out, steps = imported(minimal, "l.csv", "Phase,Activity,Buyer,Lead\nInit,Plan,R,A\nRun,Pay,R,A\n")
    assert code == 0, out
    assert [s.get("detail") for s in steps] == ["Phase: Init", "Phase: Run"]


def test_a_date_in_a_workbook_is_a_date(minimal: OrgDir, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Activity", "Buyer", "Lead"])
    sheet.append([datetime.date(2024, 3, 1), "R", "A"])
    book.save(tmp_path / "d.xlsx")
    code, out, steps = imported(minimal, "d.xlsx", (tmp_path / "d.xlsx").read_bytes())
    assert code == 0, out
    assert steps[0]["name"] == "2024-03-01"
