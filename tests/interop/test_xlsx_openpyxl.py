"""The XLSX writer and reader checked against openpyxl, the spreadsheet library most Python tools
use, instead of only against each other: what charter writes, openpyxl reads cell for cell; what
openpyxl writes (shared strings, numbers, merged cells), charter reads."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl

from charter.interop.tables import read_tables
from charter.render.xlsx import workbook

ROWS = [
    ["Step", "Service Desk Agent (agent)", "Service Lead (service-lead)"],
    ["Log the call", "R", "A"],
    ['Fix <it> & "close"', "C", "A/R"],
    ["Ünïcode — 漢字 🙂", "", "I"],
]


def test_openpyxl_reads_what_charter_writes() -> None:
    book = openpyxl.load_workbook(io.BytesIO(workbook("Fault fixed: the RACI", ROWS)), read_only=True)
    assert len(book.sheetnames) == 1
    sheet = book[book.sheetnames[0]]
    read = [[("" if cell is None else str(cell)) for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert read == ROWS


def test_charter_reads_what_openpyxl_writes(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Activity", "Service Desk Agent", "Service Lead", "Note"])
    sheet.append(["Intake"])  # a section row, merged across the table as people lay them out
    sheet.merge_cells("A2:D2")
    sheet.append(["Answer", "R", "A", 42])
    sheet.append(["Escalate", "", "A/R", None])
    path = tmp_path / "matrix.xlsx"
    book.save(path)
    tables = read_tables(path)
    assert [t.sheet for t in tables] == ["Sheet"]
    cells = [list(row) for row in tables[0].rows]
    assert tables[0].at(2, 1) == "matrix.xlsx:Sheet!B3"
    assert cells[0] == ["Activity", "Service Desk Agent", "Service Lead", "Note"]
    assert cells[1][0] == "Intake"
    assert not any(cells[1][1:])
    assert cells[2] == ["Answer", "R", "A", "42"]
    assert cells[3][:3] == ["Escalate", "", "A/R"]
