"""The held-out everyday mistakes: each case makes 10 or 11 slips at once across four or five
files of the example organisation, the way managers editing YAML in a browser make them; one
``charter validate`` must explain every one of them on its line. Written by a helper who had not
seen charter's code and never ran charter on them (README.md beside this file)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from charter.core.problem import Problem
from charter.validate.check import validate
from tests.conftest import TODAY
from tests.heldout.test_regressions import apply_edits

HERE = Path(__file__).parent
CASES = sorted(p.name for p in (HERE / "mistakes").iterdir() if p.is_dir())
PARSER_WORDS = ("while parsing", "while scanning", "expected <block end>", "could not find expected", "found character")


def missed(case: str, tmp_path: Path) -> tuple[list[str], list[Problem]]:
    edits = yaml.safe_load((HERE / "mistakes" / case / "edits.yaml").read_text(encoding="utf-8"))
    apply_edits(edits, tmp_path / "org")
    problems = validate(str(tmp_path / "org"), TODAY).problems
    listed = yaml.safe_load((HERE / "mistakes" / case / "expected.yaml").read_text(encoding="utf-8"))["mistakes"]
    lines = {(p.path, p.line) for p in problems}
    gone = [f"{m['file']}:{m['line']} {m['what']}" for m in listed if (m["file"], m["line"]) not in lines]
    return gone, list(problems)


@pytest.mark.parametrize("case", CASES)
def test_every_mistake_is_explained_in_one_run_on_its_line(tmp_path: Path, case: str) -> None:
    gone, problems = missed(case, tmp_path)
    assert gone == []
    assert [p.message for p in problems if any(w in p.message for w in PARSER_WORDS)] == []
