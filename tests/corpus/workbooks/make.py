"""Write the hostile and broken workbooks of this folder (run it to regenerate them; the files
are committed so that the corpus is what it is, whatever a future openpyxl would write).

Each is a minimal valid workbook package around one attack or one kind of damage.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
BOOK = (
    f'<?xml version="1.0"?><workbook {NS} {RNS}>'
    '<sheets><sheet name="RACI" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
BOOK_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER = '<row r="1">' + cell("A1", "Activity") + cell("B1", "Agent") + cell("C1", "Lead") + "</row>"
ROW = '<row r="2">' + cell("A2", "Answer") + cell("B2", "R") + cell("C2", "A") + "</row>"


def _put(book: zipfile.ZipFile, name: str, content: str | bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))  # the same bytes on every run
    info.compress_type = zipfile.ZIP_DEFLATED
    book.writestr(info, content)


def package(sheet_data: str, *, extra: dict[str, str | bytes] | None = None, prolog: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        _put(book, "[Content_Types].xml", TYPES)
        _put(book, "_rels/.rels", RELS)
        _put(book, "xl/workbook.xml", BOOK)
        _put(book, "xl/_rels/workbook.xml.rels", BOOK_RELS)
        _put(
            book,
            "xl/worksheets/sheet1.xml",
            f'<?xml version="1.0"?>{prolog}<worksheet {NS}><sheetData>{sheet_data}</sheetData></worksheet>',
        )
        for name, content in (extra or {}).items():
            _put(book, name, content)
    return buffer.getvalue()


def corrupt(data: bytes) -> bytes:
    """The sheet's compressed bytes overwritten, its zip headers intact."""
    start = data.index(b"xl/worksheets/sheet1.xml") + len("xl/worksheets/sheet1.xml") + 20
    return data[:start] + bytes(b ^ 0x5A for b in data[start : start + 60]) + data[start + 60 :]


LAUGHS = (
    '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
    '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
    '<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>'
)

CASES: dict[str, bytes] = {
    # A cell a billion rows down: a dense reader allocates 32 GB for this.
    "far-row.xlsx": package(HEADER + ROW + '<row r="1000000000">' + cell("A1000000000", "x") + "</row>"),
    # A cell in a column no spreadsheet has.
    "far-column.xlsx": package(HEADER + '<row r="2">' + cell("ZZZZZ2", "R") + "</row>"),
    # Entities that expand to 100 MB (billion laughs).
    "billion-laughs.xlsx": package(HEADER + '<row r="2">' + cell("A2", "&h;") + "</row>", prolog=LAUGHS),
    # An external entity that would read a file of the machine (XXE).
    "external-entity.xlsx": package(
        HEADER + '<row r="2">' + cell("A2", "&x;") + "</row>",
        prolog='<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    ),
    # A sheet that unpacks to 200 MB of spaces from a few hundred kilobytes.
    "zip-bomb.xlsx": package(HEADER + ROW, extra={"xl/media/padding.bin": b" " * (200 << 20)}),
    # Damaged compressed data behind intact zip headers ("Error -3 while decompressing").
    "corrupt-deflate.xlsx": corrupt(package(HEADER + ROW + "".join(f'<row r="{n}"/>' for n in range(3, 200)))),
    # The first half of a workbook, as an interrupted download leaves it.
    "truncated.xlsx": package(HEADER + ROW)[:700],
    # Not a workbook at all: a CSV saved under the wrong name.
    "csv-named-xlsx.xlsx": b"Activity,Agent,Lead\nAnswer,R,A\n",
    # One cell of 100,000 characters.
    "huge-cell.xlsx": package(HEADER + '<row r="2">' + cell("A2", "x" * 100_000) + cell("B2", "R") + "</row>"),
    # 20,000 rows: more than any matrix.
    "many-rows.xlsx": package(
        HEADER
        + "".join(
            f'<row r="{n}">' + cell(f"A{n}", f"Step {n}") + cell(f"B{n}", "R") + "</row>" for n in range(2, 20_002)
        )
    ),
    # A zip without the workbook's parts.
}


def _no_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        _put(book, "hello.txt", "no workbook here")
    return buffer.getvalue()


CASES["no-workbook.xlsx"] = _no_workbook()

if __name__ == "__main__":
    for name, data in CASES.items():
        (HERE / name).write_bytes(data)
        print(f"{name}: {len(data):,} bytes")
