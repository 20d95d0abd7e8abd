"""The hostile and broken inputs in tests/corpus/, one folder each, discovered by glob.

Each case is the minimal organisation with the files under ``<case>/org/`` laid over it (and
those named in ``remove.txt`` deleted). ``expect.txt`` lists every problem it must produce, as
``CODE path:line``, no more and no fewer. Charter runs in its own process, as CI runs it, and
must exit 1 with nothing on stderr: no traceback, whatever the input.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, run_json

CORPUS = Path(__file__).resolve().parent / "corpus"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "expect.txt").is_file())


def build_case(name: str, tmp_path: Path) -> Path:
    org = tmp_path / "org"
    shutil.copytree(FIXTURES / "minimal", org)
    case = CORPUS / name
    remove = case / "remove.txt"
    if remove.is_file():
        for rel in remove.read_text().split():
            (org / rel).unlink()
    if (case / "org").is_dir():
        shutil.copytree(case / "org", org, symlinks=True, dirs_exist_ok=True)
    return org


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 25
    codes = {line.split()[0] for name in CASES for line in (CORPUS / name / "expect.txt").read_text().splitlines()}
    # Every loader and structure code is exercised by at least one case.
    assert {f"CH{n:03d}" for n in [*range(2, 16), 20, 21, 22, 23]} <= codes


@pytest.mark.parametrize("name", CASES)
def test_case(name: str, tmp_path: Path) -> None:
    build_case(name, tmp_path)
    code, report, stderr = run_json("validate", "org", cwd=tmp_path)
    assert stderr == ""
    assert code == 1
    expected = sorted((CORPUS / name / "expect.txt").read_text().split("\n")[:-1])
    found = sorted(f"{p['code']} {p['path'].removeprefix('org/')}:{p['line']}" for p in report["problems"])
    assert found == expected
    for problem in report["problems"]:
        assert problem["message"]
        assert problem["path"].startswith("org/")
    assert report["summary"]["errors"] >= 1
