"""Every code charter can report has a worked example that fails and one that passes
(``tests/examples/<CODE>/``, see :mod:`charter.report.examples`), run here as data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from charter.report.examples import EXAMPLES, codes_with_examples
from charter.validate import registry
from charter.validate.check import validate
from tests.conftest import FIXTURES, TODAY, run_charter

EVERY_CODE = sorted(registry.codes())
FOLDERS = [(code, side) for code in codes_with_examples() for side in ("fail", "pass")]


def laid_over_minimal(example: Path, tmp_path: Path) -> Path:
    org = tmp_path / "org"
    shutil.copytree(FIXTURES / "minimal", org)
    remove = example / "remove.txt"
    for rel in remove.read_text().split() if remove.is_file() else []:
        (org / rel).unlink()
    if (example / "org").is_dir():
        shutil.copytree(example / "org", org, symlinks=True, dirs_exist_ok=True)
    return org


def test_every_code_has_an_example_that_fails_and_one_that_passes() -> None:
    missing = [code for code in EVERY_CODE if not all((EXAMPLES / code / side).is_dir() for side in ("fail", "pass"))]
    assert missing == [], f"add tests/examples/<CODE>/fail and pass for: {missing}"
    assert set(codes_with_examples()) <= set(EVERY_CODE), "an example folder for a code that does not exist"


@pytest.mark.parametrize(("code", "side"), FOLDERS, ids=[f"{c}-{s}" for c, s in FOLDERS])
def test_example(code: str, side: str, tmp_path: Path) -> None:
    example = EXAMPLES / code / side
    org = laid_over_minimal(example, tmp_path)
    result = validate(str(org), TODAY)
    found = sorted(f"{p.code} {Path(p.path).as_posix()}:{p.line}" for p in result.problems)  # a folder without its /
    if side == "pass":
        assert found == [], f"{example}: a corrected example reports nothing"
        return
    expected = sorted((example / "expect.txt").read_text().splitlines())
    assert any(line.startswith(f"{code} ") for line in expected), f"{example}/expect.txt must name {code}"
    assert found == expected


def test_explain_shows_the_examples() -> None:
    done = run_charter("explain", "CH104")
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert "Example — reported:" in text
    assert "Put right:" in text
    reported = text.index("Example — reported:")
    assert reported < text.index("    CH104 roles/agent.yaml:4\n", reported) < text.index("Put right:")
