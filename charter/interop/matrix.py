"""Which table of a file is the RACI matrix, which way round it is, and what each cell says.

Real matrices come in three layouts:

* activities down the first column, roles across the header, letters in the cells (the most
  common);
* roles down the first column, activities across the header;
* letters across: a column per letter (``R | A | C | I`` or ``Responsible | Accountable …``)
  with the names of roles in the cells, several to a cell (``Sales, Finance``).

A file may hold several tables: a legend of the letters, the matrix, a table of contacts. Each
table is read in every layout that fits it and scored by how many of its cells read as letters
of the scheme; the best one is the matrix, and every other table is reported with why it is not.

What a cell says besides its letters (a footnote mark, letters typed in another alphabet, names
split on a guess) travels with its mark as a :class:`CellNote` of a :class:`NoteKind`, for the
import to say in its report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import Enum

from charter.core.words import count
from charter.interop.names import clean, slug
from charter.interop.tables import Table
from charter.render.spreadsheet import column_name
from charter.schema.schemes import Scheme

EMPTY = frozenset(("", "-", "—", "–", "n/a", "na", "none", ".", "x-", "/"))
FOOTNOTE = re.compile(r"(\[\d+\]|\^\d+|[*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰]+)$")
CONDITION = re.compile(r"\(([^)]*)\)")
# "Research Development Officer (RDO)", "Responsabile del procedimento (RdP)": part of a name.
ABBREVIATION = re.compile(r"(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Za-z&]{1,5}")
# An ending in parentheses glued to a word, for both genders or the plural: "Arquiteto(a)",
# "Gerente(s)", "Ingenieur(in)", "Analista(s) de TI": part of the name, never a condition.
ENDING = re.compile(r"(?<=[^\W\d_])\((a|as|o|os|e|es|s|i|in|innen|r|er|n|en|ne|fe|se|rice|trice|euse|x|@)\)", re.I)
FOOTNOTE_LINE = re.compile(r"^(\\?\*+|[†‡§]+|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\[\d+\]|\^\d+|\(\d+\))\s*:?\s*(\S.*)$")
NOTE_LINE = re.compile(r"^(notes?|nb|n\.b\.|remarks?)\s*[:.-]\s*(\S.*)$", re.I)
# Cyrillic and Greek capitals that look like Latin ones: "А" typed on a Russian keyboard is the A
# the author meant, and is read as it, with a line in the report.
LOOKALIKES = str.maketrans("АВСЕНІКМОРТХасеорхіΑΒΕΙΚΜΝΟΡΤΧ", "ABCEHIKMOPTXaceopxiABEIKMNOPTX")
SEPARATORS = frozenset(",;\n·•")
# What people put between the letters of one cell: "R/A", "R, A", "R+A", "R & A", "R·A", "R • A",
# "A-R", "R–A", "R; A", "R|A" (a letter's footnote mark stays with it: "R*").
LETTER_TOKEN = re.compile(r"[^\s/\\,;+&|·•∙⋅・‧:‐‑‒–—-]+")
# Between two names, or in one: "Patient & Carer", "Profesor(a) y Coordinador(a)" (another
# language's "and": two roles only when each is named on its own somewhere).
JOINERS = re.compile(r"\s*[/&+]\s*|\s+(?:y|e|und|et|и|en|och|og)\s+", re.I)
AND = re.compile(r"\s+and\s+", re.I)

NAME_HEADERS = re.compile(
    r"^(#\s*)?(step|steps|activity|activities|task|tasks|deliverable|deliverables|decision|decisions|"
    r"what|process|processes|action|actions|work|item|items|milestone|milestones)$",
    re.I,
)
NAME_WORDS = re.compile(
    r"\b(steps?|activit(y|ies)|tasks?|deliverables?|decisions?|process(es)?|actions?|milestones?)\b", re.I
)
ROLE_WORDS = re.compile(r"\b(roles?|who|teams?|functions?|positions?|stakeholders?)\b", re.I)
ID_HEADERS = re.compile(r"^(step[ _-]?id|id|key|ref|#|no\.?|number)$", re.I)


class NoteKind(Enum):
    """What a cell says besides its letters, that the import's report speaks of."""

    FOOTNOTE = "footnote"  # a footnote mark on the letters: '*', '¹', '[2]'
    LOOKALIKE = "lookalike"  # letters typed in another alphabet ('А', Cyrillic), read as the Latin ones
    SPLIT = "split"  # letters across: a cell's name read as several roles on a guess ('Legal and Ops')


@dataclass(frozen=True)
class CellNote:
    """One thing a cell says besides its letters: the mark, the letters as typed, or the names as
    written (the cell's place is its mark's)."""

    kind: NoteKind
    text: str


@dataclass
class Mark:
    """One role's letters in one activity, from one cell (or, letters across, one name)."""

    role: str  # the role's name as the header or the cell gives it, clean
    text: str  # the cell as written
    row: int  # where, in the source table
    col: int
    keys: list[str]
    conditions: list[str]
    notes: list[CellNote]  # in the order the cell gives them
    problem: str | None  # what could not be read as letters


@dataclass
class Activity:
    row: int
    name: str
    name_col: int
    given_id: str
    marks: list[Mark]
    strays: list[tuple[int, int, str]]  # (row, column, text) of cells under no heading
    details: list[tuple[str, str]] = field(default_factory=list)  # (heading, text) of its label columns


@dataclass
class Reading:
    """A table read as a matrix: its activities, the roles it names, and how it was read."""

    table: Table
    layout: str
    why: str
    roles: dict[str, str]  # a role's name in the table → its column header text (for stubs)
    activities: list[Activity]
    labels: list[tuple[int, int, str]]  # headings of columns read as labels: (row, column, heading)
    titles: list[tuple[int, str]]  # rows above the header: (row, text)
    footnotes: dict[str, str] = field(default_factory=dict)  # mark → text
    notes: list[tuple[str, str]] = field(default_factory=list)  # (where, text) below the table
    letter_cells: int = 0
    step_ids: bool = False  # a column gives the steps' ids, as charter's own export does
    headings: list[tuple[int, int, str]] = field(default_factory=list)  # each role's heading: row, column, text
    over: list[tuple[int, str]] = field(default_factory=list)  # a row of headings above the roles'
    heading_row: int = 0  # the row of the table that heads its columns
    joined: tuple[int, ...] = ()  # the tables read as this one matrix, each under the same heading row

    @property
    def score(self) -> int:
        return self.letter_cells


@dataclass(frozen=True)
class Rejected:
    table: Table
    reason: str


def parse_cell(text: str, scheme: Scheme) -> tuple[list[str], list[str], str | None]:
    """(scheme keys, conditions, what could not be read) for one cell."""
    keys, conditions, _footnotes, problem = read_letters(text, scheme)
    return keys, conditions, problem


def read_letters(
    text: str, scheme: Scheme, *, qualified: bool = False
) -> tuple[list[str], list[str], list[CellNote], str | None]:
    """(scheme keys, conditions, what else the cell says, what could not be read) for one cell.
    ``qualified``: a role's cell, whose words after its letters qualify them ("A parcial"); when
    telling which columns hold letters, such a cell is words too (an activity named "A new hire")."""
    value = " ".join(clean(text).split())
    conditions = [c.strip() for c in CONDITION.findall(value) if c.strip()]
    value = CONDITION.sub(" ", value).strip()
    notes: list[CellNote] = []
    mark = FOOTNOTE.search(value)
    if mark and mark.start() > 0:
        notes.append(CellNote(NoteKind.FOOTNOTE, mark.group(1)))
        value = value[: mark.start()].strip()
    if value.lower() in EMPTY:
        return [], conditions, notes, None
    if SHEET_ERROR.fullmatch(value):
        return [], conditions, [], f"{value} (a spreadsheet error)"
    tokens = _tokens(value, scheme, notes)
    keys = list(dict.fromkeys(key for _piece, found in tokens for key in found or ()))
    words = [piece for piece, found in tokens if found is None]
    if any(word.group(0).casefold() in NEGATIONS for word in words):
        return [], conditions, notes, value  # "not A", "no C": the opposite of a letter, for a person to settle
    if not words:
        return keys, conditions, notes, None
    qualifier = _qualifier(value, tokens) if qualified and keys else None
    if qualifier is not None:
        conditions.append(qualifier)
        return keys, conditions, notes, None
    return keys, conditions, notes, " ".join(m.group(0) for m in words)


# Words that join two letters in a cell, as "and" does: "R e A" (Portuguese), "R y A", "R und A".
JOINING = frozenset(("and", "e", "y", "und", "et", "en", "и", "och", "og", "i", "ve", "und/oder"))
# Words that turn a letter into its opposite: such a cell is reported, never read as the letter.
NEGATIONS = frozenset(
    ("not", "no", "never", "nicht", "kein", "keine", "nie", "não", "nao", "non", "ne", "pas", "nunca", "jamais",
     "mai", "niet", "geen", "nej", "ikke", "ei", "не", "нет", "ні")
)  # fmt: skip
Token = tuple[re.Match[str], list[str] | None]  # a piece of a cell, and its letters' keys (None: a word)


def _tokens(value: str, scheme: Scheme, notes: list[CellNote]) -> list[Token]:
    """The cell's pieces between separators, each read as letters or left a word; a joining word
    between two letters is dropped ("R e A"), and a footnote mark or a look-alike letter is
    added to ``notes``."""
    by_letter = {letter.letter.upper(): letter.key for letter in scheme.letters}
    tokens: list[Token] = []
    for piece in LETTER_TOKEN.finditer(value):
        raw = piece.group(0)
        found = FOOTNOTE.search(raw)
        token = raw[: found.start()] if found and found.start() > 0 else raw
        if found and found.start() > 0 and CellNote(NoteKind.FOOTNOTE, found.group(1)) not in notes:
            notes.append(CellNote(NoteKind.FOOTNOTE, found.group(1)))
        if not token:
            continue
        latin = token.translate(LOOKALIKES)
        if latin != token and all(ch.upper() in by_letter for ch in latin):
            notes.append(CellNote(NoteKind.LOOKALIKE, token))  # the caller says what was read as what
            token = latin
        lettered = all(ch.upper() in by_letter for ch in token) and len(token) <= len(by_letter)
        tokens.append((piece, [by_letter[ch.upper()] for ch in token] if lettered else None))
    # Among words, a letter is written in capitals: in "C a pedido" and "A ir" the lower-case "a"
    # and "ir" are words; "r/a" (all lower case) and "R/a" (no word) are letters.
    if any(found is not None and piece.group(0).isupper() for piece, found in tokens):
        tokens = [(p, None if p.group(0).islower() and len(p.group(0)) > 1 else f) for p, f in tokens]
    if any(found is None and sum(ch.isalpha() for ch in piece.group(0)) > 1 for piece, found in tokens):
        tokens = [(piece, None if piece.group(0).islower() else found) for piece, found in tokens]
    return [token for i, token in enumerate(tokens) if not _joins(tokens, i)]


def _joins(tokens: list[Token], i: int) -> bool:
    """Whether token ``i`` is a word for "and" between two letters in capitals: "R e A", and
    "R i A" (Polish), where the lower-case "i" is not the letter I."""
    if not 0 < i < len(tokens) - 1 or tokens[i][0].group(0).casefold() not in JOINING:
        return False
    if tokens[i][1] is not None and not tokens[i][0].group(0).islower():
        return False
    return all(tokens[j][1] is not None and tokens[j][0].group(0).isupper() for j in (i - 1, i + 1))


def _qualifier(value: str, tokens: list[Token]) -> str | None:
    """The words of a role's cell that qualify its letters — "A parcial", "optional C", "I if
    NEWS2 ≥ 5", "C ab 50.000 €" — as typed; None when the cell is not letters and such words:
    the letters not together at one end, or a word that is a letter mistyped ("S", "RS")."""
    lettered = [i for i, (_piece, found) in enumerate(tokens) if found is not None]
    together = lettered == list(range(lettered[0], lettered[-1] + 1))
    if not together or (lettered[0] != 0 and lettered[-1] != len(tokens) - 1):
        return None
    words = [piece.group(0) for piece, found in tokens if found is None]
    if not any(sum(ch.isalpha() for ch in word) >= 2 for word in words):  # a word, not a mark
        return None
    if any(_letter_like(word) for word in words if any(ch.isalpha() for ch in word)):
        return None
    spans = [piece for piece, found in tokens if found is None]
    return value[spans[0].start() : spans[-1].end()].strip(" -–—:;,")


def _letter_like(token: str) -> bool:
    """A token that is an attempt at a letter, not a word: "S", "X", "RS" (but "se", "w", "if")."""
    return token.isupper() and token.isalpha() and len(token) <= 3


def is_letters(text: str, scheme: Scheme) -> bool:
    keys, _conditions, problem = parse_cell(text, scheme)
    return bool(keys) and problem is None


def letter_heading(text: str, scheme: Scheme) -> str | None:
    """The scheme key a column heading names: 'R', 'Responsible', 'R - Responsible',
    'Accountable (A)', 'A = Approver'."""
    value = clean(text).casefold().strip(" :.*")
    for letter in scheme.letters:
        one, word = letter.letter.casefold(), letter.label.casefold()
        if value in (one, word, letter.key.replace("_", " ")):
            return letter.key
        if re.fullmatch(rf"{re.escape(one)}\s*[-=:–—(]\s*{re.escape(word)}\)?(\s.*)?", value):
            return letter.key
        if re.fullmatch(rf"{re.escape(word)}\s*[(\[]{re.escape(one)}[)\]]", value):
            return letter.key
        if value.startswith(word + " ") and len(value) < 60:  # "Responsible (does the work)"
            return letter.key
    # In another language, the letter in brackets after the word: "Responsable (R)", "Aprueba (A)".
    found = re.fullmatch(r"[^\W\d_][^()\[\]]{1,40}?\s*[(\[]\s*([^\W\d_])\s*[)\]]", value)
    if found:
        by_letter = {letter.letter.casefold(): letter.key for letter in scheme.letters}
        return by_letter.get(found.group(1))
    return None


def _is_legend(grid: list[list[str]], cells: list[str], scheme: Scheme) -> bool:
    """A table that spells out the letters: 'R = Responsible' cells, or a narrow table pairing
    each letter with its word ('R | Responsible: does the work')."""
    if len(grid) > len(scheme.letters) + 4:
        return False
    below = [c for row in grid[1:] for c in row if c.strip()] if len(grid) > 1 else cells
    if sum(len(LEGEND_PAIR.findall(clean(c))) for c in below) >= 2:  # not "R - Responsible" headings
        return True
    letters = {letter.letter for letter in scheme.letters}
    alone = sum(1 for c in cells if clean(c).strip(" *") in letters)
    return max(len(r) for r in grid) <= 3 and alone >= 2 and mentions_letters(cells, scheme) >= 2


def mentions_letters(cells: list[str], scheme: Scheme) -> int:
    """How many of the scheme's letter words the cells name: a legend names them all."""
    text = " ".join(clean(c).casefold() for c in cells)
    return sum(1 for letter in scheme.letters if re.search(rf"\b{re.escape(letter.label.casefold())}\b", text))


# --- reading one table ------------------------------------------------------------------------


def read(table: Table, scheme: Scheme, known: dict[str, str]) -> Reading | Rejected:
    """The table read in the layout that fits it, or why it is no matrix."""
    width = table.width
    grid = [[*row, *([""] * (width - len(row)))] for row in table.rows]
    filled = [sum(1 for c in row if c.strip()) for row in grid]
    everything = [c for row in grid for c in row if c.strip()]
    if _is_legend(grid, everything, scheme):
        letters = ", ".join(letter.letter for letter in scheme.letters)
        return Rejected(table, f"a legend of the letters ({letters}), not a matrix")
    if len(everything) == 1:
        return Rejected(table, f"one line of text ('{clean(everything[0])[:60]}'), not a matrix")
    if width < 2 or max(filled, default=0) < 2:
        return Rejected(table, "one column: a list, not a matrix")
    # Rows above the header with one cell filled: the table's title ("RACI — Project X").
    start = 0
    while start < len(grid) - 1 and filled[start] <= 1:
        start += 1
    titles = [(r, next((c for c in grid[r] if c.strip()), "")) for r in range(start)]
    over: list[tuple[int, str]] = []
    if start + 2 < len(grid) and _second_heading_row(grid[start], grid[start + 1], scheme):
        # "Activity | Roles |  |" over " | Sales | Finance | Legal": the second row names the
        # roles; the first only groups them.
        over.append((start, "; ".join(clean(c) for c in grid[start] if c.strip())))
        top, second = grid[start], grid[start + 1]
        grid[start + 1] = [second[i] if second[i].strip() else top[i] for i in range(width)]
        filled[start + 1] = sum(1 for c in grid[start + 1] if c.strip())
        start += 1
    # One-cell rows at the foot that read as footnotes ("* only for P1") or notes ("Note: …").
    # Rows at the foot with one cell filled (a footnote "* only for P1", "Note: …", a date) or
    # spelling out the letters ("R = Durchführung; A = Verantwortung") are notes, not activities.
    end = len(grid)
    foot: list[tuple[int, str]] = []
    while end > start + 2 and (filled[end - 1] <= 1 or _legend_row(grid[end - 1])):
        end -= 1
        foot.insert(0, (end, "; ".join(clean(c) for c in grid[end] if c.strip())))
    body = grid[start + 1 : end]
    rows = list(range(start + 1, end))
    if not body:
        return Rejected(table, "a header and no rows")
    across = _letters_across(table, grid[:end], start, scheme, known)
    reading = across if across is not None else _roles_and_activities(table, grid, start, rows, scheme, known)
    if isinstance(reading, Reading):
        reading.titles = titles
        reading.over = over
        reading.heading_row = start
        for r, text in foot:
            footnote(reading, table.at(r, 0), text)
    return reading


SHEET_ERROR = re.compile(r"#(N/A|REF!|VALUE!|DIV/0!|NAME\?|NULL!|NUM!|SPILL!|CALC!|GETTING_DATA)", re.I)
LEGEND_PAIR = re.compile(r"(?:^|[\s;,(])[A-Z]\s*[=:–—]\s*[^\W\d_]")  # "R = Responsible; A = Accountable"
LEGEND_CELL = re.compile(r"^(\w+\s*:\s*)?[A-Z]\s*[=:–—-]\s*\w")


def names_something(heading: str) -> bool:
    """A heading with a word in it: not empty, not only a footnote mark or an emoji."""
    return bool(re.search(r"[^\W_]", FOOTNOTE.sub("", clean(heading))))


def _second_heading_row(top: list[str], second: list[str], scheme: Scheme) -> bool:
    filled = [c for c in second if c.strip()]
    return (
        not second[0].strip()
        and len(filled) >= 2
        and not any(is_letters(c, scheme) for c in filled)
        and any(not top[i].strip() and second[i].strip() for i in range(1, len(top)))
    )


def _legend_row(row: list[str]) -> bool:
    return sum(1 for c in row if LEGEND_CELL.match(clean(c))) >= 2


def footnote(reading: Reading, where: str, text: str) -> None:
    """A line below the matrix: a footnote its cells point to ('* only for P1'), or a note."""
    match = FOOTNOTE_LINE.match(text)
    if match:
        reading.footnotes[match.group(1).lstrip("\\")] = match.group(2).strip()
    reading.notes.append((where, text))


def _letters_across(
    table: Table, grid: list[list[str]], start: int, scheme: Scheme, known: dict[str, str]
) -> Reading | Rejected | None:
    header = grid[start]
    columns = {i: key for i, h in enumerate(header) if i > 0 and (key := letter_heading(h, scheme)) is not None}
    if len(set(columns.values())) < 2 or len(columns) != len(set(columns.values())):
        return None
    cells = [row[i] for row in grid[start + 1 :] for i in columns if clean(row[i]).lower() not in EMPTY]
    names = [c for c in cells if parse_cell(c, scheme)[2] is not None]
    if len(names) < len(cells) / 2:
        return None  # letters under letters: no header of roles, which the other layouts say
    labels = [i for i in range(len(header)) if i not in columns]
    name_col, id_col = _name_and_id(header, labels, grid[start + 1 :])
    rows = _AcrossRows(header, columns, labels, name_col, id_col, _named_alone(grid[start + 1 :], columns), known)
    activities = [rows.activity(r, grid[r]) for r in range(start + 1, len(grid))]
    headed = ", ".join(f"{column_name(i)} {clean(header[i])}" for i in columns)
    return Reading(
        table,
        "letters across, roles named in the cells",
        f"the columns {headed} are letters of {scheme.name}, and {len(names)} of {len(cells)} filled cells below "
        "them name roles",
        rows.roles,
        activities,
        [(start, i, header[i]) for i in labels if i not in (name_col, id_col) and header[i].strip()],
        [],
        letter_cells=len(names),
    )


def _named_alone(rows: list[list[str]], columns: dict[int, str]) -> set[str]:
    """The names a letter's column holds on their own: "Legal/Finance" is two roles when each is
    named on its own somewhere; "BI/Finance analyst" and "Patient & Carer" are one role's name."""
    return {
        _bare(part).casefold()
        for row in rows
        for i in columns
        for part in _parts(row[i])
        if not JOINERS.search(_bare(part))
    }


@dataclass
class _AcrossRows:
    """Letters across, one row at a time: each name in a letter's column is a mark of that letter."""

    header: list[str]
    columns: dict[int, str]  # column → the scheme key it is headed with
    labels: list[int]  # the other columns: the activity's name, its id, its details
    name_col: int
    id_col: int | None
    alone: set[str]  # names written on their own (see _named_alone)
    known: dict[str, str]
    roles: dict[str, str] = field(default_factory=dict)  # every role named, in the order met

    def activity(self, r: int, row: list[str]) -> Activity:
        header, kept = self.header, (self.name_col, self.id_col)
        strays = [(r, i, row[i]) for i in self.labels if i not in kept and row[i].strip() and not header[i].strip()]
        marks = [mark for i, key in self.columns.items() for mark in self.marks(r, i, key, row[i])]
        given = clean(row[self.id_col]) if self.id_col is not None else ""
        details = _details(header, row, self.labels, kept)
        return Activity(r, clean(row[self.name_col]), self.name_col, given, marks, strays, details)

    def marks(self, r: int, i: int, key: str, cell: str) -> list[Mark]:
        """One cell's marks: a name each, with the conditions written after it."""
        if SHEET_ERROR.fullmatch(clean(cell)):
            return [Mark("", cell, r, i, [], [], [], f"{clean(cell)} (a spreadsheet error)")]
        marks = []
        for part in _parts(cell):
            conditions = [
                m.group(1).strip()
                for m in CONDITION.finditer(part)
                if m.group(1).strip() and not ABBREVIATION.fullmatch(m.group(1)) and not _is_ending(part, m)
            ]
            pieces = _names(_bare(part), self.alone, self.known)
            guessed = len(pieces) > 1 and not all(self.named(p) for p in pieces)
            for piece in pieces:
                found = FOOTNOTE.search(piece)
                notes = [CellNote(NoteKind.FOOTNOTE, found.group(1))] if found and found.start() > 0 else []
                role_name = piece[: found.start()].strip() if found and found.start() > 0 else piece
                if role_name.lower() in EMPTY or not re.search(r"\w", role_name):
                    continue
                self.roles.setdefault(role_name, role_name)
                if guessed and piece == pieces[0]:
                    notes.append(CellNote(NoteKind.SPLIT, _bare(part)))  # the caller says it read two roles
                marks.append(Mark(role_name, cell, r, i, [key], conditions, notes, None))
        return marks

    def named(self, name: str) -> bool:
        """Whether a name is a role's for sure: written on its own, or a role charter knows."""
        return name.casefold() in self.alone or name.casefold() in self.known


def _details(
    header: list[str], values: list[str], labels: list[int], kept: tuple[int, int | None]
) -> list[tuple[str, str]]:
    """(heading, text) of an activity's headed label columns but its name and id: its step's detail."""
    return [
        (clean(header[i]), clean(values[i]))
        for i in labels
        if i not in kept and header[i].strip() and values[i].strip()
    ]


def _parts(cell: str) -> list[str]:
    """A letters-across cell split into its names, each with its own conditions: on line breaks,
    ',', ';' and '·', never inside parentheses ("Finance (over $5k, urgent), Sales")."""
    parts, depth, current = [], 0, ""
    for ch in cell.replace("\r", "\n"):
        depth += (ch == "(") - (ch == ")") if ch in "()" else 0
        if depth <= 0 and ch in SEPARATORS:
            parts.append(current)
            current, depth = "", 0
        else:
            current += ch
    parts.append(current)
    return [clean(p) for p in parts if clean(p)]


def _bare(part: str) -> str:
    """A name without its conditions; an abbreviation or an ending in parentheses is part of it."""
    kept = CONDITION.sub(
        lambda m: m.group(0) if ABBREVIATION.fullmatch(m.group(1)) or _is_ending(part, m) else " ", part
    )
    return " ".join(kept.split())


def _is_ending(text: str, match: re.Match[str]) -> bool:
    """Whether the parentheses ``match`` found in ``text`` hold a word's ending ("Arquiteto(a)")."""
    return ENDING.match(text, match.start()) is not None


def _names(value: str, alone: set[str], known: dict[str, str]) -> list[str]:
    """Two roles or one: "Legal/Finance" and "Patient & Carer" are two when each is named on its
    own somewhere (or is a role charter knows), else one role's name; "and" joins two roles
    unless the whole is a role charter knows ("Sales and Marketing"), and the caller says when
    it split on a guess."""
    if value.casefold() in known:
        return [value]
    names = []
    for part in AND.split(value):
        pieces = [" ".join(p.split()) for p in JOINERS.split(part)]
        if len(pieces) > 1 and all(p.casefold() in alone or p.casefold() in known for p in pieces if p):
            names += [p for p in pieces if p]
        else:
            names.append(part)
    return names


# Each line of a table turned the way it reads: the (row, column) in the source of each cell.
Lines = list[list[tuple[int, int]]]


def _roles_and_activities(  # noqa: PLR0917 — one table read one way: the pieces it is read from
    table: Table,
    grid: list[list[str]],
    start: int,
    rows: list[int],
    scheme: Scheme,
    known: dict[str, str],
) -> Reading | Rejected:
    oriented, layout, why, skipped = _oriented(grid, start, rows, scheme, known)
    header = [grid[r][c] for r, c in oriented[0]]
    labels = _label_columns(grid, oriented, scheme)
    role_cols = [i for i in range(len(header)) if i not in labels and names_something(header[i])]
    lines = [[grid[r][c] for r, c in line] for line in oriented[1:]]
    counted = _letter_cells(table, header, role_cols, lines, scheme, header_row=oriented[0][0][0])
    if isinstance(counted, Rejected):
        return counted
    readable, filled = counted
    name_col, id_col = _name_and_id(header, labels, lines)
    columns = _Columns(header, labels, role_cols, name_col, id_col)
    return Reading(
        table,
        layout,
        why + f"; {readable} of {filled} filled cells hold letters",
        {clean(header[i]): header[i] for i in role_cols},
        [columns.activity(line, values, scheme) for line, values in zip(oriented[1:], lines, strict=True)],
        [(*oriented[0][i], header[i]) for i in labels if i not in (name_col, id_col) and header[i].strip()]
        + [s for s in skipped if s[2].strip()],
        [],
        letter_cells=readable,
        step_ids=id_col is not None,
        headings=[(*oriented[0][i], header[i]) for i in role_cols],
    )


def _oriented(
    grid: list[list[str]], start: int, rows: list[int], scheme: Scheme, known: dict[str, str]
) -> tuple[Lines, str, str, list[tuple[int, int, str]]]:
    """The table the way round it reads, its layout and why; and, roles down, the leading
    columns that do not name the roles (row, column, heading), which are labels."""
    width = len(grid[start])
    # Both ways round, as (row, col) of the source for each cell of the oriented grid.
    down = [[(r, c) for c in range(width)] for r in [start, *rows]]
    flipped = [[(r, c) for r in [start, *rows]] for c in range(width)]
    oriented, layout, why = _orient(grid, down, flipped, scheme, known)
    if oriented is not flipped:
        return oriented, layout, why, []
    named, skipped = _roles_line(grid, flipped, scheme)
    return named, layout, why, skipped


def _roles_line(grid: list[list[str]], flipped: Lines, scheme: Scheme) -> tuple[Lines, list[tuple[int, int, str]]]:
    """Roles down: of the leading columns without letters (a name, a role, a contact), the one
    filled most names the roles; the others are labels."""
    lead = 0
    while lead < len(flipped) and not any(is_letters(grid[r][c], scheme) for r, c in flipped[lead][1:]):
        lead += 1
    if lead <= 1:
        return flipped, []
    best = max(range(lead), key=lambda i: (sum(1 for r, c in flipped[i][1:] if grid[r][c].strip()), -i))
    skipped = [(*flipped[i][0], grid[flipped[i][0][0]][flipped[i][0][1]]) for i in range(lead) if i != best]
    return [flipped[best], *flipped[lead:]], skipped


def _letter_cells(
    table: Table, header: list[str], role_cols: list[int], lines: list[list[str]], scheme: Scheme, *, header_row: int
) -> tuple[int, int] | Rejected:
    """How many cells under the roles hold letters, of how many filled; or why, for its letters,
    the table is no matrix."""
    letter_headers = [clean(header[i]) for i in role_cols if is_letters(header[i], scheme)]
    if role_cols and len(letter_headers) >= max(2, len(role_cols) / 2):
        return Rejected(
            table,
            f"row {table.lines[header_row]} holds letters ({', '.join(letter_headers[:6])}) where the names of roles "
            "belong: add a header row naming the roles",
        )
    cells = [values[i] for values in lines for i in role_cols]
    filled = [c for c in cells if (found := read_letters(c, scheme))[0] or found[3] is not None]
    readable = [c for c in filled if read_letters(c, scheme)[0]]
    if not readable:
        return Rejected(
            table, f"no cell holds a letter of {scheme.name} ({', '.join(x.letter for x in scheme.letters)})"
        )
    if len(readable) < len(filled) / 2:
        return Rejected(table, f"only {len(readable)} of {len(filled)} filled cells hold letters of {scheme.name}")
    return len(readable), len(filled)


@dataclass(frozen=True)
class _Columns:
    """What each column of a table read activities down (or turned so) holds."""

    header: list[str]
    labels: list[int]  # the activity's name, its id, its details
    role_cols: list[int]  # a role's letters each
    name_col: int
    id_col: int | None

    def activity(self, line: list[tuple[int, int]], values: list[str], scheme: Scheme) -> Activity:
        """One line of the table: its activity, each role's letters, and the cells under no heading."""
        marks = []
        for i in self.role_cols:
            if values[i].strip():
                keys, conditions, notes, problem = read_letters(values[i], scheme, qualified=True)
                r, c = line[i]
                marks.append(Mark(clean(self.header[i]), values[i], r, c, keys, conditions, notes, problem))
        headed = self.labels + self.role_cols
        strays = [(*line[i], values[i]) for i in range(len(values)) if values[i].strip() and i not in headed]
        r0, c0 = line[self.name_col]
        given = clean(values[self.id_col]) if self.id_col is not None else ""
        details = _details(self.header, values, self.labels, (self.name_col, self.id_col))
        return Activity(r0, clean(values[self.name_col]), c0, given, marks, strays, details)


def _orient(
    grid: list[list[str]],
    down: list[list[tuple[int, int]]],
    flipped: list[list[tuple[int, int]]],
    scheme: Scheme,
    known: dict[str, str],
) -> tuple[list[list[tuple[int, int]]], str, str]:
    def text(line: list[tuple[int, int]], i: int) -> str:
        r, c = line[i]
        return grid[r][c]

    roles_across = sum(1 for i in range(1, len(down[0])) if header_role(text(down[0], i), known)[2])
    roles_down = sum(1 for line in down[1:] if header_role(text(line, 0), known)[2])
    activities = "activities down, roles across"
    roles = "roles down, activities across"
    if roles_across != roles_down:
        if roles_across > roles_down:
            return (
                down,
                activities,
                f"{count(roles_across, 'column heading names', 'column headings name')} roles charter knows",
            )
        return flipped, roles, f"{count(roles_down, 'row starts', 'rows start')} with roles charter knows"
    # The headings of the leading columns, before the first that holds letters, say what runs down.
    for i in range(len(down[0])):
        if any(is_letters(text(line, i), scheme) for line in down[1:]):
            break
        heading = clean(text(down[0], i))
        if len(re.findall(r"[^\W\d_]+", heading)) > 3:
            continue  # a name ("Recruit the store team"), not a heading
        # "Role ↓ / Decision →": of the two words a corner may hold, the first runs down.
        role_word, name_word = ROLE_WORDS.search(heading), NAME_WORDS.search(heading)
        if role_word and (not name_word or role_word.start() < name_word.start()):
            return flipped, roles, f"column {column_name(i)} is headed '{heading}'"
        if name_word or NAME_HEADERS.match(heading):
            return down, activities, f"column {column_name(i)} is headed '{heading}'"
    # No roles known yet: one Accountable per activity is the tell-tale.
    share_down = _one_accountable_share([[text(line, i) for i in range(len(line))] for line in down], scheme)
    share_flipped = _one_accountable_share([[text(line, i) for i in range(len(line))] for line in flipped], scheme)
    if share_flipped > share_down:
        return flipped, roles, f"each column has one Accountable ({share_flipped:.0%} of them), not each row"
    return down, activities, f"each row has one Accountable ({share_down:.0%} of them)"


def _one_accountable_share(rows: list[list[str]], scheme: Scheme) -> float:
    owners = {letter.key for letter in scheme.letters if letter.accountable}
    lines = [r[1:] for r in rows[1:] if any(c.strip() for c in r[1:])]
    if not lines:
        return 0.0
    hits = sum(1 for line in lines if sum(1 for cell in line if set(parse_cell(cell, scheme)[0]) & owners) == 1)
    return hits / len(lines)


def _label_columns(grid: list[list[str]], oriented: list[list[tuple[int, int]]], scheme: Scheme) -> list[int]:
    """The leading columns that name activities (and their ids, phases, numbers) rather than
    holding letters: most of their cells are not letters of the scheme. A trailing 'Notes' column
    of free text is a label too."""
    width = len(oriented[0])
    labels = []
    for index in range(width):
        cells = [grid[r][c] for r, c in (line[index] for line in oriented[1:]) if grid[r][c].strip()]
        letters = sum(1 for cell in cells if is_letters(cell, scheme))
        if index == 0 or (cells and letters < len(cells) / 2):
            labels.append(index)
        else:
            break
    for index in range(width - 1, (labels[-1] if labels else 0), -1):
        cells = [
            grid[r2][c2]
            for r2, c2 in (line[index] for line in oriented[1:])
            if grid[r2][c2].strip() and not SHEET_ERROR.fullmatch(clean(grid[r2][c2]))
        ]
        if (
            cells
            and not any(is_letters(cell, scheme) for cell in cells)
            and not any(len(parse_cell(cell, scheme)[2] or "") <= 2 for cell in cells)
        ):
            labels.append(index)
        else:
            break
    return labels


def _name_and_id(headers: list[str], labels: list[int], cells: list[list[str]]) -> tuple[int, int | None]:
    """The label column that names the activities, and one that gives their ids. Headed
    'Activity', 'Task' …; else the one whose texts are longest and most varied (a day, a phase
    or an owner's initials repeat; names of activities do not)."""
    leading = [i for n, i in enumerate(labels) if i == n]  # not a 'Notes' column at the right
    ids = [i for i in leading if ID_HEADERS.match(clean(headers[i]))]
    named = [i for i in leading if NAME_HEADERS.match(clean(headers[i]))]
    named += [i for i in leading if i not in named and i not in ids and NAME_WORDS.search(clean(headers[i]))]
    if named:
        return named[0], (ids[0] if ids else None)

    def wordiness(i: int) -> float:
        texts = [clean(row[i]) for row in cells if i < len(row) and row[i].strip()]
        if not texts:
            return 0.0
        return sum(len(t) for t in texts) / len(texts) * len(set(texts)) / len(texts)

    candidates = [i for i in leading if i not in ids] or leading or labels
    return max(candidates, key=lambda i: (wordiness(i), -i)), (ids[0] if ids else None)


# --- roles named in headers ----------------------------------------------------------------------


def header_role(header: str, known: dict[str, str], *, ids_given: bool = False) -> tuple[str, str, bool]:
    """(id, title, exists) for a role named "Service Desk Agent (service-desk-agent)". The part in
    parentheses is read as an id when it names a role charter knows, or when ``ids_given`` (the
    table gives ids for its steps and for every role, as charter's own export does); otherwise
    it is part of the title: "Client Team (w365)" is client-team-w365."""
    text = " ".join(FOOTNOTE.sub("", clean(header)).split())
    match = None if ENDING.search(text) else re.fullmatch(r"(.*?)\s*\(([a-z0-9][a-z0-9-]{0,62})\)", text)
    if match and match.group(2).casefold() in known:
        return known[match.group(2).casefold()], match.group(1) or match.group(2), True
    if text.casefold() in known:
        return known[text.casefold()], text, True
    if match and ids_given:
        return match.group(2), match.group(1) or match.group(2), False
    return slug(text), text, False


def gives_ids(headers: list[str]) -> bool:
    """Whether every role heading ends in an id in parentheses, each a different one."""
    ids = [re.fullmatch(r".*?\s*\(([a-z0-9][a-z0-9-]{0,62})\)", " ".join(clean(h).split())) for h in headers]
    found = [m.group(1) for m in ids if m]
    return len(headers) >= 1 and len(found) == len(headers) and len(set(found)) == len(found)


# --- choosing the matrix -----------------------------------------------------------------------


def choose(
    tables: list[Table], scheme: Scheme, known: dict[str, str], wanted: tuple[int, ...] | None
) -> tuple[Reading | str | None, list[Rejected | Reading]]:
    """The matrix among the tables (the one chosen, the ones chosen read as one, or the best), and
    how each table read; a message instead when the tables chosen cannot be read as one."""
    readings = [read(t, scheme, known) for t in tables]
    if wanted is not None and len(wanted) > 1:
        return _chosen_together(tables, readings, wanted, scheme, known), readings
    if wanted is not None:
        chosen = readings[wanted[0] - 1]
        best = chosen if isinstance(chosen, Reading) else None
    else:
        matrices = [r for r in readings if isinstance(r, Reading)]
        best = max(matrices, key=lambda r: r.score, default=None)  # the first of equals
    if best is not None:
        best = _continued(best, tables, readings, scheme, known)
        if wanted is None:
            best = _under_one_heading(best, tables, readings, scheme, known)
    return best, readings


def heading_key(reading: Reading) -> tuple[str, ...]:
    """A table's heading row as it reads: its layout and each column's heading, cleaned."""
    row = reading.table.rows[reading.heading_row] if reading.table.rows else ()
    cells = [" ".join(clean(c).casefold().split()) for c in row]
    while cells and not cells[-1]:
        cells.pop()
    return (reading.layout, *cells)


def _under_one_heading(
    best: Reading, tables: list[Table], readings: list[Reading | Rejected], scheme: Scheme, known: dict[str, str]
) -> Reading:
    """A matrix split into several tables that each repeat its heading row (a table per phase,
    under a heading of its own) is one matrix: the tables of the file, or of the sheet, whose
    heading row is the chosen one's are read as one, in the file's order. A later table's title
    (or, in Markdown, the heading above it) starts a section of the steps below it."""
    if best.layout.startswith("roles down"):
        return best  # its heading row names activities, which differ from table to table
    key = heading_key(best)
    parts = [
        _continued(r, tables, readings, scheme, known)
        for r in readings
        if isinstance(r, Reading) and heading_key(r) == key
    ]
    if len(parts) < 2 or not _one_matrix(parts):  # one table is no split matrix
        return best
    return _joined(parts, scheme, known) or best


# A title that names a part of one process: a phase, a stage, a shift, a number ("2. Review").
SEQUENCE = re.compile(
    r"\d|\b([ivx]+\.|phases?|stages?|steps?|parts?|waves?|sprints?|shifts?|weeks?|months?|quarters?|rounds?|"
    r"cont(inued|\.)?|fases?|etapas?|étapes?|etape|stufen?|schritte?|teil|этап\w*|шаг\w*|част\w*|faz[ay]|etap\w*|"
    r"krok\w*|vaihe\w*|fasi|tappa|fase)\b",
    re.I,
)


def _one_matrix(parts: list[Reading]) -> bool:
    """Whether tables under one heading row are one matrix split up, not several processes that
    share their columns ("Onboarding" and "Offboarding", a "Current" and a "Proposed" version):
    no activity in two of them, and each titled by a part of a sequence, or none titled at all."""
    from charter.interop.tables import heading_before

    seen: set[str] = set()
    for part in parts:
        names = {a.name.casefold() for a in part.activities if a.name and a.marks}
        if names & seen:
            return False
        seen |= names
    titles = [found[1] if (found := heading_before(p.table)) else (p.titles[-1][1] if p.titles else "") for p in parts]
    return all(SEQUENCE.search(title) for title in titles) or not any(titles[1:])


def _chosen_together(
    tables: list[Table],
    readings: list[Reading | Rejected],
    wanted: tuple[int, ...],
    scheme: Scheme,
    known: dict[str, str],
) -> Reading | str:
    """``--table 2,3,4``: those tables read as one matrix, or why they cannot be."""
    chosen = [readings[n - 1] for n in wanted]
    for number, reading in zip(wanted, chosen, strict=True):
        if isinstance(reading, Rejected):
            return f"table {number} of {tables[0].path.name} is not a RACI matrix: {reading.reason}"
    parts = [_continued(r, tables, readings, scheme, known) for r in chosen if isinstance(r, Reading)]
    if len({heading_key(p) for p in parts}) > 1:
        numbers = ", ".join(map(str, wanted))
        return f"tables {numbers} of {tables[0].path.name} do not share one heading row; import them one at a time"
    return (
        _joined(sorted(parts, key=lambda p: p.table.number), scheme, known)
        or "the tables chosen do not read as one matrix"
    )


# A row of a table with where it is: its cells, line, cells' columns, cells' lines, and sheet.
Row = tuple[tuple[str, ...], int, tuple[int, ...], tuple[int, ...], str | None]


def _rows(table: Table) -> list[Row]:
    cell_lines = list(table.cell_lines) + [()] * (len(table.rows) - len(table.cell_lines))
    sheets = [table.sheets[r] if r < len(table.sheets) else table.sheet for r in range(len(table.rows))]
    return list(zip(table.rows, table.lines, table.columns, cell_lines, sheets, strict=True))


def _joined(parts: list[Reading], scheme: Scheme, known: dict[str, str]) -> Reading | None:
    """The tables under one heading row read again as one table: the first whole, the others
    without their heading row, each one's title (in Markdown, the heading above it) a section
    row before its activities. Read whole, a column that holds a role's letters in one table and
    only a word or two in another is a role's all through."""
    from charter.interop.tables import heading_before

    headings = [heading_before(p.table) for p in parts]
    by_heading = all(headings)
    by_title = not by_heading and all(p.titles for p in parts[1:])
    rows: list[Row] = []
    for number, part in enumerate(parts):
        own = _rows(part.table)
        top = part.heading_row
        found = headings[number]
        section: list[Row] = [((found[1],), found[0], (1,), (), None)] if by_heading and found else []
        if by_title and part.titles:
            section = [own[part.titles[-1][0]]]
        if number == 0:
            kept_above = [row for r, row in enumerate(own[:top]) if not section or own[r] is not section[0]]
            rows += [*kept_above, own[top], *section, *own[top + 1 :]]
        else:
            rows += section + own[top + 1 :]
    cells, lines, columns, cell_lines, sheets = (tuple(column) for column in zip(*rows, strict=True))
    spread = len(set(sheets)) > 1  # one sheet a phase: each row says which
    whole = replace(
        parts[0].table, rows=cells, lines=lines, columns=columns, cell_lines=cell_lines, sheets=sheets if spread else ()
    )
    merged = read(whole, scheme, known)
    if not isinstance(merged, Reading):
        return None
    merged.joined = tuple(p.table.number for p in parts)
    return merged


def _continued(
    best: Reading, tables: list[Table], readings: list[Reading | Rejected], scheme: Scheme, known: dict[str, str]
) -> Reading:
    """A spreadsheet's matrix split into blocks by empty rows (a gap before each phase) is one
    matrix: a block with no header of its own whose letters line up under the roles continues
    it, and a block of one-cell rows after it holds its notes."""
    table = best.table
    rows, lines, columns = list(table.rows), list(table.lines), list(table.columns)
    cell_lines = list(table.cell_lines) + [()] * (len(table.rows) - len(table.cell_lines))
    for following, reading in zip(tables[table.number :], readings[table.number :], strict=True):
        if following.sheet != table.sheet or not isinstance(reading, Rejected):
            break
        one_cell = all(sum(1 for c in row if c.strip()) <= 1 for row in following.rows)
        lettered = sum(1 for row in following.rows for c in row[1:] if is_letters(c, scheme))
        if not one_cell and (lettered == 0 or following.width > table.width):
            break
        rows += following.rows
        lines += following.lines
        columns += following.columns
        cell_lines += list(following.cell_lines) + [()] * (len(following.rows) - len(following.cell_lines))
    if len(rows) == len(table.rows):
        return best
    whole = replace(table, rows=tuple(rows), lines=tuple(lines), columns=tuple(columns), cell_lines=tuple(cell_lines))
    merged = read(whole, scheme, known)
    return merged if isinstance(merged, Reading) else best
