"""Realistic mistakes a manager makes, several at a time in one organisation, and exactly what one
``charter validate`` run must print for them, word for word.

Each case under tests/mistakes/ lays ``<case>/org/`` over the minimal organisation;
``mistakes.txt`` lists the mistakes made, one per line, and ``expect.txt`` is the whole report.
One run must report every one of them, each once, on its own line: no mistake may wait for
another to be fixed first.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, run_charter

MISTAKES = Path(__file__).resolve().parent / "mistakes"
CASES = sorted(p.name for p in MISTAKES.iterdir() if (p / "expect.txt").is_file())


def test_the_corpus_holds_twenty_mistakes_or_more() -> None:
    made = sum(len((MISTAKES / case / "mistakes.txt").read_text().splitlines()) for case in CASES)
    assert made >= 20


@pytest.mark.parametrize("case", CASES)
def test_one_run_reports_every_mistake_in_plain_words(case: str, tmp_path: Path) -> None:
    org = tmp_path / "org"
    shutil.copytree(FIXTURES / "minimal", org)
    shutil.copytree(MISTAKES / case / "org", org, dirs_exist_ok=True)
    done = run_charter("validate", "org", cwd=tmp_path)
    assert done.stderr == ""
    assert done.returncode == 1
    assert done.stdout == (MISTAKES / case / "expect.txt").read_text()
    errors = [line for line in done.stdout.splitlines() if ": error CH" in line]
    made = (MISTAKES / case / "mistakes.txt").read_text().splitlines()
    assert len(errors) == len(made)
    # Each on its own line of its own file: no two reports of one place.
    assert len({line.split(": error")[0] for line in errors}) == len(errors)
    # Plain words: never the parser's own jargon.
    for jargon in ("scanning", "token", "block mapping", "indicator", "invalid YAML"):
        assert jargon not in done.stdout
