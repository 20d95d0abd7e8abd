"""Importing RACI matrices in the forms people write them, Backstage catalogs, and exports."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
import yaml

from charter.cli.main import main
from charter.interop.raci_import import parse_cell
from charter.load.yamlfile import parse
from charter.schema.schemes import BUILT_IN
from charter.validate.check import validate
from tests.conftest import ROOT, TODAY, OrgDir, run_charter

RACI = BUILT_IN["raci"]
HERE = Path(__file__).resolve().parent


@pytest.mark.parametrize(
    ("cell", "keys", "conditions", "left"),
    [
        ("R/A", ["responsible", "accountable"], [], None),
        ("A/R", ["accountable", "responsible"], [], None),
        ("R, A", ["responsible", "accountable"], [], None),
        ("RA", ["responsible", "accountable"], [], None),
        ("r", ["responsible"], [], None),
        ("  c  ", ["consulted"], [], None),
        ("—", [], [], None),
        ("-", [], [], None),
        ("n/a", [], [], None),
        ("", [], [], None),
        ("A (P1)", ["accountable"], ["P1"], None),
        ("R*", ["responsible"], [], None),
        ("A¹", ["accountable"], [], None),
        ("C[2]", ["consulted"], [], None),
        ("X", [], [], "X"),
        ("S", [], [], "S"),  # Support is not a RACI letter
    ],
)
def test_cells(cell: str, keys: list[str], conditions: list[str], left: str | None) -> None:
    assert parse_cell(cell, RACI) == (keys, conditions, left)


def test_scheme_letters_beyond_raci_follow_the_scheme() -> None:
    assert parse_cell("S", BUILT_IN["rasci"])[0] == ["support"]
    assert parse_cell("D/A", BUILT_IN["daci"])[0] == ["driver", "approver"]


MESSY = """Activity;Service Desk Agent;IT Engineer;Service Lead;Customer;Finance Clerk
Take the call ; R/A ; ; i; R* ;
Onboarding;;;;;
Log the case;R;I;A;;
Log the case;R;I;A;;
Diagnose;c;R;A (P1);;-
Fix;—;R, A;n/a;;X
Bill the customer;;;A;I;R¹
"""


def imported(org: OrgDir, name: str, content: str | bytes, *extra: str) -> tuple[int, str, dict[str, object]]:
    table = org.path.parent / name
    table.write_bytes(content.encode() if isinstance(content, str) else content)
    done = run_charter("import", "raci", str(table), "--outcome", "imported", "--into", str(org.path), *extra)
    assert "Traceback" not in done.stderr
    data = yaml.safe_load((org.path / "outcomes/imported.yaml").read_text()) if done.returncode != 2 else {}
    return done.returncode, done.stdout, data


def letters(data: dict[str, object]) -> dict[str, dict[str, list[str]]]:
    steps = data["steps"]
    assert isinstance(steps, list)
    return {
        s["name"]: {k: v for k, v in s.items() if k in ("responsible", "accountable", "consulted", "informed")}
        for s in steps
    }


def test_messy_csv(minimal: OrgDir) -> None:
    code, out, data = imported(minimal, "messy.csv", MESSY)
    assert code == 0, out
    assert letters(data) == {
        "Take the call": {"responsible": ["agent", "customer"], "accountable": ["agent"], "informed": ["service-lead"]},
        "Log the case": {"responsible": ["agent"], "accountable": ["service-lead"], "informed": ["it-engineer"]},
        "Diagnose": {"responsible": ["it-engineer"], "accountable": ["service-lead"], "consulted": ["agent"]},
        "Fix": {"responsible": ["it-engineer"], "accountable": ["it-engineer"]},
        "Bill the customer": {
            "responsible": ["finance-clerk"],
            "accountable": ["service-lead"],
            "informed": ["customer"],
        },
    }
    assert "new roles, as stubs in team 'imported': finance-clerk" in out
    assert "messy.csv:5:1: 'Log the case' repeats an earlier row exactly; merged into one step" in out
    assert "messy.csv:6:14: condition 'P1' kept as a note" in out
    assert "messy.csv:3:1: section 'Onboarding' kept as the detail of the steps below it" in out
    assert "messy.csv:7:17 (Finance Clerk): 'X' is not a letter of RACI" in out
    assert "messy.csv:2:28: footnote mark '*' has no footnote below the table" in out
    assert "0 errors" in out
    steps = data["steps"]
    assert isinstance(steps, list)
    assert steps[2]["detail"] == "Part of: Onboarding; service-lead: P1"


def test_import_never_overwrites_a_file_it_could_not_read(minimal: OrgDir) -> None:
    minimal.write("teams/imported.yaml", "id: [half-edited\n")  # a team file mid-edit, unreadable
    table = minimal.path.parent / "messy.csv"
    table.write_text(MESSY)
    done = run_charter("import", "raci", str(table), "--outcome", "imported", "--into", str(minimal.path))
    assert done.returncode == 2
    assert "teams/imported.yaml exists but does not define team 'imported'" in done.stderr
    assert minimal.read("teams/imported.yaml") == "id: [half-edited\n"
    assert not (minimal.path / "outcomes/imported.yaml").exists()


def test_a_row_without_accountable_is_a_finding_not_a_crash(minimal: OrgDir) -> None:
    code, out, _data = imported(minimal, "noa.csv", "Activity,Service Desk Agent\nAnswer,R\n")
    assert code == 1
    assert "error CH201 step 'Answer' has no Accountable (A); it needs exactly one" in out


def test_transposed_matrix_is_detected(minimal: OrgDir) -> None:
    table = "Role,Take the call,Fix\nService Desk Agent,R/A,I\nIT Engineer,,R/A\n"
    _code, out, data = imported(minimal, "t.csv", table)
    assert "read as roles down, activities across: 2 rows start with roles charter knows" in out
    assert letters(data)["Fix"] == {
        "responsible": ["it-engineer"],
        "accountable": ["it-engineer"],
        "informed": ["agent"],
    }


def test_transposed_matrix_of_unknown_roles_is_detected_by_its_accountables(minimal: OrgDir) -> None:
    # Each activity has one Accountable; a role may be Accountable for several (Planner) or none.
    table = "Who,Plan,Build,Ship\nPlanner,R/A,C,A\nBuilder,C,R/A,R\nShipper,I,I,I\n"
    _code, out, data = imported(minimal, "u.csv", table)
    assert "read as roles down, activities across: column A is headed 'Who'" in out
    assert letters(data)["Ship"] == {"responsible": ["builder"], "accountable": ["planner"], "informed": ["shipper"]}


def test_markdown_table(minimal: OrgDir) -> None:
    table = "Some notes.\n\n| Step | Service Desk Agent | Service Lead |\n|:---|:-:|:-:|\n| Answer \\| log | R | A |\n"
    code, _out, data = imported(minimal, "m.md", table)
    assert code == 0
    assert letters(data) == {"Answer | log": {"responsible": ["agent"], "accountable": ["service-lead"]}}


def xlsx_with_shared_strings(rows: list[list[str]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "RACI"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_shared_strings_and_a_merged_section_row(minimal: OrgDir) -> None:
    rows = [["Activity", "Service Desk Agent", "Service Lead"], ["Intake", "", ""], ["Answer", "R", "A"]]
    code, out, data = imported(minimal, "x.xlsx", xlsx_with_shared_strings(rows))
    assert code == 0, out
    assert letters(data) == {"Answer": {"responsible": ["agent"], "accountable": ["service-lead"]}}
    assert "section 'Intake'" in out


def test_bad_tables_are_usage_errors(minimal: OrgDir) -> None:
    for name, content in (("a.xlsx", b"not a zip"), ("b.csv", b"\xff\xfe bad"), ("c.pdf", b"%PDF")):
        (minimal.path.parent / name).write_bytes(content)
        done = run_charter(
            "import", "raci", str(minimal.path.parent / name), "--outcome", "x", "--into", str(minimal.path)
        )
        assert done.returncode == 2
        assert "Traceback" not in done.stderr
        assert done.stderr.startswith("charter: ")


def in_process(*args: str) -> tuple[int, str]:
    """``charter ARGS`` run by its entry point here: the exit code and what it printed."""
    said = io.StringIO()
    with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
        code = main(list(args))
    return code, said.getvalue()


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "md"])
def test_round_trip_keeps_every_letter(tmp_path: Path, fmt: str) -> None:
    source = validate(str(ROOT / "org"), TODAY).org
    assert source is not None
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "organisation.yaml").write_text("name: Fresh\ncommon_goal: Round trips.\n")
    for outcome in source.outcomes.values():
        out = tmp_path / f"{outcome.id}.{fmt}"
        # In this process (the command line's own entry point): two commands a promise, for
        # every promise in three formats, were most of this test's time as programs.
        code, said = in_process(
            "export", "raci", "--org", str(ROOT / "org"), "--format", fmt, "--outcome", outcome.id, "-o", str(out)
        )
        assert code == 0, said
        code, said = in_process("import", "raci", str(out), "--outcome", outcome.id, "--into", str(fresh))
        assert "NOT imported" not in said, said
    result = validate(str(fresh), TODAY)
    assert result.org is not None, result.problems
    for outcome in source.outcomes.values():
        # Letters are sets: the matrix orders its columns by team, the YAML as people wrote it.
        before = {
            (s.id, s.name): {k: sorted(v) for k, v in source.letters(s).items()}
            for s in outcome.steps  # type: ignore[attr-defined]
        }
        after = {
            (s.id, s.name): {k: sorted(v) for k, v in result.org.letters(s).items()}
            for s in result.org.outcomes[outcome.id].steps  # type: ignore[attr-defined]
        }
        assert after == before, outcome.id


def test_backstage_import(minimal: OrgDir) -> None:
    done = run_charter("import", "backstage", str(HERE / "catalog.yaml"), "--into", str(minimal.path))
    assert "Traceback" not in done.stderr
    out = done.stdout
    assert "imported 2 groups as teams and 1 user as people" in out
    assert "1 of the catalog's 4 entities was there already, and not replaced" in out
    assert "skipped (not Group or User): 1 Component, 1 System" in out
    assert "Group support: member 'missing-user' is not in the catalog" in out
    assert "User ana: memberOf 'group:default/ghost-team' is not in the catalog" in out
    assert "people/ana.yaml already exists; not replaced" in out
    team = parse((minimal.path / "teams/tier-two.yaml").read_text()).data
    assert team is not None
    assert (team["name"], team["parent"]) == ("Tier Two", "support")
    support = parse((minimal.path / "teams/support.yaml").read_text()).data
    assert support is not None
    assert support["purpose"] == "Answers customers and owns their problems."
    bo = (minimal.path / "people/bo-lind.yaml").read_text()
    assert 'name: "Bo Lind"' in bo
    assert done.returncode == 0  # new teams without roles are warnings (orphans), not errors


def test_backstage_catalog_with_an_alias_bomb_is_refused(minimal: OrgDir, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("kind: Group\nmetadata: &a {name: x}\n---\nkind: Group\nmetadata: *a\n")
    done = run_charter("import", "backstage", str(bomb), "--into", str(minimal.path))
    assert done.returncode == 2
    assert "anchor '&a' is not allowed" in done.stderr


def test_backstage_export_links_each_team_to_its_charter(minimal: OrgDir) -> None:
    minimal.write(
        "organisation.yaml", minimal.read("organisation.yaml") + "site: {url: 'https://charter.example.com/'}\n"
    )
    minimal.replace("teams/it.yaml", "lead: it-engineer", "lead: it-engineer\nparent: service")
    done = run_charter("export", "backstage", "--org", str(minimal.path))
    groups = {d["metadata"]["name"]: d for d in yaml.safe_load_all(done.stdout)}
    assert set(groups) == {"it", "service"}
    assert groups["it"]["metadata"]["links"] == [
        {"url": "https://charter.example.com/teams/it/", "title": "Charter", "icon": "docs"}
    ]
    assert groups["it"]["spec"]["parent"] == "service"
    assert groups["service"]["spec"]["children"] == ["it"]
    assert all(d["kind"] == "Group" and d["apiVersion"] == "backstage.io/v1alpha1" for d in groups.values())


def test_markdown_export_escapes_pipes(minimal: OrgDir) -> None:
    minimal.replace("outcomes/fault-fixed.yaml", "name: Log the call", "name: Log | call")
    out = run_charter("export", "raci", "--org", str(minimal.path), "--format", "md").stdout
    assert "| fault-fixed | log | Log \\| call |" in out
