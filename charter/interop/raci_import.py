"""Turn a RACI matrix as people really write it into steps, the roles they name, and a report.

Real matrices say ``R/A``, ``A/R``, ``R, A``, ``RA``, ``r``; leave cells empty or write ``—``,
``-`` or ``n/a``; add conditions (``A (P1)``), footnote marks (``R*``, ``A¹``, ``C[2]``) with
their footnotes below, section rows that span the table, and sometimes the same activity twice.
Every cell is either mapped to the organisation's scheme or listed in the report with its place
in the file: nothing is dropped silently, and nothing is merged without a line saying so.

:class:`StepReader` reads the matrix one part at a time (the rows around the table, the roles'
headings, each activity, the sections, the new roles). Each line of the :class:`Report` is an
:class:`Entry` that says where it stands: at its cell, in the table's order; before every cell
(said of the whole table); or after them (below the table, or of the files written). The files
written from the steps are in :mod:`charter.interop.stubs`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path

from charter.core.words import count
from charter.interop.matrix import (
    FOOTNOTE_LINE,
    LOOKALIKES,
    NOTE_LINE,
    Activity,
    CellNote,
    Mark,
    NoteKind,
    Reading,
    Rejected,
    choose,
    footnote,
    gives_ids,
    header_role,
    heading_key,
    parse_cell,
)
from charter.interop.names import clean, slug
from charter.interop.tables import Table, text_after
from charter.load.discover import read_file
from charter.schema.schemes import Scheme

__all__ = [
    "Band",
    "Entry",
    "NoMatrix",
    "Report",
    "Step",
    "StepReader",
    "import_matrix",
    "parse_cell",
    "scheme_letter",
    "slug",
]

Place = tuple[int, int]  # (row, column) of a cell in the table as read


class Band(IntEnum):
    """Where a line of the report stands among the others of its list."""

    FIRST = 0  # said of the whole table: before the lines about its cells
    CELLS = 1  # said of one cell: in the table's order, row by row, then in the order said
    LAST = 2  # said below the table or of the files written: after every cell's, in the order said


@dataclass(frozen=True)
class Entry:
    """One line of the report, and where it stands."""

    text: str
    band: Band = Band.CELLS
    cell: Place | None = None  # where in the table, for a line in the CELLS band

    @classmethod
    def at(cls, cell: Place, text: str) -> Entry:
        return cls(text, Band.CELLS, cell)

    @classmethod
    def first(cls, text: str) -> Entry:
        return cls(text, Band.FIRST)

    @classmethod
    def last(cls, text: str) -> Entry:
        return cls(text, Band.LAST)

    @property
    def order(self) -> tuple[Band, Place]:
        """The key the report sorts its lines by (a stable sort: ties keep the order said)."""
        return self.band, self.cell or (0, 0)


@dataclass
class Report:
    """What the import did with every part of the table."""

    table: str = ""  # which table of the file, when it holds several
    layout: str = ""
    why: str = ""
    steps: int = 0
    new_roles: list[str] = field(default_factory=list)
    notes: list[Entry] = field(default_factory=list)  # kept, but not as a letter
    merged: list[Entry] = field(default_factory=list)  # two things made one, or one role given two letters
    unmapped: list[Entry] = field(default_factory=list)  # could not be imported: where, what
    others: list[str] = field(default_factory=list)  # the file's other tables, and why each is not the matrix
    at: dict[str, str] = field(default_factory=dict)  # step id → where its row is in the file

    def lines(self, which: list[Entry]) -> list[str]:
        """The texts of one list of entries, in the order they stand."""
        return [entry.text for entry in sorted(which, key=lambda entry: entry.order)]


@dataclass
class Step:
    id: str
    name: str
    letters: dict[str, list[str]]
    notes: list[str]


class NoMatrix(ValueError):
    """No table of the file reads as a matrix; the message lists each and why."""


def import_matrix(
    tables: list[Table], scheme: Scheme, org_dir: Path, *, wanted: tuple[int, ...] | None = None
) -> tuple[list[Step], dict[str, str], Report]:
    """Steps, the roles they name that charter does not know yet (id → title), and the report."""
    path = tables[0].path
    for number in wanted or ():
        if not 1 <= number <= len(tables):
            raise NoMatrix(f"--table {number}: {path.name} holds {count(len(tables), 'table')}")
    known = _role_lookup(org_dir)
    reading, readings = choose(tables, scheme, known, wanted)
    if isinstance(reading, str):
        raise NoMatrix(reading)
    if reading is None:
        raise _no_matrix(path, readings, wanted[0] if wanted else None)
    table = reading.table
    report = Report(layout=reading.layout, why=reading.why)
    if reading.joined:
        numbers = ", ".join(str(n) for n in reading.joined[:-1]) + f" and {reading.joined[-1]}"
        report.table = (
            f"tables {numbers} of {len(tables)} as one matrix (each repeats its heading row; --table N imports one "
            f"alone), at {table.where()}"
        )
        report.others = _others(reading, readings, tables)
    elif len(tables) > 1:
        report.table = f"table {table.number} of {len(tables)}, at {table.where()}"
        report.others = _others(reading, readings, tables)
    for part in [tables[n - 1] for n in reading.joined] or [table]:  # below each table of a split matrix
        for number, text in text_after(path, part):
            if FOOTNOTE_LINE.match(clean(text)) or NOTE_LINE.match(clean(text)):
                footnote(reading, f"{path.name}:{number}:1", clean(text))
    steps, stubs = StepReader(reading, scheme, known, report).read()
    return steps, stubs, report


def _no_matrix(path: Path, readings: list[Rejected | Reading], wanted: int | None) -> NoMatrix:
    """Why nothing is imported: the table asked for is no matrix, or none of them is."""
    chosen = readings[wanted - 1] if wanted is not None else None
    if isinstance(chosen, Rejected):
        return NoMatrix(f"table {wanted} of {path.name} is not a RACI matrix: {chosen.reason}")
    seen = [f"table {r.table.number} at {r.table.where()}: {r.reason}" for r in readings if isinstance(r, Rejected)]
    return NoMatrix(
        f"no table in {path.name} reads as a RACI matrix, so nothing was written; tables seen:\n  " + "\n  ".join(seen)
    )


def _others(reading: Reading, readings: list[Rejected | Reading], tables: list[Table]) -> list[str]:
    """The file's other tables, each with why it is not the matrix (or how to import it instead)."""
    part_of_it = _numbers_in(reading, tables)
    return [
        f"table {r.table.number} at {r.table.where()}: "
        + (
            r.reason
            if isinstance(r, Rejected)
            else f"shares the matrix's heading row but reads as another one (a name repeats, or its title is no "
            f"phase); --table {reading.table.number},{r.table.number} reads them as one"
            if heading_key(r) == heading_key(reading)
            else f"also reads as a matrix ({r.score} letters); --table {r.table.number} imports it"
        )
        for r in readings
        if r.table.number != reading.table.number and r.table.number not in part_of_it
    ]


def _numbers_in(reading: Reading, tables: list[Table]) -> set[int]:
    """The tables a matrix spread over (blocks of one sheet that continue it, tables that repeat
    its heading row)."""
    lines = set(reading.table.lines)
    continued = {t.number for t in tables if t.sheet == reading.table.sheet and set(t.lines) <= lines}
    return continued | set(reading.joined)


# --- from the matrix's reading to steps ----------------------------------------------------------

Role = tuple[str, str, bool]  # a role's id, its title, and whether charter knows it


@dataclass
class _Gathered:
    """One activity's marks, gathered: its letters, its step's notes, and the cells that give one
    role several letters (letters across: the columns that name one role twice)."""

    letters: dict[str, list[str]] = field(default_factory=dict)  # scheme key → role ids
    notes: list[str] = field(default_factory=list)  # its step's detail
    combined: list[tuple[Place, str, str, list[str]]] = field(default_factory=list)  # place, text, role, keys
    under: dict[str, list[tuple[Place, str]]] = field(default_factory=dict)  # role → (place, key) per column


class StepReader:
    """A matrix's reading made steps, and every cell's fate said in the report.

    :meth:`read` takes the table a part at a time: the rows around it and its label columns,
    the roles' headings, each activity (a section heading, a row that is no activity, or a
    step), the usual pair of letters, the sections, and the roles to create."""

    def __init__(self, reading: Reading, scheme: Scheme, known: dict[str, str], report: Report) -> None:
        self.reading = reading
        self.table = reading.table
        self.scheme = scheme
        self.known = known
        self.report = report
        self.across = reading.layout.startswith("letters across")
        # Ids in parentheses after the roles' names, as charter's own export writes them.
        self.ids_given = reading.step_ids and gives_ids(list(reading.roles.values())) and not self.across
        self.known_ids = set(known.values())
        self.resolved: dict[str, Role] = {}  # a role's name or heading → the role
        self.steps: list[Step] = []
        self.taken: set[str] = set()  # step ids given
        self.by_name: dict[str, Step] = {}  # an activity's name, casefolded → its first step
        self.section, self.section_at = "", (0, 0)  # the section the next activities are in
        self.sections_used: set[Place] = set()
        self.usual = _usual_pair(scheme)
        self.usual_places: list[Place] = []
        self.below: list[Entry] = []  # the notes below the table

    def read(self) -> tuple[list[Step], dict[str, str]]:
        """The steps, and the roles to create as stubs (id → title)."""
        self.around_the_table()
        self.headings()
        for activity in self.reading.activities:
            self.activity(activity)
        self.usual_pair()
        self.sections()
        self.report.steps = len(self.steps)
        stubs, unused = self.new_roles()
        self.report.notes += self.after_the_table(unused)
        return self.steps, stubs

    # --- the report's lines ----------------------------------------------------------------------

    def _add(self, which: list[Entry], place: Place, text: str) -> None:
        """A line about the cell at ``place``, which it starts by naming."""
        which.append(Entry.at(place, f"{self.table.at(*place)}: {text}"))

    def note(self, place: Place, text: str) -> None:
        self._add(self.report.notes, place, text)

    def merged(self, place: Place, text: str) -> None:
        self._add(self.report.merged, place, text)

    def unmapped(self, place: Place, text: str) -> None:
        self._add(self.report.unmapped, place, text)

    # --- the table as a whole --------------------------------------------------------------------

    def around_the_table(self) -> None:
        """The rows above the header and below the table, and the columns read as labels."""
        for row, title in self.reading.titles:
            self.note((row, 0), f"'{clean(title)}' read as the table's title")
        for row, text in self.reading.over:
            self.note((row, 0), f"'{text}' read as a heading above the roles' names")
        for below, note in self.reading.notes:
            found = FOOTNOTE_LINE.match(note)
            sign = found.group(1).lstrip("\\") if found else ""  # "\*" in Markdown is the mark "*"
            said = f"read as the footnote '{sign}'" if found else "kept as a note below the table"
            self.below.append(Entry.last(f"{below}: '{note}' {said}"))
        for r, c, heading in self.reading.labels:
            self.note((r, c), f"'{clean(heading)}' read as a label, not a role; kept in each step's detail")

    def role(self, name: str, heading: str, place: Place) -> Role:
        """A role's id, title and whether charter knows it, for a heading or a name in a cell."""
        if name not in self.resolved:
            role_id, title, exists = header_role(heading, self.known, ids_given=self.ids_given)
            if not exists and role_id in self.known_ids:  # "Sales!" when roles/sales.yaml exists
                exists = True
                self.note(place, f"'{clean(heading)}' read as the role {role_id} that charter knows")
            elif not exists:
                role_id = _safe(role_id, "role")
            self.resolved[name] = (role_id, title, exists)
        return self.resolved[name]

    def headings(self) -> None:
        """Each role's heading made a role; two headings that name one role merge their letters."""
        by_id: dict[str, list[tuple[int, int, str]]] = {}
        for r, c, heading in self.reading.headings:
            by_id.setdefault(self.role(clean(heading), heading, (r, c))[0], []).append((r, c, heading))
        for role_id, headings in by_id.items():
            if len(headings) > 1:
                shown = ", ".join(f"'{clean(h)}' ({self.table.at(r, c)})" for r, c, h in headings)
                r, c, _ = headings[1]
                self.merged((r, c), f"{shown} name one role, {role_id}; their letters are merged")

    # --- one activity ------------------------------------------------------------------------------

    def activity(self, activity: Activity) -> None:
        """One row of the table (a column, roles down): a section's heading, no activity, or a step."""
        where = (activity.row, activity.name_col)
        for r, c, stray in activity.strays:
            self.unmapped((r, c), f"'{clean(stray)}' is under no heading, so under no role")
        if activity.name and not activity.marks:
            self.section, self.section_at = activity.name, where  # the activities below are in it
            return
        if self.holds_no_letters(activity, where) or self.has_no_name(activity, where):
            return
        gathered = self.gather(activity)
        if self.repeats(activity, gathered, where):
            return
        self.combined_in_cells(activity, gathered)
        self.named_twice(activity, gathered)
        step = Step(self.step_id(activity), activity.name, gathered.letters, gathered.notes)
        self.steps.append(step)
        self.report.at[step.id] = self.table.at(*where)
        self.by_name.setdefault(activity.name.casefold(), step)

    def holds_no_letters(self, activity: Activity, where: Place) -> bool:
        """A row whose cells hold words and no letter at all: no activity (a second header, a list)."""
        problems = [m for m in activity.marks if m.problem is not None]
        if len(problems) < 2 or any(m.keys for m in activity.marks):
            return False
        shown = ", ".join(f"'{clean(m.text)}'" for m in problems[:3])
        self.unmapped(where, f"'{activity.name}' holds no letters ({shown}…): not an activity, not imported")
        return True

    def has_no_name(self, activity: Activity, where: Place) -> bool:
        if activity.name:
            return False
        if activity.marks:
            self.unmapped(where, "letters with no activity name")
        return True

    def gather(self, activity: Activity) -> _Gathered:
        """The activity's letters by role, and its step's notes: its section, its label columns,
        then each mark's conditions and footnotes."""
        gathered = _Gathered(notes=[f"Part of: {self.section}"] if self.section else [])
        gathered.notes += [f"{heading}: {text}" for heading, text in activity.details]
        if self.section:
            self.sections_used.add(self.section_at)
        for mark in activity.marks:
            self.mark(mark, gathered)
        return gathered

    def mark(self, mark: Mark, gathered: _Gathered) -> None:
        """One role's letters from one cell, and whatever else the cell says."""
        place = (mark.row, mark.col)
        role_id = self.role(mark.role, mark.role, place)[0] if mark.role else ""
        for key in mark.keys:
            if role_id not in gathered.letters.setdefault(key, []):
                gathered.letters[key].append(role_id)
            if self.across:
                gathered.under.setdefault(role_id, []).append((place, key))
        if len(mark.keys) > 1:
            gathered.combined.append((place, mark.text, role_id, mark.keys))
        for condition in mark.conditions:
            if f"{role_id}: {condition}" not in gathered.notes:
                gathered.notes.append(f"{role_id}: {condition}")
                self.note(place, f"condition '{condition}' kept as a note")
        for cell_note in mark.notes:
            self.cell_note(cell_note, role_id, place, gathered.notes)
        if mark.problem is not None:
            heading = f" ({mark.role})" if mark.role else ""
            text = f"{self.table.at(*place)}{heading}: '{mark.problem}' is not a letter of {self.scheme.name}"
            self.report.unmapped.append(Entry.at(place, text))

    def cell_note(self, cell_note: CellNote, role_id: str, place: Place, notes: list[str]) -> None:
        """What a cell says besides its letters, said in the report (a footnote also in the step)."""
        if cell_note.kind is NoteKind.SPLIT:
            self.merged(
                place, f"'{cell_note.text}' read as several roles; if it is one role, write its name without 'and'"
            )
        elif cell_note.kind is NoteKind.LOOKALIKE:
            latin = cell_note.text.translate(LOOKALIKES)
            self.note(place, f"'{cell_note.text}' is written in another alphabet; read as {latin}")
        else:
            self.footnote(cell_note.text, role_id, place, notes)

    def footnote(self, sign: str, role_id: str, place: Place, notes: list[str]) -> None:
        """A footnote mark on a role's letters: its footnote becomes a note of the step."""
        text = self.reading.footnotes.get(sign)
        if text is None:
            self.note(place, f"footnote mark '{sign}' has no footnote below the table")
        elif f"{role_id}: {text}" not in notes:
            notes.append(f"{role_id}: {text}")
            self.note(place, f"footnote '{sign}' ({text}) kept as a note")

    def repeats(self, activity: Activity, gathered: _Gathered, where: Place) -> bool:
        """An activity named before: with the same letters, one step; with others, a second step."""
        earlier = self.by_name.get(activity.name.casefold())
        if earlier is None:
            return False
        if earlier.letters == gathered.letters:
            self.merged(where, f"'{activity.name}' repeats an earlier row exactly; merged into one step")
            return True
        self.note(where, f"'{activity.name}' appears twice with different letters; kept both")
        return False

    def combined_in_cells(self, activity: Activity, gathered: _Gathered) -> None:
        """Cells giving one role several letters: the usual pair is counted for one line of the
        report (:meth:`usual_pair`); any other is said at its cell."""
        for place, written, role_id, keys in gathered.combined:
            if set(keys) == self.usual:
                self.usual_places.append(place)
                continue
            words = " and ".join(_label(self.scheme, k) for k in keys)
            self.merged(place, f"'{clean(written)}' makes {role_id} {words} in '{activity.name}'; both kept")

    def named_twice(self, activity: Activity, gathered: _Gathered) -> None:
        """Letters across: a role named under several letters' columns of one row."""
        for role_id, found_under in gathered.under.items():
            keys = list(dict.fromkeys(k for _, k in found_under))
            if len(keys) < 2:
                continue
            place = found_under[0][0]
            if set(keys) == self.usual:
                self.usual_places.append(place)
                continue
            shown = " and ".join(scheme_letter(self.scheme, k) for k in keys)
            self.merged(place, f"{role_id} is named under {shown} in '{activity.name}'; both letters kept")

    def step_id(self, activity: Activity) -> str:
        """The id the table gives the step when it is one, else one made from its name; never one
        already taken (a second 'Review' is review-2)."""
        given = activity.given_id
        usable = re.fullmatch(r"[a-z0-9][a-z0-9-]{0,62}", given) and re.search("[a-z]", given)
        base = _safe(given if usable else slug(activity.name), "step")
        step_id, n = base, 2
        while step_id in self.taken:
            step_id, n = f"{base}-{n}", n + 1
        self.taken.add(step_id)
        return step_id

    # --- after the last activity --------------------------------------------------------------------

    def usual_pair(self) -> None:
        """The pair everybody writes and means (R/A), in one line for the whole table: first among
        the merges, as the rule the others are exceptions to."""
        if not self.usual_places:
            return
        scheme = self.scheme
        pair = "/".join(scheme_letter(scheme, k) for k in sorted(self.usual, key=lambda k: _order(scheme, k)))
        places = [self.table.at(*p) for p in sorted(self.usual_places)]
        said = (
            f"{pair.replace('/', ' and ')} for one role in {count(len(places), 'row')}"
            if self.across
            else f"{pair} in {count(len(places), 'cell')}"
        )
        self.report.merged.append(
            Entry.first(f"{said} ({_span(places)}): the role does the work and answers for it; both letters kept")
        )

    def sections(self) -> None:
        """Each section heading that steps are in; the last one, with no step below it, is not imported."""
        for row, col in sorted(self.sections_used):
            title = next(a.name for a in self.reading.activities if (a.row, a.name_col) == (row, col))
            self.note((row, col), f"section '{title}' kept as the detail of the steps below it")
        if self.section and self.section_at not in self.sections_used:
            self.unmapped(self.section_at, f"'{self.section}' has no letters and no steps below it")

    def new_roles(self) -> tuple[dict[str, str], list[Entry]]:
        """The roles charter does not know that hold a letter (id → title), which become stubs;
        and a line for each that holds none, which does not."""
        used = {r for s in self.steps for ids in s.letters.values() for r in ids}
        new_roles: dict[str, str] = {}
        for role_id, title, exists in sorted(self.resolved.values()):
            if not exists:
                new_roles.setdefault(role_id, title)
        stubs = {r: t for r, t in new_roles.items() if r in used}
        self.report.new_roles = sorted(stubs)
        unused = [
            Entry.last(f"column '{new_roles[role_id]}' holds no letter; no role was created for it")
            for role_id in sorted(set(new_roles) - used)
        ]
        return stubs, unused

    def after_the_table(self, unused: list[Entry]) -> list[Entry]:
        """The notes that follow every cell's: the roles' columns that hold no letter, then the
        notes below the table; but a table with no title and no heading row above its roles'
        names keeps its first note below the table before the columns. (An accident of the order
        the report has always had, kept so that no report changes.)"""
        titled = bool(self.reading.titles or self.reading.over)
        first = 0 if titled else min(1, len(self.below))
        return [*self.below[:first], *unused, *self.below[first:]]


YAML_WORDS = frozenset(("null", "true", "false", "yes", "no", "on", "off", "y", "n"))


def _safe(value: str, kind: str) -> str:
    """An id that is one in every file: not a name some systems reserve ('con'), not a word or
    number YAML reads as something else ('null', 'true', '0x10')."""
    from charter.schema.types import id_problem

    if (
        id_problem(value) is not None
        or value in YAML_WORDS
        or not re.search("[a-z]", value)
        or re.fullmatch(r"0x[0-9a-f]+|[0-9]+e[0-9]+|0o[0-7]+|0b[01]+", value)
    ):
        return f"{value}-{kind}"[:63].strip("-")
    return value


def _usual_pair(scheme: Scheme) -> set[str]:
    """The combination everybody writes and means: the role that does the work answers for it (R/A)."""
    owner = next(letter.key for letter in scheme.letters if letter.accountable)
    doer = next(letter.key for letter in scheme.letters if letter.performs)
    return {owner, doer}


def _label(scheme: Scheme, key: str) -> str:
    return next(letter.label for letter in scheme.letters if letter.key == key)


def scheme_letter(scheme: Scheme, key: str) -> str:
    return next(letter.letter for letter in scheme.letters if letter.key == key)


def _order(scheme: Scheme, key: str) -> int:
    return next(i for i, letter in enumerate(scheme.letters) if letter.key == key)


def _span(places: list[str]) -> str:
    shown = ", ".join(p.split(":", 1)[1] for p in places[:4])
    return f"{places[0].split(':', 1)[0]}: {shown}" + (f" and {len(places) - 4} more" if len(places) > 4 else "")


def _role_lookup(org_dir: Path) -> dict[str, str]:
    """Every way a role may be named in a header (id, title) → its id."""
    names: dict[str, str] = {}
    for kind, title_key in (("roles", "title"), ("external", "name")):
        folder = org_dir / kind
        for path in sorted(folder.rglob("*.yaml")) if folder.is_dir() else []:
            data, _ = read_file(str(org_dir), path.relative_to(org_dir).as_posix())
            if data is not None and isinstance(data.get("id"), str):
                names[data["id"].casefold()] = data["id"]
                if isinstance(data.get(title_key), str):
                    names[" ".join(data[title_key].split()).casefold()] = data["id"]
    return names
