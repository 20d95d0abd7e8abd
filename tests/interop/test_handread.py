"""The import against matrices read by hand (tests/interop/handread.py says how).

``blind/`` was written by someone who had not seen the importer, after its rules were set: the
same rules must hold on tables nobody tuned them to. Issue 32 added two rounds of it (matrices
continued over several tables, letters joined with any separator, words that qualify a letter,
names such as "Arquiteto(a)"), each measured before the importer was changed for it: 1 of 6
and then 5 of 8 read exactly as their writers did; all of both after. ``matrices/`` is the corpus the rules were
developed against; each of its cases also holds ``expect.txt``, the import's exact report, read
and checked against the file by hand, so that any change to a message or a position shows.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.interop.handread import differences, run_import

HERE = Path(__file__).resolve().parent
BLIND = sorted(p.name for p in (HERE / "blind").iterdir() if (p / "hand.yaml").is_file())
MATRICES = sorted(p.name for p in (HERE / "matrices").iterdir() if (p / "hand.yaml").is_file())


def test_the_corpora_are_large_enough() -> None:
    assert len(MATRICES) >= 15
    assert len(BLIND) >= 23
    formats = {next((HERE / "matrices" / c).glob("matrix.*")).suffix for c in MATRICES}
    assert formats == {".md", ".csv", ".tsv", ".xlsx"}


@pytest.mark.parametrize("case", BLIND)
def test_blind(case: str, tmp_path: Path) -> None:
    assert differences(HERE / "blind" / case, tmp_path / "org") == []


def report(case: Path, org: Path, out: str) -> str:
    """The import's report, with the temporary folder's name taken out."""
    text = out.replace(str(case) + "/", "").replace(str(org), "org")
    return re.sub(r"^then charter validate:\n.*", "", text, flags=re.S | re.M)


@pytest.mark.parametrize("case", MATRICES)
def test_matrix(case: str, tmp_path: Path) -> None:
    folder, org = HERE / "matrices" / case, tmp_path / "org"
    ran = run_import(folder, org)  # one import: its organisation against the key, its report against expect.txt
    assert differences(folder, org, ran) == []
    assert report(folder, org, ran[1]) == (folder / "expect.txt").read_text(encoding="utf-8")
