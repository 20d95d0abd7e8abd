"""Read a table from CSV, XLSX or a Markdown table into rows of text cells.

Only what a RACI matrix needs: the first sheet of a workbook, cell text as displayed (shared
strings, inline strings, numbers), merged cells left empty but for their first cell. Workbooks
are read with the standard library's zip and XML parsers, with the archive's sizes checked
before anything is decompressed.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

MAX_BYTES = 20 << 20  # a RACI matrix is kilobytes; this refuses zip bombs and mistakes
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


class TableError(Exception):
    """The file cannot be read as a table; the message says why."""


def read_table(path: Path) -> list[list[str]]:
    suffix = path.suffix.lower()
    try:
        if path.stat().st_size > MAX_BYTES:
            raise TableError(f"{path} is larger than {MAX_BYTES >> 20} MiB")
        if suffix == ".xlsx":
            return _xlsx(path)
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise TableError(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise TableError(f"{path} is not UTF-8 text (save the spreadsheet as CSV UTF-8, or as .xlsx)") from None
    if suffix in (".md", ".markdown"):
        return _markdown(text, path)
    if suffix in (".csv", ".tsv", ".txt"):
        return _csv(text)
    raise TableError(f"{path}: charter reads RACI matrices from .csv, .tsv, .xlsx and .md files")


def _csv(text: str) -> list[list[str]]:
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


_SEPARATOR = re.compile(r"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")


def _markdown(text: str, path: Path) -> list[list[str]]:
    rows: list[list[str]] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("|"):
            if rows:
                break  # the table ended
            continue
        if _SEPARATOR.match(stripped):
            continue
        cells = re.split(r"(?<!\\)\|", stripped.strip("|"))
        rows.append([cell.strip().replace("\\|", "|") for cell in cells])
    if not rows:
        raise TableError(f"{path} holds no Markdown table (lines starting with '|')")
    return rows


def _column(ref: str) -> int:
    letters = re.match(r"[A-Z]+", ref)
    number = 0
    for ch in letters.group() if letters else "A":
        number = number * 26 + (ord(ch) - 64)
    return number - 1


def _xlsx(path: Path) -> list[list[str]]:
    try:
        book = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise TableError(f"{path} is not an .xlsx workbook") from None
    with book:
        if sum(info.file_size for info in book.infolist()) > MAX_BYTES * 5:
            raise TableError(f"{path} unpacks to more than {MAX_BYTES * 5 >> 20} MiB")

        def xml(name: str) -> ElementTree.Element | None:
            try:
                return ElementTree.fromstring(book.read(name))
            except KeyError:
                return None
            except ElementTree.ParseError as exc:
                raise TableError(f"{path}: {name} is not valid XML ({exc})") from None

        shared = []
        strings = xml("xl/sharedStrings.xml")
        if strings is not None:
            for item in strings.findall("m:si", NS):
                shared.append("".join(t.text or "" for t in item.iter(f"{{{NS['m']}}}t")))
        sheet_name = _first_sheet(xml("xl/workbook.xml"), xml("xl/_rels/workbook.xml.rels"))
        sheet = xml(sheet_name)
        if sheet is None:
            raise TableError(f"{path} has no worksheet")
        rows: dict[int, dict[int, str]] = {}
        for row in sheet.iter(f"{{{NS['m']}}}row"):
            index = int(row.get("r", len(rows) + 1)) - 1
            cells = rows.setdefault(index, {})
            for position, cell in enumerate(row.findall("m:c", NS)):
                col = _column(cell.get("r", "")) if cell.get("r") else position
                kind = cell.get("t", "n")
                if kind == "inlineStr":
                    value = "".join(t.text or "" for t in cell.iter(f"{{{NS['m']}}}t"))
                else:
                    raw = cell.findtext("m:v", default="", namespaces=NS)
                    value = shared[int(raw)] if kind == "s" and raw.isdigit() and int(raw) < len(shared) else raw
                cells[col] = value
        width = max((max(c) + 1 for c in rows.values() if c), default=0)
        return [[rows.get(r, {}).get(c, "") for c in range(width)] for r in range(max(rows, default=-1) + 1)]


def _first_sheet(workbook: ElementTree.Element | None, rels: ElementTree.Element | None) -> str:
    if workbook is None or rels is None:
        return "xl/worksheets/sheet1.xml"
    sheet = workbook.find("m:sheets/m:sheet", NS)
    rel_id = sheet.get(REL_NS) if sheet is not None else None
    for rel in rels:
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "worksheets/sheet1.xml").lstrip("/")
            return target if target.startswith("xl/") else f"xl/{target}"
    return "xl/worksheets/sheet1.xml"
