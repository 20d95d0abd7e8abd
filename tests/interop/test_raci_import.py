"""Importing real RACI matrices: the right table, every layout, the file's own positions, clean
names, what was merged said aloud, and the stubs' placeholders in one line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from charter.interop.names import clean, slug
from tests.conftest import OrgDir, run_charter, run_json

LEGEND_THEN_MATRIX = """# Incident process

Who does what when the service is down.

| Letter | Meaning |
|---|---|
| R | Responsible: does the work |
| A | Accountable: answers for it |
| C | Consulted |
| I | Informed |

## The matrix

| Activity | Service Desk Agent | Duty Manager | Comms Lead |
|---|---|---|---|
| **Triage** | | | |
| [Open the incident](runbook.md#open) | R | A | I |
| Page the on-call | R | A | |
| Tell customers | C/I | A | R* |
| Close | R | | I |

\\* only for incidents customers can see
"""


def write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def import_raci(org: OrgDir, table: Path, *extra: str) -> tuple[int, str, str]:
    done = run_charter("import", "raci", str(table), "--outcome", "imported", "--into", str(org.path), *extra)
    assert "Traceback" not in done.stderr
    return done.returncode, done.stdout, done.stderr


def outcome(org: OrgDir) -> dict[str, object]:
    data = yaml.safe_load((org.path / "outcomes/imported.yaml").read_text())
    assert isinstance(data, dict)
    return data


def test_the_matrix_is_found_after_a_legend_with_lines_of_the_file(minimal: OrgDir, tmp_path: Path) -> None:
    code, out, _ = import_raci(minimal, write(tmp_path, "incident.md", LEGEND_THEN_MATRIX))
    assert code == 1, out  # 'Close' has no Accountable
    lines = out.splitlines()
    assert lines[0].startswith("imported 4 steps from ")
    assert lines[1].startswith("read table 2 of 2, at line 14 as activities down, roles across:")
    assert "  table 1 at line 5: a legend of the letters (R, A, C, I), not a matrix" in lines
    assert "found in the matrix:" in lines
    assert "  incident.md:20:3: error CH201 step 'Close' has no Accountable (A); it needs exactly one" in lines
    assert "  incident.md:19:20: 'C/I' makes agent Consulted and Informed in 'Tell customers'; both kept" in lines
    assert "  incident.md:19:30: footnote '*' (only for incidents customers can see) kept as a note" in lines
    assert "  incident.md:16:3: section 'Triage' kept as the detail of the steps below it" in lines
    assert "  incident.md:22:1: '* only for incidents customers can see' read as the footnote '*'" in lines
    steps = outcome(minimal)["steps"]
    assert isinstance(steps, list)
    assert [s["id"] for s in steps] == ["open-the-incident", "page-the-on-call", "tell-customers", "close"]
    assert steps[0]["name"] == "Open the incident"
    assert steps[0]["detail"] == "Part of: Triage"
    assert steps[2]["detail"] == "Part of: Triage; comms-lead: only for incidents customers can see"


def test_table_chosen_by_number_and_refused_when_it_is_no_matrix(minimal: OrgDir, tmp_path: Path) -> None:
    table = write(tmp_path, "incident.md", LEGEND_THEN_MATRIX)
    code, _, err = import_raci(minimal, table, "--table", "1")
    assert code == 2
    assert (
        err
        == "charter: table 1 of incident.md is not a RACI matrix: a legend of the letters (R, A, C, I), not a matrix\n"
    )
    code, _, err = import_raci(minimal, table, "--table", "3")
    assert (code, err) == (2, "charter: --table 3: incident.md holds 2 tables\n")
    code, _, err = import_raci(minimal, table, "--table", "zero")
    assert code == 2
    assert "'zero' is not a table's number" in err
    code, out, _ = import_raci(minimal, table, "--table", "2")
    assert code == 1
    assert "read table 2 of 2" in out


def test_a_file_with_no_matrix_writes_nothing_and_says_what_it_saw(minimal: OrgDir, tmp_path: Path) -> None:
    text = "| Letter | Meaning |\n|---|---|\n| R | Responsible |\n| A | Accountable |\n\n" + (
        "Contacts:\n\n| Team | Channel |\n|---|---|\n| Service | #service |\n| IT | #it |\n"
    )
    before = sorted(p.relative_to(minimal.path) for p in minimal.path.rglob("*"))
    code, out, err = import_raci(minimal, write(tmp_path, "notes.md", text))
    assert (code, out) == (2, "")
    assert err == (
        "charter: no table in notes.md reads as a RACI matrix, so nothing was written; tables seen:\n"
        "  table 1 at line 1: a legend of the letters (R, A, C, I), not a matrix\n"
        "  table 2 at line 8: no cell holds a letter of RACI (R, A, C, I)\n"
    )
    assert sorted(p.relative_to(minimal.path) for p in minimal.path.rglob("*")) == before


def test_letters_across_with_role_names_in_the_cells(minimal: OrgDir, tmp_path: Path) -> None:
    text = (
        "Activity;R;A;C;I\n"
        "Take the call;Service Desk Agent;Service Lead;;Customer\n"
        "Fix;IT Engineer and Service Desk Agent;IT Engineer;Service Lead, Finance;\n"
        "Refund;Finance;Service Lead;Finance;Customer\n"
    )
    code, out, _ = import_raci(minimal, write(tmp_path, "across.csv", text))
    assert code == 0, out
    assert out.splitlines()[1] == (
        "read as letters across, roles named in the cells: the columns B R, C A, D C, E I are letters of RACI, "
        "and 10 of 10 filled cells below them name roles"
    )
    steps = {s["name"]: s for s in outcome(minimal)["steps"]}  # type: ignore[attr-defined]
    assert steps["Fix"]["responsible"] == ["it-engineer", "agent"]
    assert steps["Fix"]["consulted"] == ["service-lead", "finance"]
    assert steps["Take the call"]["informed"] == ["customer"]
    assert "across.csv:4:8: finance is named under R and C in 'Refund'; both letters kept" in out


def test_a_header_of_letters_is_not_taken_for_roles(minimal: OrgDir, tmp_path: Path) -> None:
    text = "Deploy,I,A/R,C\nTest,C,A,R\n"
    code, _, err = import_raci(minimal, write(tmp_path, "noheader.csv", text))
    assert code == 2
    assert "row 1 holds letters (I, A/R, C) where the names of roles belong: add a header row naming the roles" in err


def test_names_lose_their_markup_and_ids_are_cut_at_a_word(minimal: OrgDir, tmp_path: Path) -> None:
    long = "Reconcile every open invoice against the purchase orders and the goods received notes"
    text = (
        "| Step | Client Team (w365) | Service Lead (service-lead) |\n|---|---|---|\n"
        "| [Prerequisites](Prerequisites_Guide.md) | R | A |\n"
        f"| `terraform apply` on _staging_ | R | A |\n| {long} | R | A |\n"
    )
    code, out, _ = import_raci(minimal, write(tmp_path, "names.md", text))
    assert code == 0, out
    steps = outcome(minimal)["steps"]
    assert isinstance(steps, list)
    assert [s["name"] for s in steps] == ["Prerequisites", "terraform apply on staging", long]
    assert [s["id"] for s in steps[:2]] == ["prerequisites", "terraform-apply-on-staging"]
    assert steps[2]["id"] == "reconcile-every-open-invoice-against-the-purchase-orders-and"
    assert long.lower().replace(" ", "-").startswith(steps[2]["id"] + "-")
    # (w365) names no role charter knows: it stays in the title and the id; (service-lead) does.
    role = yaml.safe_load((minimal.path / "roles/client-team-w365.yaml").read_text())
    assert (role["id"], role["title"]) == ("client-team-w365", "Client Team (w365)")
    assert steps[0]["accountable"] == ["service-lead"]
    assert not (minimal.path / "roles/w365.yaml").exists()


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("[Prerequisites](Prerequisites_Guide.md)", "Prerequisites"),
        ("**Deploy** the `api`", "Deploy the api"),
        ("R*, A*", "R*, A*"),  # footnote marks are not emphasis
        ("Line<br>two &amp; three", "Line two & three"),
        ("Open #inc-<id>", "Open #inc-<id>"),  # not a tag
        ("\\* only P1", "* only P1"),
    ],
)
def test_clean(text: str, plain: str) -> None:
    assert clean(text) == plain


def test_slugs_in_any_script() -> None:
    assert slug("Архитектор ПО") == "arkhitektor-po"
    assert slug("Café 🙂 crème") == "cafe-creme"
    assert slug("x" * 80) == "x" * 60  # one word longer than an id: cut where it must be


def test_lookalike_letters_are_read_as_meant_and_said(minimal: OrgDir, tmp_path: Path) -> None:
    text = "Activity,Agent,Lead\nAnswer,R,\u0410\n"  # a Cyrillic А
    code, out, _ = import_raci(minimal, write(tmp_path, "cyr.csv", text))
    assert code == 0, out
    assert "cyr.csv:2:10: 'А' is written in another alphabet; read as A" in out
    assert outcome(minimal)["steps"][0]["accountable"] == ["lead"]  # type: ignore[index]


def test_stub_placeholders_are_one_line_until_a_stub_is_edited(minimal: OrgDir, tmp_path: Path) -> None:
    text = "Activity,Buyer,Approver,Clerk,Auditor\nOrder,R,A,I,\nPay,I,A,R,C\nAudit,,I,C,R/A\n"
    code, out, _ = import_raci(minimal, write(tmp_path, "p2p.csv", text))
    assert code == 0, out
    code, report, _ = run_json("validate", str(minimal.path))
    found = [(p["code"], p["path"].rsplit("/", 2)[-2] + "/" + p["path"].rsplit("/", 1)[-1]) for p in report["problems"]]
    assert found == [("CH311", "outcomes/imported.yaml")]
    assert report["problems"][0]["message"] == (
        "4 imported roles need a purpose, a holder and a team; outcome 'imported' needs its promise and measure "
        "(imported from p2p.csv): charter explain imported"
    )
    role = minimal.path / "roles/clerk.yaml"
    assert 'imported: "p2p.csv"' in role.read_text()
    role.write_text(role.read_text().replace("holders: []", "holders: [bo]"))  # someone starts filling it in
    _, report, _ = run_json("validate", str(minimal.path))
    after = sorted((p["code"], p["path"].rsplit("/", 1)[-1], p["line"]) for p in report["problems"])
    assert after == [("CH310", "clerk.yaml", 8), ("CH310", "clerk.yaml", 10), ("CH311", "imported.yaml", 6)]
    assert "3 imported roles need" in next(p["message"] for p in report["problems"] if p["code"] == "CH311")


def test_placeholders_show_one_by_one_when_the_summary_is_switched_off(minimal: OrgDir, tmp_path: Path) -> None:
    import_raci(minimal, write(tmp_path, "p.csv", "Activity,Buyer,Approver\nOrder,R,A\n"))
    minimal.write("organisation.yaml", minimal.read("organisation.yaml") + "rules:\n  imported: {severity: off}\n")
    _, report, _ = run_json("validate", str(minimal.path))
    codes = sorted({p["code"] for p in report["problems"]})
    assert codes == ["CH305", "CH310"]


def test_a_spreadsheet_matrix_split_by_empty_rows_is_one_matrix(minimal: OrgDir, tmp_path: Path) -> None:
    text = (
        "RACI - Purchase to pay\n\nR = Responsible; A = Accountable; C = Consulted; I = Informed\n\n"
        "Activity,Buyer,Approver\nPlan,,\nOrder,R,A\n\nPay,,\nPay the invoice,R,A\n\n* after delivery\n"
    )
    code, out, _ = import_raci(minimal, write(tmp_path, "blocks.csv", text))
    assert code == 0, out
    assert [s["name"] for s in outcome(minimal)["steps"]] == ["Order", "Pay the invoice"]  # type: ignore[attr-defined]
    assert "read table 3 of 5, at line 5 as activities down" in out
    assert "  table 1 at line 1: one line of text ('RACI - Purchase to pay'), not a matrix" in out
    assert "  table 2 at line 3: a legend of the letters (R, A, C, I), not a matrix" in out
    assert "  blocks.csv:12:1: '* after delivery' read as the footnote '*'" in out


def test_backstage_reports_what_it_merged_and_what_was_there(minimal: OrgDir, tmp_path: Path) -> None:
    catalog = write(
        tmp_path,
        "catalog.yaml",
        "kind: Group\nmetadata: {name: support}\nspec: {type: team, children: []}\n---\n"
        "kind: Group\nmetadata: {name: tier-two}\nspec: {type: team, parent: support, children: []}\n---\n"
        "kind: Group\nmetadata: {name: ops}\nspec: {type: team, children: [tier-two]}\n---\n"
        "kind: User\nmetadata: {name: cy}\nspec: {profile: {displayName: Cy Silva}, memberOf: [support]}\n---\n"
        "kind: User\nmetadata: {name: cy, namespace: sales}\nspec: {profile: {displayName: Cy Souza}}\n",
    )
    first = run_charter("import", "backstage", str(catalog), "--into", str(minimal.path)).stdout
    assert first.startswith("imported 3 groups as teams and 2 users as people into ")
    assert (
        "  Group tier-two names support as its parent, but support's children do not list it; kept the parent\n"
        in first
    )
    assert "  Group ops lists tier-two as a child, but tier-two names support as its parent; kept support\n" in first
    assert "  2 Users share the name 'cy' across namespaces: imported 'cy' as cy, 'sales/cy' as cy-sales\n" in first
    assert yaml.safe_load((minimal.path / "people/cy-sales.yaml").read_text())["name"] == "Cy Souza"
    again = run_charter("import", "backstage", str(catalog), "--into", str(minimal.path)).stdout
    assert again.startswith("imported 0 groups as teams and 0 users as people into ")
    assert "5 of the catalog's 5 entities were there already, and not replaced\n" in again


@pytest.mark.parametrize(
    ("cell", "keys", "condition"),
    [
        ("R·A", ["responsible", "accountable"], None),
        ("R • A", ["responsible", "accountable"], None),
        ("A-R", ["accountable", "responsible"], None),
        ("R–A", ["responsible", "accountable"], None),
        ("R e A", ["responsible", "accountable"], None),
        ("A parcial", ["accountable"], "parcial"),
        ("A для override", ["accountable"], "для override"),
        ("optional C", ["consulted"], "optional"),
        ("C ab 50.000 €", ["consulted"], "ab 50.000 €"),
        ("I if NEWS2 ≥ 5", ["informed"], "if NEWS2 ≥ 5"),
        ("C a pedido", ["consulted"], "a pedido"),
        ("A ir", ["accountable"], "ir"),
        ("R i A", ["responsible", "accountable"], None),
        ("r/a", ["responsible", "accountable"], None),
    ],
)
def test_letters_with_any_separator_and_words_that_qualify_them(
    cell: str, keys: list[str], condition: str | None
) -> None:
    from charter.interop.matrix import read_letters
    from charter.schema.schemes import BUILT_IN

    found, conditions, _notes, problem = read_letters(cell, BUILT_IN["raci"], qualified=True)
    assert (found, problem) == (keys, None)
    assert conditions == ([condition] if condition else [])


@pytest.mark.parametrize("cell", ["R S", "A, X", "Customer tells us about a need", "RS", "not A", "no C"])
def test_a_mistyped_letter_or_prose_is_still_reported(cell: str) -> None:
    from charter.interop.matrix import read_letters
    from charter.schema.schemes import BUILT_IN

    assert read_letters(cell, BUILT_IN["raci"], qualified=True)[3] is not None


def test_an_ending_in_parentheses_is_part_of_the_name() -> None:
    from charter.interop.matrix import _bare

    assert _bare("Arquiteto(a)") == "Arquiteto(a)"
    assert _bare("Gerente(s) de TI") == "Gerente(s) de TI"
    assert _bare("Legal (urgent)") == "Legal"


PROCESS = "| Activity | Sales | Finance | Legal |\n|---|---|---|---|\n"


def two_tables(tmp_path: Path, first: str, second: str, rows: tuple[str, str]) -> Path:
    table = tmp_path / "t.md"
    table.write_text(f"## {first}\n\n{PROCESS}{rows[0]}\n\n## {second}\n\n{PROCESS}{rows[1]}\n")
    return table


@pytest.mark.parametrize(
    ("first", "second", "rows"),
    [
        ("Onboarding", "Offboarding", ("| Create accounts | R | A | C |", "| Close accounts | R | A | I |")),
        ("Current", "Proposed", ("| Sign the contract | R | A | C |", "| Sign the contract | A | R | C |")),
    ],
)
def test_tables_that_share_columns_but_are_other_processes_are_not_joined(
    minimal: OrgDir, tmp_path: Path, first: str, second: str, rows: tuple[str, str]
) -> None:
    code, out, _ = import_raci(minimal, two_tables(tmp_path, first, second, rows))
    assert code in (0, 1)
    assert len(outcome(minimal)["steps"]) == 1  # type: ignore[arg-type]
    assert "shares the matrix's heading row but reads as another one" in out
    assert "--table 1,2 reads them as one" in out


def test_phases_are_joined_and_table_lists_join_on_request(minimal: OrgDir, tmp_path: Path) -> None:
    rows = ("| Qualify the lead | R | A | C |", "| Invoice the customer | I | R/A | C |")
    code, out, _ = import_raci(minimal, two_tables(tmp_path, "Phase 1 — Sell", "Phase 2 — Bill", rows))
    assert code in (0, 1)
    assert "read tables 1 and 2 of 2 as one matrix" in out
    assert [s["name"] for s in outcome(minimal)["steps"]] == ["Qualify the lead", "Invoice the customer"]  # type: ignore[attr-defined]
    (minimal.path / "outcomes/imported.yaml").unlink()
    other = two_tables(tmp_path, "Onboarding", "Offboarding", rows)
    code, out, _ = import_raci(minimal, other, "--table", "1,2")
    assert code in (0, 1)
    assert len(outcome(minimal)["steps"]) == 2  # type: ignore[arg-type]
