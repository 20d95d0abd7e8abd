"""Turn a RACI matrix as people really write it into an outcome file and stub roles.

Real matrices say ``R/A``, ``A/R``, ``R, A``, ``RA``, ``r``; leave cells empty or write ``—``,
``-`` or ``n/a``; add conditions (``A (P1)``), footnote markers (``R*``, ``A¹``, ``C[2]``),
section rows that span the table, and sometimes the same activity twice. Every cell is either
mapped to the organisation's scheme or listed in the report with its row and column: nothing is
dropped silently. Which way round the table is (activities down or across) is detected.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from charter.load.discover import read_file
from charter.schema.jsonschema import comment_for
from charter.schema.schemes import Scheme
from charter.spreadsheet import column_name

EMPTY = frozenset(("", "-", "—", "–", "n/a", "na", "none", "."))
FOOTNOTE = re.compile(r"(\[\d+\]|[*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰]+)$")
CONDITION = re.compile(r"\(([^)]*)\)")


@dataclass
class Report:
    """What the import did with every part of the table."""

    orientation: str = ""
    steps: int = 0
    new_roles: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # kept, but not as a letter
    unmapped: list[str] = field(default_factory=list)  # could not be mapped: row, column, text


@dataclass
class Step:
    id: str
    name: str
    letters: dict[str, list[str]]
    notes: list[str]


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    value = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60].strip("-")
    return value or "step"


def parse_cell(text: str, scheme: Scheme) -> tuple[list[str], list[str], str | None]:
    """(scheme keys, conditions, what could not be read) for one cell."""
    value = " ".join(text.split())
    conditions = [c.strip() for c in CONDITION.findall(value) if c.strip()]
    value = CONDITION.sub(" ", value)
    value = FOOTNOTE.sub("", value.strip()).strip()
    if value.lower() in EMPTY:
        return [], conditions, None
    by_letter = {letter.letter.upper(): letter.key for letter in scheme.letters}
    keys: list[str] = []
    leftover = []
    for raw in re.split(r"[\s/,;+&]+", value):
        token = FOOTNOTE.sub("", raw)
        if not token:
            continue
        if all(ch.upper() in by_letter for ch in token) and len(token) <= len(by_letter):
            for ch in token:
                key = by_letter[ch.upper()]
                if key not in keys:
                    keys.append(key)
        else:
            leftover.append(token)
    problem = " ".join(leftover) if leftover else None
    return keys, conditions, problem


def _role_lookup(org_dir: Path) -> dict[str, str]:
    """Every way a role may be named in a header (id, title) → its id."""
    names: dict[str, str] = {}
    folder = org_dir / "roles"
    for path in sorted(folder.rglob("*.yaml")) if folder.is_dir() else []:
        data, _ = read_file(str(org_dir), path.relative_to(org_dir).as_posix())
        if data is not None and isinstance(data.get("id"), str):
            names[data["id"].casefold()] = data["id"]
            if isinstance(data.get("title"), str):
                names[" ".join(data["title"].split()).casefold()] = data["id"]
    for path in sorted((org_dir / "external").rglob("*.yaml")) if (org_dir / "external").is_dir() else []:
        data, _ = read_file(str(org_dir), path.relative_to(org_dir).as_posix())
        if data is not None and isinstance(data.get("id"), str):
            names[data["id"].casefold()] = data["id"]
            if isinstance(data.get("name"), str):
                names[" ".join(data["name"].split()).casefold()] = data["id"]
    return names


def header_role(header: str, known: dict[str, str]) -> tuple[str, str, bool]:
    """(id, title, exists) for a column header such as "Service Desk Agent (service-desk-agent)"."""
    text = " ".join(FOOTNOTE.sub("", header.strip()).split())
    match = re.fullmatch(r"(.*?)\s*\(([a-z0-9][a-z0-9-]*)\)", text)
    if match and match.group(2).casefold() in known:
        return known[match.group(2).casefold()], match.group(1) or match.group(2), True
    if match:
        return match.group(2), match.group(1) or match.group(2), False
    if text.casefold() in known:
        return known[text.casefold()], text, True
    return slug(text), text, False


def _one_accountable_share(rows: list[list[str]], scheme: Scheme) -> float:
    """How many lines (after the header) have exactly one accountable letter in them."""
    owner = {letter.letter.upper() for letter in scheme.letters if letter.accountable}
    lines = [r[1:] for r in rows[1:] if any(c.strip() for c in r[1:])]
    if not lines:
        return 0.0
    hits = 0
    for line in lines:
        count = sum(
            1
            for cell in line
            if set(parse_cell(cell, scheme)[0])
            & {letter.key for letter in scheme.letters if letter.letter.upper() in owner}
        )
        hits += count == 1
    return hits / len(lines)


def orient(rows: list[list[str]], scheme: Scheme, known: dict[str, str]) -> tuple[list[list[str]], str]:
    """Rows with activities down the first column and roles across the header."""
    width = max((len(r) for r in rows), default=0)
    padded = [r + [""] * (width - len(r)) for r in rows]
    flipped = [list(col) for col in zip(*padded, strict=True)] if padded else []
    across = sum(1 for h in padded[0][1:] if header_role(h, known)[2]) if padded else 0
    down = sum(1 for r in padded[1:] if r and header_role(r[0], known)[2])
    if across != down:
        return (
            (padded, "activities down, roles across") if across > down else (flipped, "roles down, activities across")
        )
    # No roles known yet: one Accountable per activity is the tell-tale.
    if _one_accountable_share(flipped, scheme) > _one_accountable_share(padded, scheme):
        return flipped, "roles down, activities across"
    return padded, "activities down, roles across"


def _line_number(text: str) -> int:
    match = re.match(r"line (\d+)", text)
    return int(match.group(1)) if match else 0


def _is_letters(text: str, scheme: Scheme) -> bool:
    _keys, _conditions, problem = parse_cell(text, scheme)
    return problem is None


def label_columns(table: list[list[str]], scheme: Scheme) -> list[int]:
    """The leading columns that name activities (and their ids, outcomes, numbers) rather than
    holding letters: most of their cells are not letters of the scheme."""
    labels = []
    width = len(table[0]) if table else 0
    for index in range(width):
        cells = [row[index] for row in table[1:] if index < len(row) and row[index].strip()]
        letters = sum(1 for cell in cells if _is_letters(cell, scheme))
        if index == 0 or (cells and letters < len(cells) / 2):
            labels.append(index)
        else:
            break
    return labels


NAME_HEADERS = re.compile(r"^(step|steps|activity|activities|task|tasks|deliverable|decision|what|name)$", re.I)
ID_HEADERS = re.compile(r"^(step[ _-]?id|id|key)$", re.I)


def name_and_id_columns(headers: list[str], labels: list[int]) -> tuple[int, int | None]:
    named = [i for i in labels if NAME_HEADERS.match(headers[i].strip())]
    ids = [i for i in labels if ID_HEADERS.match(headers[i].strip())]
    name_col = named[0] if named else next((i for i in reversed(labels) if i not in ids), labels[0])
    return name_col, (ids[0] if ids else None)


def import_matrix(rows: list[list[str]], scheme: Scheme, org_dir: Path) -> tuple[list[Step], dict[str, str], Report]:
    """Steps, the roles they name (id → title, for stubs), and the report."""
    report = Report()
    rows = [r for r in rows if any(c.strip() for c in r)]
    if len(rows) < 2:
        raise ValueError("the table needs a header row and at least one activity")
    known = _role_lookup(org_dir)
    table, report.orientation = orient(rows, scheme, known)
    headers = table[0]
    labels = label_columns(table, scheme)
    name_col, id_col = name_and_id_columns(headers, labels)
    for index in labels:
        if index not in (name_col, id_col):
            report.notes.append(f"column {column_name(index)} ({headers[index].strip()}) read as a label, not a role")
    columns: dict[int, str] = {}
    new_roles: dict[str, str] = {}
    for index, header in enumerate(headers):
        if index in labels or not header.strip():
            continue
        role_id, title, exists = header_role(header, known)
        columns[index] = role_id
        if not exists and role_id not in new_roles:
            new_roles[role_id] = title
    steps: list[Step] = []
    by_name: dict[str, Step] = {}
    section, section_line = "", 0
    sections_used: dict[int, str] = {}
    for number, row in enumerate(table[1:], start=2):
        name = " ".join(row[name_col].split()) if name_col < len(row) else ""
        given_id = row[id_col].strip() if id_col is not None and id_col < len(row) else ""
        cells = {i: row[i] for i in columns if i < len(row) and row[i].strip()}
        unnamed = [i for i in range(len(row)) if row[i].strip() and i not in columns and i not in labels]
        for i in unnamed:
            report.unmapped.append(f"line {number}, column {column_name(i)}: '{row[i].strip()}' is under no role")
        if name and not cells and not unnamed:
            section, section_line = name, number
            continue
        if not name:
            if cells:
                report.unmapped.append(f"line {number}: letters with no activity name")
            continue
        letters: dict[str, list[str]] = {}
        notes = [f"Part of: {section}"] if section else []
        if section:
            sections_used[section_line] = section
        for index, text in cells.items():
            keys, conditions, problem = parse_cell(text, scheme)
            role_id = columns[index]
            for key in keys:
                letters.setdefault(key, []).append(role_id)
            if conditions:
                notes += [f"{role_id}: {c}" for c in conditions]
                report.notes.append(
                    f"line {number}, column {column_name(index)}: condition '{', '.join(conditions)}' kept as a note"
                )
            if problem is not None:
                report.unmapped.append(
                    f"line {number}, column {column_name(index)} ({headers[index].strip()}): "
                    f"'{problem}' is not a letter of {scheme.name}"
                )
        key = name.casefold()
        if key in by_name:
            first = by_name[key]
            if first.letters == letters:
                report.notes.append(f"line {number}: '{name}' repeats an earlier row exactly; merged")
                continue
            report.notes.append(f"line {number}: '{name}' appears twice with different letters; kept both")
        base = given_id if re.fullmatch(r"[a-z0-9][a-z0-9-]{0,62}", given_id) else slug(name)
        step_id, n = base, 2
        while any(s.id == step_id for s in steps):
            step_id, n = f"{base}-{n}", n + 1
        step = Step(step_id, name, letters, notes)
        steps.append(step)
        by_name.setdefault(key, step)
    for line, title in sorted(sections_used.items()):
        report.notes.append(f"line {line}: section '{title}' kept as the detail of the steps below it")
    if section and section_line not in sections_used:
        report.unmapped.append(f"line {section_line}: '{section}' has no letters and no steps below it")
    report.notes.sort(key=_line_number)
    report.unmapped.sort(key=_line_number)
    report.steps = len(steps)
    used = {r for s in steps for ids in s.letters.values() for r in ids}
    stubs = {r: t for r, t in new_roles.items() if r in used}
    report.new_roles = sorted(stubs)
    for role_id in sorted(set(new_roles) - used):
        report.notes.append(f"column '{new_roles[role_id]}' holds no letter; no role was created for it")
    return steps, stubs, report


def _yaml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def outcome_yaml(outcome_id: str, name: str, steps: list[Step], scheme: Scheme) -> str:
    owner_key = next(letter.key for letter in scheme.letters if letter.accountable)
    counts = Counter(r for s in steps for r in s.letters.get(owner_key, []))
    accountable = counts.most_common(1)[0][0] if counts else None
    lines = [
        comment_for("outcome", f"outcomes/{outcome_id}.yaml"),
        "# Imported from a RACI matrix by `charter import raci`: review the TODOs and the flow (`next`).",
        f"id: {outcome_id}",
        f"name: {_yaml_str(name)}",
        'promise: "TODO: what the customer is promised"',
        'measure: {metric: "TODO: what is measured", target: "TODO: the promised level"}',
    ]
    if accountable is not None:
        lines.append(f"accountable: {accountable}  # the role accountable for most steps; check it")
    lines.append("steps:")
    for index, step in enumerate(steps):
        lines.append(f"  - id: {step.id}")
        lines.append(f"    name: {_yaml_str(step.name)}")
        if step.notes:
            lines.append(f"    detail: {_yaml_str('; '.join(step.notes))}")
        for letter in scheme.letters:
            holders = step.letters.get(letter.key, [])
            if holders:
                lines.append(f"    {letter.key}: [{', '.join(holders)}]")
        if index + 1 < len(steps):
            lines.append(f"    next: [{steps[index + 1].id}]")
    return "\n".join(lines) + "\n"


def stub_role(role_id: str, title: str, team: str) -> str:
    return (
        "\n".join(
            [
                comment_for("role", f"roles/{role_id}.yaml"),
                "# Created by `charter import raci` for a column of the matrix: fill in the TODOs.",
                f"id: {role_id}",
                f"title: {_yaml_str(title)}",
                f"team: {team}",
                'purpose: "TODO: Customers fund this job so that …"',
                "owns:",
                '  - "TODO: what this role decides alone"',
                "holders: []",
            ]
        )
        + "\n"
    )


def stub_team(team_id: str) -> str:
    return (
        "\n".join(
            [
                comment_for("team", f"teams/{team_id}.yaml"),
                "# Created by `charter import raci` for roles whose team is not known yet: move them.",
                f"id: {team_id}",
                'name: "Imported roles"',
                'purpose: "TODO: move these roles to their teams"',
            ]
        )
        + "\n"
    )
