"""Downloads: RACI matrices as CSV and XLSX, and the whole model as JSON.

A matrix has a row per step and a column per role or external party, each headed
``Title (id)`` so that people read titles and tools (``charter import raci``) find ids. A cell
holds the letters in the scheme's order, joined by ``/`` (``R/A``).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from charter.model.graph import Org
from charter.render import views
from charter.render.xlsx import workbook
from charter.schema.models import OutcomeBase, outcome_steps


def _column_heading(org: Org, actor: str) -> str:
    if actor in org.roles:
        return f"{org.roles[actor].title} ({actor})"
    if actor in org.externals:
        return f"{org.externals[actor].name} ({actor})"
    return actor


def matrix_rows(org: Org, outcomes: list[OutcomeBase]) -> list[list[str]]:
    table = views.matrix(org, outcomes)
    rows = [["Outcome", "Step id", "Step", *(_column_heading(org, a) for a in table.actors)]]
    rows += [[outcome.id, step.id, step.name, *cells] for outcome, step, cells in table.rows]
    return rows


WIDE_LIMIT = 250  # columns: beyond this a grid is unreadable, and its size grows as roles × steps


def assignments(org: Org, outcomes: list[OutcomeBase]) -> list[list[str]]:
    """The long form: one row per step and role holding letters in it (any size stays linear)."""
    rows = [["Outcome", "Step id", "Step", "Role", "Letters"]]
    for outcome in outcomes:
        for step in outcome_steps(outcome):
            letters = org.letters(step)
            holders: dict[str, list[str]] = {}
            for letter in org.scheme.letters:
                for actor in letters[letter.key]:
                    holders.setdefault(actor, []).append(letter.letter)
            rows += [
                [outcome.id, step.id, step.name, _column_heading(org, a), "/".join(ls)] for a, ls in holders.items()
            ]
    return rows


def organisation_matrix(org: Org) -> tuple[list[list[str]], bool]:
    """The whole organisation's matrix: a grid while it stays readable, else the long form."""
    every = list(org.outcomes.values())
    involved = {a for ref in org.steps() for holders in org.letters(ref.step).values() for a in holders}
    if len(involved) <= WIDE_LIMIT:
        return matrix_rows(org, every), True
    return assignments(org, every), False


def _csv_cell(value: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheet programs (CSV injection).
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def as_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_csv_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


def as_xlsx(title: str, rows: list[list[str]]) -> bytes:
    return workbook(title, rows)


def model_json(org: Org) -> bytes:
    """Everything in the organisation's files, resolved and sorted, as one JSON document."""
    document: dict[str, Any] = {
        "format": "charter-model",
        "version": 1,
        "organisation": org.settings.model_dump(mode="json"),
        "teams": [t.model_dump(mode="json") for t in org.teams.values()],
        "roles": [r.model_dump(mode="json") for r in org.roles.values()],
        "people": [p.model_dump(mode="json") for p in org.people.values()],
        "external": [e.model_dump(mode="json") for e in org.externals.values()],
        "outcomes": [o.model_dump(mode="json") for o in org.outcomes.values()],
    }
    return (json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
