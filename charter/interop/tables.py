"""Find the tables in a CSV, XLSX or Markdown file, every cell with its place in the file.

A RACI matrix is rarely alone in its file: a README has a legend table before it, a workbook a
cover sheet, a CSV export a title row above and notes below. So a file reads as a list of
tables, and every cell keeps where it is (line and column in a text file, ``Sheet!B7`` in a
workbook) so that every message points at the cell a manager must look at.

Workbooks are read by openpyxl in read-only mode, with defusedxml guarding its XML parser, one
sparse row at a time through its streaming sheet parser: a sheet that declares a cell at row
1,000,000,000 is refused at that cell. (python-calamine builds the dense range first: for that
2 KB file it asks for 32 GB and the process aborts, which no ``except`` can catch.)
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import re
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from charter.render.spreadsheet import column_name

MAX_BYTES = 20 << 20  # a RACI matrix is kilobytes; this refuses zip bombs and mistakes
MAX_UNPACKED = 64 << 20  # what a workbook may unpack to
MAX_ROWS = 10_000
# Cells in one table: a promise's matrix of 500 activities by 200 roles; its outcome file stays
# within what charter reads (1 MiB), and the import within a few seconds and 200 MB.
MAX_CELLS = 100_000
MAX_COLUMNS = 500  # the widest matrix charter exports is 250 roles wide, plus its labels
MAX_CELL = 4_000  # characters: a name, letters, a note; never a document


class TableError(Exception):
    """The file cannot be read as tables; the message says why."""


@dataclass(frozen=True)
class Table:
    """One table of a file: rows of text cells, each with its place."""

    path: Path
    number: int  # 1-based, in the order the file holds them
    rows: tuple[tuple[str, ...], ...]
    lines: tuple[int, ...]  # each row's line in the file, or its row number in the sheet
    columns: tuple[tuple[int, ...], ...]  # each cell's column: a character column, or the sheet's column
    sheet: str | None = None
    cell_lines: tuple[tuple[int, ...], ...] = ()  # each cell's line, where a row spans lines (CSV)
    sheets: tuple[str | None, ...] = ()  # each row's sheet, where the rows come from several (a joined matrix)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def at(self, row: int, col: int) -> str:
        """Where a cell is: ``path:line:column`` in a text file, ``path:Sheet!B7`` in a workbook."""
        cols = self.columns[row]
        sheet = self.sheets[row] if row < len(self.sheets) else self.sheet
        if sheet is not None:
            return f"{self.path.name}:{sheet}!{column_name(col)}{self.lines[row]}"
        column = cols[col] if col < len(cols) else (cols[-1] + 1 if cols else 1)
        lines = self.cell_lines[row] if row < len(self.cell_lines) else ()
        line = lines[col] if col < len(lines) else self.lines[row]
        return f"{self.path.name}:{line}:{column}"

    def where(self) -> str:
        """Where the table starts, in words: 'line 12', 'sheet RACI, row 3'."""
        if self.sheet is not None:
            return f"sheet {self.sheet}, row {self.lines[0]}" if self.lines else f"sheet {self.sheet}"
        return f"line {self.lines[0]}" if self.lines else "its start"


# (line, cells, columns, and the line of each cell where a quoted cell spans lines; else empty)
Row = tuple[int, list[str], list[int], list[int]]


def read_tables(path: Path) -> list[Table]:
    """Every table of the file, in order; a file that holds none is an error saying why."""
    suffix = path.suffix.lower()
    try:
        if path.stat().st_size > MAX_BYTES:
            raise TableError(f"{path} is larger than {MAX_BYTES >> 20} MiB")
        if suffix == ".xlsx":
            return _tables(path, _xlsx(path))
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise TableError(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        how = "save it as UTF-8" if suffix in (".md", ".markdown") else "save the spreadsheet as CSV UTF-8, or as .xlsx"
        raise TableError(f"{path}:{line}: not UTF-8 text ({how})") from None
    if suffix in (".md", ".markdown"):
        blocks = [(None, rows) for rows in _markdown(text, path)]
        if not blocks:
            raise TableError(f"{path} holds no Markdown table (rows of cells between '|')")
        return _tables(path, blocks)
    if suffix in (".csv", ".tsv", ".txt"):
        return _tables(path, [(None, rows) for rows in _blocks(_csv(text, path, tab=suffix == ".tsv"))])
    raise TableError(f"{path}: charter reads RACI matrices from .csv, .tsv, .xlsx and .md files")


def _tables(path: Path, blocks: Sequence[tuple[str | None, list[Row]]]) -> list[Table]:
    tables: list[Table] = []
    for sheet, rows in blocks:
        if not rows:
            continue
        _check_cells(path, rows, sheet)
        tables.append(
            Table(
                path,
                len(tables) + 1,
                tuple(tuple(cells) for _, cells, _, _ in rows),
                tuple(line for line, _, _, _ in rows),
                tuple(tuple(cols) for _, _, cols, _ in rows),
                sheet,
                tuple(tuple(lines) for _, _, _, lines in rows),
            )
        )
    if not tables:
        raise TableError(f"{path} holds no table: every row is empty")
    return tables


def _check_cells(path: Path, rows: list[Row], sheet: str | None) -> None:
    cells = sum(len(cells) for _, cells, _, _ in rows)
    if cells > MAX_CELLS:
        width = max(len(cells) for _, cells, _, _ in rows)
        where = f"{path}" + (f" ({sheet})" if sheet else "") + f":{rows[0][0]}"
        raise TableError(
            f"{where}: a table of {len(rows):,} rows by {width} columns ({cells:,} cells); charter imports a matrix "
            f"of at most {MAX_CELLS:,} cells, one promise at a time: split it"
        )


def _blocks(rows: list[Row]) -> list[list[Row]]:
    """Rows split at empty rows: a spreadsheet puts its legend, title and notes in blocks of their
    own. Which blocks make up the matrix, the import decides."""
    blocks: list[list[Row]] = [[]]
    for row in rows:
        if any(cell.strip() for cell in row[1]):
            blocks[-1].append(row)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


# --- CSV ----------------------------------------------------------------------------------------


def _csv(text: str, path: Path, *, tab: bool) -> list[Row]:
    if tab:
        delimiter = "\t"
    else:
        try:
            delimiter = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|").delimiter
        except csv.Error:  # lines of different shapes: a title, a note, blocks of a matrix
            delimiter = _most_cells(text[:65536])
    # strict: a quote that never closes is an error on its line, not the rest of the file in one cell
    _count_cells(text, delimiter, path)  # before the positions of every cell are worked out
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    starts = _field_starts(text, delimiter)
    rows: list[Row] = []
    line = 1
    try:
        for record in reader:
            if len(rows) >= MAX_ROWS:
                raise TableError(f"{path}:{line}: more than {MAX_ROWS:,} rows; charter reads a matrix of at most that")
            if len(record) > MAX_COLUMNS:
                raise TableError(f"{path}:{line}: {len(record)} columns; charter reads at most {MAX_COLUMNS}")
            found = starts.get(line, [])
            if len(found) != len(record):  # the scan and the reader disagree: count cells instead
                found = [(line, n) for n in range(1, len(record) + 1)]
            cols = [col + len(value) - len(value.lstrip(" ")) for (_, col), value in zip(found, record, strict=True)]
            lines = [at for at, _ in found] if any(at != line for at, _ in found) else []
            rows.append((line, [_capped(c, f"{path}:{line}") for c in record], cols, lines))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise TableError(
            f"{path}:{line}: a cell's quotes do not close where the cell ends ({exc}); a quote inside a "
            'quoted cell is written twice ("")'
        ) from None
    return rows


def _most_cells(sample: str) -> str:
    """The delimiter where the sniffer cannot tell (a title line with no delimiter above a
    semicolon-separated matrix): the one under which the most lines have the same number of cells,
    two or more ("Matriz RACI, Compras 2024" splits one line in two with ',', not the matrix)."""
    from collections import Counter

    def shape(delimiter: str) -> tuple[int, int]:
        with contextlib.suppress(csv.Error):
            widths = Counter(len(r) for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))
            rows, width = max(((n, w) for w, n in widths.items() if w > 1), default=(0, 0))
            return rows, width
        return 0, 0

    return max(",;\t|", key=shape)


def _count_cells(text: str, delimiter: str, path: Path) -> None:
    """Refuse a table of more than MAX_CELLS cells on the C reader's count alone."""
    cells = 0
    with contextlib.suppress(csv.Error):  # the reading proper says where the file is broken
        for number, record in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
            cells += len(record)
            if cells > MAX_CELLS:
                raise TableError(
                    f"{path}: more than {MAX_CELLS:,} cells by row {number}; charter imports a matrix of at "
                    "most that, one promise at a time: split it"
                )


def _field_starts(text: str, delimiter: str) -> dict[int, list[tuple[int, int]]]:
    """The column where each field starts, by the line its record starts on. Only positions:
    the values come from the csv module, which also knows the dialect's escapes."""
    starts: dict[int, list[tuple[int, int]]] = {}
    line, col, i, n = 1, 1, 0, len(text)
    while i < n:
        record_line, fields = line, [(line, col)]
        quoted = False
        at_field_start = True
        while i < n:
            ch = text[i]
            if quoted:
                if ch == '"':
                    if i + 1 < n and text[i + 1] == '"':
                        i, col = i + 2, col + 2
                        continue
                    quoted = False
            elif ch == '"' and at_field_start:
                quoted = True
            elif ch == delimiter:
                i, col = i + 1, col + 1
                fields.append((line, col))
                at_field_start = True
                continue
            elif ch in "\r\n":
                break
            if ch in "\r\n":  # a line break inside quotes
                i += 2 if ch == "\r" and text[i + 1 : i + 2] == "\n" else 1
                line, col = line + 1, 1
            else:
                i, col = i + 1, col + 1
            at_field_start = False
        if i < n:
            i += 2 if text[i] == "\r" and text[i + 1 : i + 2] == "\n" else 1
        starts[record_line] = fields
        line, col = line + 1, 1
    return starts


def _capped(text: str, where: str) -> str:
    if len(text) > MAX_CELL:
        raise TableError(f"{where}: a cell of {len(text):,} characters; a matrix cell holds at most {MAX_CELL:,}")
    return text


# --- Markdown -----------------------------------------------------------------------------------

_DELIMITER_ROW = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


def _markdown(text: str, path: Path) -> list[list[Row]]:
    """Pipe tables (GitHub's): rows between '|', a delimiter row under the header. Lines that
    start with '|' count even without a delimiter row; fenced code is skipped."""
    lines = text.splitlines()
    tables: list[list[Row]] = []
    current: list[Row] | None = None
    fence = ""
    for index, line in enumerate(lines):
        number = index + 1
        match = _FENCE.match(line)
        if fence:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = ""
            continue
        if match:
            fence, current = match.group(1), None
            continue
        if _DELIMITER_ROW.match(line) and "-" in line and (current is not None or (index and "|" in lines[index - 1])):
            continue  # the delimiter row under the header
        following = lines[index + 1] if index + 1 < len(lines) else ""
        is_row = line.lstrip().startswith("|") or (
            "|" in line and (current is not None or (_DELIMITER_ROW.match(following) and "-" in following))
        )
        if not is_row or not line.strip():
            current = None
            continue
        if current is None:
            current = []
            tables.append(current)
        cells, cols = _split(line)
        if len(current) >= MAX_ROWS or len(cells) > MAX_COLUMNS:
            raise TableError(f"{path}:{number}: a table larger than {MAX_ROWS:,} rows or {MAX_COLUMNS} columns")
        current.append((number, [_capped(c, f"{path}:{number}") for c in cells], cols, []))
    return tables


def _split(line: str) -> tuple[list[str], list[int]]:
    """A table row's cells and the column each starts at (its first non-space character)."""
    bounds: list[tuple[int, int]] = []
    i = len(line) - len(line.lstrip())
    if line[i : i + 1] == "|":
        i += 1
    begin = i
    while i < len(line):
        if line[i] == "\\":
            i += 2
            continue
        if line[i] == "|":
            bounds.append((begin, i))
            begin = i + 1
        i += 1
    if line[begin:].strip():
        bounds.append((begin, len(line)))
    cells, cols = [], []
    for start, end in bounds:
        raw = line[start:end]
        cells.append(raw.strip().replace("\\|", "|"))
        cols.append(start + len(raw) - len(raw.lstrip()) + 1)
    return cells, cols


_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)[\s#]*$")


def heading_before(table: Table) -> tuple[int, str] | None:
    """The Markdown heading nearest above a table, with nothing but text between them (no other
    table): the name of the part of the document the table is in ("## Phase 2 — Build"), and its line."""
    if table.path.suffix.lower() not in (".md", ".markdown") or not table.lines:
        return None
    lines = table.path.read_text(encoding="utf-8-sig").splitlines()
    for number in range(table.lines[0] - 1, 0, -1):
        line = lines[number - 1]
        if line.lstrip().startswith("|"):
            return None
        found = _HEADING.match(line)
        if found and found.group(1).strip():
            return number, found.group(1).strip()
    return None


def text_after(path: Path, table: Table) -> Iterator[tuple[int, str]]:
    """The lines after a Markdown table up to the next heading or table: where its notes are."""
    if path.suffix.lower() not in (".md", ".markdown") or not table.lines:
        return
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    for number in range(table.lines[-1] + 1, min(len(lines), table.lines[-1] + 40) + 1):
        line = lines[number - 1]
        if line.lstrip().startswith(("#", "|")):
            return
        if line.strip():
            yield number, line.strip()


# --- XLSX ---------------------------------------------------------------------------------------


def _xlsx(path: Path) -> list[tuple[str | None, list[Row]]]:
    try:
        with zipfile.ZipFile(path) as book:
            unpacked = sum(info.file_size for info in book.infolist())
    except (zipfile.BadZipFile, OSError):
        raise TableError(f"{path} is not an .xlsx workbook (it is not a zip archive)") from None
    if unpacked > MAX_UNPACKED:
        raise TableError(
            f"{path} unpacks to {unpacked >> 20} MiB; a matrix's workbook unpacks to at most {MAX_UNPACKED >> 20} MiB"
        )
    _no_doctype(path)
    try:
        return list(_sheets(path))
    except TableError:
        raise
    except Exception as exc:  # openpyxl raises any kind of exception for a broken file
        detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise TableError(f"{path} is not a readable .xlsx workbook ({detail})") from None


def _no_doctype(path: Path) -> None:
    """Spreadsheet programs never write a DOCTYPE; one in a workbook declares entities, the way
    to a billion-laughs expansion or to reading the machine's files. defusedxml refuses them
    too, but openpyxl reports that as 'could not read worksheets': this says what it is."""
    try:
        with zipfile.ZipFile(path) as book:
            for info in book.infolist():
                if info.filename.endswith((".xml", ".rels")):
                    with book.open(info) as member:
                        head = member.read(4096)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise TableError(
                            f"{path}: {info.filename} declares XML entities (a DOCTYPE), which no spreadsheet "
                            "program writes; refused as unsafe"
                        )
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise TableError(f"{path} is not a readable .xlsx workbook ({exc})") from None
    except zlib.error as exc:
        raise TableError(f"{path} is not a readable .xlsx workbook (damaged: {exc})") from None


def _sheets(path: Path) -> Iterator[tuple[str | None, list[Row]]]:
    import openpyxl
    from openpyxl.worksheet._reader import WorkSheetParser

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for sheet in book.worksheets:
            rows: list[Row] = []
            with sheet._get_source() as source:  # type: ignore[attr-defined]
                parser = WorkSheetParser(
                    source,
                    sheet._shared_strings,  # type: ignore[attr-defined]
                    data_only=True,
                    epoch=book.epoch,
                    date_formats=book._date_formats,  # type: ignore[attr-defined]
                    timedelta_formats=book._timedelta_formats,  # type: ignore[attr-defined]
                )
                for number, cells in parser.parse():
                    if number > MAX_ROWS:
                        raise TableError(
                            f"{path}: {sheet.title}!A{number} is beyond row {MAX_ROWS:,}; "
                            "charter reads a matrix of at most that"
                        )
                    values: dict[int, str] = {}
                    for cell in cells:
                        col = int(cell["column"])
                        ref = f"{sheet.title}!{column_name(col - 1)}{number}"
                        if col > MAX_COLUMNS:
                            raise TableError(f"{path}: {ref} is beyond column {column_name(MAX_COLUMNS - 1)}")
                        if cell["value"] is not None:
                            values[col - 1] = _capped(_display(cell["value"]), f"{path}: {ref}")
                    if rows and number > rows[-1][0] + 1:  # rows a sheet leaves out are empty rows
                        rows.append((rows[-1][0] + 1, [], [], []))
                    width = max(values, default=-1) + 1
                    rows.append((number, [values.get(c, "") for c in range(width)], list(range(width)), []))
            for block in _blocks(rows):
                yield sheet.title, block
    finally:
        book.close()


def _display(value: object) -> str:
    """A cell's value as the sheet shows it, near enough for names and letters: a date as a
    date, not the number a workbook keeps it as."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, datetime.date | datetime.time | datetime.datetime):
        return value.isoformat()
    return str(value)
