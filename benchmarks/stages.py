"""Validate and render (or the whole build), before and after a change: two checkouts of charter
on the same files.

Each round runs, in a fresh process for each checkout and alternating between them (so both see
the same machine), ``validate`` and then ``render`` of a generated organisation, timing each stage
inside the process (imports excluded). Prints the median of the rounds and the ratio after/before.

Usage: python benchmarks/stages.py BEFORE_DIR AFTER_DIR [--sizes S,M] [--rounds 5] [--work DIR]
[--stages validate|both|build]
(``build``: a whole ``charter build`` into a fresh folder, no diagram cache, timed from outside.)
(BEFORE_DIR and AFTER_DIR are checkouts of charter, e.g. a git worktree of the base commit.)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.generate import generate

# Run inside the checkout's own code; both versions name their entry points differently.
PROBE = """
import datetime, json, sys, time
try:
    from charter.validate.check import validate
except ImportError:
    from charter.check import validate
from charter.render import render
org_dir = sys.argv[1]
started = time.perf_counter()
result = validate(org_dir, datetime.date(2026, 11, 23))
validated = time.perf_counter()
if sys.argv[2] == "validate":
    print(json.dumps({"validate": validated - started}))
    sys.exit()
files = render(result.org, result.problems, org_dir=org_dir)
rendered = time.perf_counter()
print(json.dumps({"validate": validated - started, "render": rendered - validated}))
"""


def once(checkout: Path, org: Path, stages: str) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    command = [sys.executable, "-c", PROBE, str(org), stages]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    found: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


STAGES = {
    "both": ("validate", "render"),
    "validate": ("validate",),
    "build": ("build", "build: validate", "build: render", "build: mkdocs"),
}


def build(checkout: Path, org: Path) -> dict[str, float]:
    """One whole ``charter build`` of ``org`` by ``checkout``, into a fresh folder (no cache)."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    with tempfile.TemporaryDirectory() as scratch:
        command = [sys.executable, "-m", "charter", "build", str(org), "--site-dir", f"{scratch}/site", "--quiet"]
        command += ["--config", str(checkout / "mkdocs.yml")]
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=True, cwd=scratch)
        found = {"build": time.perf_counter() - started}
        # Its own summary: "built … in 371.7 s (validate 10.8 s, render 145.7 s, mkdocs 140.2 s)".
        for stage, seconds in re.findall(r"(validate|render|mkdocs) ([\d.]+) s", done.stdout + done.stderr):
            found[f"build: {stage}"] = float(seconds)
        return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--sizes", default="S,M")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path("/tmp/charter-stages"))
    parser.add_argument("--stages", choices=("validate", "both", "build"), default="both")
    args = parser.parse_args()
    print("| stage | size | before (median) | after (median) | after / before |")
    print("|---|---|---|---|---|")
    for size in args.sizes.split(","):
        org = args.work / size
        if not (org / "organisation.yaml").is_file():
            generate(size, org)
        times: dict[tuple[str, str], list[float]] = {}
        for _ in range(args.rounds):
            for side, checkout in (("before", args.before), ("after", args.after)):
                measured = build(checkout, org) if args.stages == "build" else once(checkout, org, args.stages)
                for stage, seconds in measured.items():
                    times.setdefault((side, stage), []).append(seconds)
        for stage in {
            "both": ("validate", "render"),
            "validate": ("validate",),
            "build": ("build", "build: validate", "build: render", "build: mkdocs"),
        }[args.stages]:
            a = statistics.median(times[("before", stage)])
            b = statistics.median(times[("after", stage)])
            print(f"| {stage} | {size} | {a:.2f} s | {b:.2f} s | {b / a:.2f}× |", flush=True)


if __name__ == "__main__":
    main()
