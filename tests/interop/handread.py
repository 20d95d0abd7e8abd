"""Compare what ``charter import raci`` makes of a matrix with what a person read in it.

Each case is a folder with ``matrix.<ext>`` and ``hand.yaml``: the activities in file order
with their letters by role title, the defects a careful reader finds (no Accountable, two, no
Responsible, a letter that is not one of the scheme's), the rows that are not activities, and
the cells that combine letters. The answer keys were written by hand, by people who had not
seen the importer; :func:`differences` lists every way the import departs from them.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

LETTERS = ("responsible", "accountable", "consulted", "informed")


def run_import(case: Path, org: Path) -> tuple[int, str, dict[str, Any]]:
    org.mkdir(parents=True)
    (org / "organisation.yaml").write_text("name: Hand-read\ncommon_goal: Matrices read as people read them.\n")
    matrix = next(case.glob("matrix.*"))
    done = subprocess.run(
        [sys.executable, "-m", "charter", "import", "raci", str(matrix), "--outcome", "imported", "--into", str(org)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    checked = subprocess.run(
        [sys.executable, "-m", "charter", "validate", str(org), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr, json.loads(checked.stdout)


def _titles(org: Path) -> dict[str, str]:
    titles = {}
    for path in (org / "roles").glob("*.yaml"):
        data = yaml.safe_load(path.read_text())
        titles[data["id"]] = data["title"]
    return titles


def _norm(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _letters_and_conditions(keyed: list[Any], steps: list[Any], titles: dict[str, str]) -> list[str]:
    """Each step's letters by role title as the key has them, and its conditions in its detail."""
    found: list[str] = []
    by_name: dict[str, Any] = {}
    for s in steps:
        by_name.setdefault(_norm(s["name"]), s)  # a name given twice: the key reads the first
    for step in keyed:
        mine = by_name.get(_norm(step["name"]))
        if mine is None:
            continue
        for letter in LETTERS:
            expected = sorted(_norm(t) for t in step.get(letter) or [])
            actual = sorted(_norm(titles.get(r, r)) for r in mine.get(letter) or [])
            if expected != actual:
                found.append(f"{step['name']!r} {letter}: key {expected}, import {actual}")
        detail = _norm(mine.get("detail") or "")
        for condition in step.get("conditions") or []:  # each kept somewhere in the step's detail
            if _norm(condition) not in detail:
                found.append(f"{step['name']!r} condition {condition!r} not in the step's detail: {detail!r}")
    return found


def differences(case: Path, org: Path, ran: tuple[int, str, dict[str, Any]] | None = None) -> list[str]:
    """How the import into ``org`` (run here unless ``ran`` is its result) differs from the hand-read key."""
    hand = yaml.safe_load((case / "hand.yaml").read_text())
    code, out, result = ran or run_import(case, org)
    found: list[str] = []
    outcome = org / "outcomes" / "imported.yaml"
    if code == 2 or not outcome.exists():
        return [f"not imported: {out.strip()}"]
    if hand.get("table") and f"table {hand['table']} of" not in out.split("\n")[1]:
        found.append(f"wrong table: {out.splitlines()[1]}")
    layout = {"activities-down": "activities down", "roles-down": "roles down", "letters-across": "letters across"}
    if layout[hand["layout"]] not in out.splitlines()[1]:
        found.append(f"layout {hand['layout']} read as: {out.splitlines()[1]}")
    data = yaml.safe_load(outcome.read_text())
    titles = _titles(org)
    steps = data.get("steps") or []
    got = [_norm(s["name"]) for s in steps]
    want = [_norm(s["name"]) for s in hand["steps"]]
    for name in want:
        if name not in got:
            found.append(f"activity missing: {name}")
    for name in got:
        if name not in want:
            found.append(f"activity not in the key: {name}")
    found += _letters_and_conditions(hand["steps"], steps, titles)
    defects: set[tuple[str, str]] = set()
    for p in result["problems"]:
        if p["code"] != "CH201":
            continue
        step_name = re.match(r"step '(.*?)' ", p["message"])
        assert step_name is not None
        named = _norm(step_name.group(1))
        if "no Accountable" in p["message"]:
            defects.add((named, "no-accountable"))
        elif "Accountable roles" in p["message"]:
            defects.add((named, "two-accountable"))
        elif "no Responsible" in p["message"]:
            defects.add((named, "no-responsible"))
    wanted = {(_norm(d["step"]), d["problem"]) for d in hand.get("defects") or [] if d["problem"] != "unknown-letter"}
    for d in sorted(wanted - defects):
        found.append(f"defect not found: {d}")
    for d in sorted(defects - wanted):
        found.append(f"defect not in the key: {d}")
    # The stubs' placeholders: one line for the whole import, none one by one.
    codes = [p["code"] for p in result["problems"]]
    if codes.count("CH311") != 1 or {"CH305", "CH308", "CH310"} & set(codes):
        found.append(f"placeholders not in one line: {sorted(codes)}")
    unknown = {_norm(d["step"]) for d in hand.get("defects") or [] if d["problem"] == "unknown-letter"}
    rows = {
        int(m.group(1)) if m.group(1) else m.group(2)
        for m in re.finditer(
            r"^  [^:\n]+:(?:(\d+):\d+|([^!\n]+![A-Z]+\d+)).*(?:is not a letter of|in another alphabet)", out, re.M
        )
    }
    if len(rows) != len(unknown):
        found.append(f"{len(unknown)} steps with unknown letters in the key, {len(rows)} rows reported")
    return found
