"""The hostile and broken workbooks of tests/corpus/workbooks/: each is refused on its file with
a clear reason, within a memory limit a dense reader would blow through, and nothing is written."""

from __future__ import annotations

import resource
import subprocess
import sys

import openpyxl
import pytest

from tests.conftest import ROOT, TODAY, OrgDir

WORKBOOKS = ROOT / "tests" / "corpus" / "workbooks"
EXPECTED = {
    "far-row.xlsx": "RACI!A1000000000 is beyond row 10,000",
    "far-column.xlsx": "not a readable .xlsx workbook ('ZZZZZ' is not a valid column name",
    "billion-laughs.xlsx": "xl/worksheets/sheet1.xml declares XML entities (a DOCTYPE)",
    "external-entity.xlsx": "xl/worksheets/sheet1.xml declares XML entities (a DOCTYPE)",
    "zip-bomb.xlsx": "unpacks to 200 MiB; a matrix's workbook unpacks to at most 64 MiB",
    "corrupt-deflate.xlsx": "is not a readable .xlsx workbook (damaged: Error -3 while decompressing data",
    "truncated.xlsx": "is not an .xlsx workbook (it is not a zip archive)",
    "csv-named-xlsx.xlsx": "is not an .xlsx workbook (it is not a zip archive)",
    "huge-cell.xlsx": "RACI!A2: a cell of 100,000 characters; a matrix cell holds at most 4,000",
    "many-rows.xlsx": "RACI!A10001 is beyond row 10,000",
    "no-workbook.xlsx": "is not a readable .xlsx workbook",
}
MEMORY = 1 << 30  # 1 GiB of address space: far-row alone asks a dense reader for 32 GB


def test_every_workbook_of_the_corpus_has_its_expectation() -> None:
    assert sorted(p.name for p in WORKBOOKS.glob("*.xlsx")) == sorted(EXPECTED)


def test_openpyxl_parses_through_defusedxml() -> None:
    assert openpyxl.DEFUSEDXML is True


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_workbook_is_refused_on_its_file(name: str, minimal: OrgDir) -> None:
    before = sorted(p.relative_to(minimal.path) for p in minimal.path.rglob("*"))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "charter",
            "import",
            "raci",
            str(WORKBOOKS / name),
            "--outcome",
            "x",
            "--into",
            "minimal",
        ],
        cwd=minimal.path.parent,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "CHARTER_TODAY": TODAY.isoformat(), "PYTHONPATH": str(ROOT)},
        preexec_fn=_limited,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr.startswith("charter: ")
    assert name in done.stderr
    assert EXPECTED[name] in done.stderr
    assert "internal error" not in done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(p.relative_to(minimal.path) for p in minimal.path.rglob("*")) == before
