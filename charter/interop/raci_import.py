"""Turn a RACI matrix as people really write it into steps, the roles they name, and a report.

Real matrices say ``R/A``, ``A/R``, ``R, A``, ``RA``, ``r``; leave cells empty or write ``—``,
``-`` or ``n/a``; add conditions (``A (P1)``), footnote marks (``R*``, ``A¹``, ``C[2]``) with
their footnotes below, section rows that span the table, and sometimes the same activity twice.
Every cell is either mapped to the organisation's scheme or listed in the report with its place
in the file: nothing is dropped silently, and nothing is merged without a line saying so.

Each line of the :class:`Report` is an :class:`Entry` that says where it stands: at its cell,
in the table's order; before every cell (said of the whole table); or after them (below the
table, or of the files written). The files written from the steps are in
:mod:`charter.interop.stubs`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path

from charter.interop.matrix import (
    FOOTNOTE_LINE,
    LOOKALIKES,
    NOTE_LINE,
    NoteKind,
    Reading,
    Rejected,
    choose,
    footnote,
    gives_ids,
    header_role,
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
    tables: list[Table], scheme: Scheme, org_dir: Path, *, wanted: int | None = None
) -> tuple[list[Step], dict[str, str], Report]:
    """Steps, the roles they name that charter does not know yet (id → title), and the report."""
    path = tables[0].path
    if wanted is not None and not 1 <= wanted <= len(tables):
        raise NoMatrix(f"--table {wanted}: {path.name} holds {_count(len(tables), 'table')}")
    known = _role_lookup(org_dir)
    reading, readings = choose(tables, scheme, known, wanted)
    seen = [f"table {r.table.number} at {r.table.where()}: {r.reason}" for r in readings if isinstance(r, Rejected)]
    if reading is None:
        chosen = readings[wanted - 1] if wanted is not None else None
        if isinstance(chosen, Rejected):
            raise NoMatrix(f"table {wanted} of {path.name} is not a RACI matrix: {chosen.reason}")
        raise NoMatrix(
            f"no table in {path.name} reads as a RACI matrix, so nothing was written; tables seen:\n  "
            + "\n  ".join(seen)
        )
    table = reading.table
    report = Report(layout=reading.layout, why=reading.why)
    if len(tables) > 1:
        report.table = f"table {table.number} of {len(tables)}, at {table.where()}"
        report.others = [
            f"table {r.table.number} at {r.table.where()}: "
            + (
                r.reason
                if isinstance(r, Rejected)
                else f"also reads as a matrix ({r.score} letters); --table {r.table.number} imports it"
            )
            for r in readings
            if r.table.number != table.number and r.table.number not in _numbers_in(reading, tables)
        ]
    for number, text in text_after(path, table):
        if FOOTNOTE_LINE.match(clean(text)) or NOTE_LINE.match(clean(text)):
            footnote(reading, f"{path.name}:{number}:1", clean(text))
    return _steps(reading, scheme, known, report)


def _numbers_in(reading: Reading, tables: list[Table]) -> set[int]:
    """The tables a matrix spread over (blocks of one sheet that continue it)."""
    lines = set(reading.table.lines)
    return {t.number for t in tables if t.sheet == reading.table.sheet and set(t.lines) <= lines}


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _steps(
    reading: Reading, scheme: Scheme, known: dict[str, str], report: Report
) -> tuple[list[Step], dict[str, str], Report]:
    table = reading.table
    across = reading.layout.startswith("letters across")

    def at(row: int, col: int) -> str:
        return table.at(row, col)

    for row, title in reading.titles:
        report.notes.append(Entry.at((row, 0), f"{at(row, 0)}: '{clean(title)}' read as the table's title"))
    for row, text in reading.over:
        report.notes.append(Entry.at((row, 0), f"{at(row, 0)}: '{text}' read as a heading above the roles' names"))
    below: list[Entry] = []  # the notes below the table: said after every cell's
    for written_at, note in reading.notes:
        found = FOOTNOTE_LINE.match(note)
        said = f"read as the footnote '{found.group(1).lstrip(chr(92))}'" if found else "kept as a note below the table"
        below.append(Entry.last(f"{written_at}: '{note}' {said}"))
    for r, c, heading in reading.labels:
        report.notes.append(
            Entry.at((r, c), f"{at(r, c)}: '{clean(heading)}' read as a label, not a role; kept in each step's detail")
        )
    ids_given = reading.step_ids and gives_ids(list(reading.roles.values()))
    known_ids = set(known.values())
    resolved: dict[str, tuple[str, str, bool]] = {}

    def role(name: str, heading: str, place: tuple[int, int]) -> tuple[str, str, bool]:
        """A role's id, title and whether charter knows it, for a heading or a name in a cell."""
        if name not in resolved:
            role_id, title, exists = header_role(heading, known, ids_given=ids_given and not across)
            if not exists and role_id in known_ids:  # "Sales!" when roles/sales.yaml exists
                exists = True
                report.notes.append(
                    Entry.at(place, f"{at(*place)}: '{clean(heading)}' read as the role {role_id} that charter knows")
                )
            elif not exists:
                role_id = _safe(role_id, "role")
            resolved[name] = (role_id, title, exists)
        return resolved[name]

    by_id: dict[str, list[tuple[int, int, str]]] = {}
    for r, c, heading in reading.headings:
        by_id.setdefault(role(clean(heading), heading, (r, c))[0], []).append((r, c, heading))
    for role_id, headings in by_id.items():
        if len(headings) > 1:
            shown = ", ".join(f"'{clean(h)}' ({at(r, c)})" for r, c, h in headings)
            r, c, _ = headings[1]
            report.merged.append(
                Entry.at((r, c), f"{at(r, c)}: {shown} name one role, {role_id}; their letters are merged")
            )
    steps: list[Step] = []
    taken: set[str] = set()
    by_name: dict[str, Step] = {}
    section, section_at = "", (0, 0)
    sections_used: set[tuple[int, int]] = set()
    usual = _usual_pair(scheme)
    usual_places: list[tuple[int, int]] = []
    for activity in reading.activities:
        where = (activity.row, activity.name_col)
        for r, c, stray in activity.strays:
            report.unmapped.append(
                Entry.at((r, c), f"{at(r, c)}: '{clean(stray)}' is under no heading, so under no role")
            )
        if activity.name and not activity.marks:
            section, section_at = activity.name, where
            continue
        problems = [m for m in activity.marks if m.problem is not None]
        if len(problems) >= 2 and not any(m.keys for m in activity.marks):
            shown = ", ".join(f"'{clean(m.text)}'" for m in problems[:3])
            report.unmapped.append(
                Entry.at(
                    where, f"{at(*where)}: '{activity.name}' holds no letters ({shown}…): not an activity, not imported"
                )
            )
            continue
        if not activity.name:
            if activity.marks:
                report.unmapped.append(Entry.at(where, f"{at(*where)}: letters with no activity name"))
            continue
        letters: dict[str, list[str]] = {}
        notes = [f"Part of: {section}"] if section else []
        notes += [f"{heading}: {text}" for heading, text in activity.details]
        if section:
            sections_used.add(section_at)
        combos: list[tuple[tuple[int, int], str, str, list[str]]] = []  # place, text, role, keys
        under: dict[str, list[tuple[tuple[int, int], str]]] = {}  # letters across: role → (place, key)
        for mark in activity.marks:
            place = (mark.row, mark.col)
            role_id = role(mark.role, mark.role, place)[0] if mark.role else ""
            for key in mark.keys:
                if role_id not in letters.setdefault(key, []):
                    letters[key].append(role_id)
                if across:
                    under.setdefault(role_id, []).append((place, key))
            if len(mark.keys) > 1:
                combos.append((place, mark.text, role_id, mark.keys))
            for condition in mark.conditions:
                if f"{role_id}: {condition}" not in notes:
                    notes.append(f"{role_id}: {condition}")
                    report.notes.append(Entry.at(place, f"{at(*place)}: condition '{condition}' kept as a note"))
            for cell_note in mark.notes:
                if cell_note.kind is NoteKind.SPLIT:
                    report.merged.append(
                        Entry.at(
                            place,
                            f"{at(*place)}: '{cell_note.text}' read as several roles; if it is one role, "
                            "write its name without 'and'",
                        )
                    )
                    continue
                if cell_note.kind is NoteKind.LOOKALIKE:
                    typed = cell_note.text
                    latin = typed.translate(LOOKALIKES)
                    report.notes.append(
                        Entry.at(place, f"{at(*place)}: '{typed}' is written in another alphabet; read as {latin}")
                    )
                    continue
                sign = cell_note.text
                footnote_text = reading.footnotes.get(sign)
                if footnote_text is None:
                    report.notes.append(
                        Entry.at(place, f"{at(*place)}: footnote mark '{sign}' has no footnote below the table")
                    )
                elif f"{role_id}: {footnote_text}" not in notes:
                    notes.append(f"{role_id}: {footnote_text}")
                    report.notes.append(
                        Entry.at(place, f"{at(*place)}: footnote '{sign}' ({footnote_text}) kept as a note")
                    )
            if mark.problem is not None:
                heading = f" ({mark.role})" if mark.role else ""
                report.unmapped.append(
                    Entry.at(place, f"{at(*place)}{heading}: '{mark.problem}' is not a letter of {scheme.name}")
                )
        key = activity.name.casefold()
        if key in by_name:
            earlier = by_name[key]
            if earlier.letters == letters:
                report.merged.append(
                    Entry.at(
                        where, f"{at(*where)}: '{activity.name}' repeats an earlier row exactly; merged into one step"
                    )
                )
                continue
            report.notes.append(
                Entry.at(where, f"{at(*where)}: '{activity.name}' appears twice with different letters; kept both")
            )
        for place, written, role_id, keys in combos:
            if set(keys) == usual:
                usual_places.append(place)
                continue
            words = " and ".join(_label(scheme, k) for k in keys)
            report.merged.append(
                Entry.at(
                    place, f"{at(*place)}: '{clean(written)}' makes {role_id} {words} in '{activity.name}'; both kept"
                )
            )
        for role_id, found_under in under.items():
            keys = list(dict.fromkeys(k for _, k in found_under))
            if len(keys) < 2:
                continue
            if set(keys) == usual:
                usual_places.append(found_under[0][0])
                continue
            place = found_under[0][0]
            shown = " and ".join(scheme_letter(scheme, k) for k in keys)
            report.merged.append(
                Entry.at(
                    place, f"{at(*place)}: {role_id} is named under {shown} in '{activity.name}'; both letters kept"
                )
            )
        given_id = activity.given_id
        base = (
            given_id
            if re.fullmatch(r"[a-z0-9][a-z0-9-]{0,62}", given_id) and re.search("[a-z]", given_id)
            else slug(activity.name)
        )
        base = _safe(base, "step")
        step_id, n = base, 2
        while step_id in taken:
            step_id, n = f"{base}-{n}", n + 1
        taken.add(step_id)
        step = Step(step_id, activity.name, letters, notes)
        steps.append(step)
        report.at[step_id] = at(*where)
        by_name.setdefault(key, step)
    if usual_places:
        pair = "/".join(scheme_letter(scheme, k) for k in sorted(usual, key=lambda k: _order(scheme, k)))
        places = [at(*p) for p in sorted(usual_places)]
        said = (
            f"{pair.replace('/', ' and ')} for one role in {_count(len(places), 'row')}"
            if across
            else f"{pair} in {_count(len(places), 'cell')}"
        )
        report.merged.append(
            Entry.first(f"{said} ({_span(places)}): the role does the work and answers for it; both letters kept")
        )
    for row, col in sorted(sections_used):
        title = next(a.name for a in reading.activities if (a.row, a.name_col) == (row, col))
        report.notes.append(
            Entry.at((row, col), f"{at(row, col)}: section '{title}' kept as the detail of the steps below it")
        )
    if section and section_at not in sections_used:
        report.unmapped.append(
            Entry.at(section_at, f"{at(*section_at)}: '{section}' has no letters and no steps below it")
        )
    report.steps = len(steps)
    used = {r for s in steps for ids in s.letters.values() for r in ids}
    new_roles: dict[str, str] = {}
    for role_id, title, exists in sorted(resolved.values()):
        if not exists:
            new_roles.setdefault(role_id, title)
    stubs = {r: t for r, t in new_roles.items() if r in used}
    report.new_roles = sorted(stubs)
    unused = [
        Entry.last(f"column '{new_roles[role_id]}' holds no letter; no role was created for it")
        for role_id in sorted(set(new_roles) - used)
    ]
    report.notes += _after_the_table(below, unused, titled=bool(reading.titles or reading.over))
    return steps, stubs, report


def _after_the_table(below: list[Entry], unused: list[Entry], *, titled: bool) -> list[Entry]:
    """The notes that follow every cell's: the roles' columns that hold no letter, then the notes
    below the table; but a table with no title and no heading row above its roles' names keeps
    its first note below the table before the columns. (An accident of the order the report has
    always had, kept so that no report changes.)"""
    first = 0 if titled else min(1, len(below))
    return [*below[:first], *unused, *below[first:]]


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
