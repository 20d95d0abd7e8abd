"""The benchmark harness runs (at size XS), and the generated organisations validate clean.

Timings are not asserted here (benchmarks are not tests); the harness's own output is checked
for every row it must produce, with numbers in it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from benchmarks.generate import generate
from charter.validate.check import validate
from tests.conftest import ROOT, TODAY


def test_generated_organisation_validates_clean_and_is_reproducible(tmp_path: Path) -> None:
    counts = generate("S", tmp_path / "a", seed=3)
    assert counts["roles"] == 500
    assert counts["outcomes"] == 100
    assert 5 * 100 <= counts["steps"] <= 40 * 100
    result = validate(str(tmp_path / "a"), TODAY)
    assert [f"{p.code} {p.message}" for p in result.problems] == []
    generate("S", tmp_path / "b", seed=3)
    a = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*.yaml")}
    b = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*.yaml")}
    assert a == b


def test_harness_runs(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "harness.py"), "--quick", "--work", str(tmp_path)],
        capture_output=True, text=True, check=False, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ") and "---" not in line][1:]
    measures = [row.split(" | ")[0].lstrip("| ") for row in rows]
    assert measures == [
        "validate vs yaml.load(CSafeLoader)",
        "charter ask: index kept vs made",
        "validate vs check-jsonschema (commands)",
        "build vs one bare properdocs build of its pages",
        "rebuild, nothing changed: generation step",
        "rebuild, one role edited: generation step",
        "median role page HTML",
        "serve: one role edited, until its page shows it",
        "diff of a reorganisation renaming 20 roles",
        "peak memory of validate",
    ]
    for row in rows:
        assert re.search(r"\d+(\.\d+)? (s|MB|KB)", row), row
    by_measure = dict(zip(measures, rows, strict=True))
    # The live preview updated the edited pages rather than building the site whole, and the
    # diff found every rename.
    assert "] updated " in by_measure["serve: one role edited, until its page shows it"]
    assert "(20 renames found)" in by_measure["diff of a reorganisation renaming 20 roles"]
    assert "search index at XS:" in done.stdout
