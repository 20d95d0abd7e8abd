"""``charter ask`` with its index kept, as a person runs it (a new process each question), in
this tree and in a reference tree of charter (a git worktree of an earlier commit), alternating,
on the same generated organisation. Each tree keeps its own index (its own copy of the
organisation), so neither makes the other's index stale. Prints the medians and the ratio.

Usage: python benchmarks/ask_kept.py REFERENCE_TREE [--size M] [--rounds 7]
       (git worktree add /tmp/base COMMIT first)
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.generate import generate

HERE = Path(__file__).resolve().parent.parent
QUESTIONS = ["who approves the invoice", "a new starter needs a computer", "who can okay 10% off for a prospect"]


def seconds(tree: Path, org: Path, question: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "charter", "ask", *question.split(), "--org", str(org), "--limit", "3"],
        cwd=tree,
        check=False,
        capture_output=True,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("reference", type=Path)
    parser.add_argument("--size", default="M")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        ours, theirs = Path(work) / "ours" / "org", Path(work) / "theirs" / "org"
        generate(args.size, ours)
        shutil.copytree(ours, theirs)
        trees = {"reference": (args.reference.resolve(), theirs), "this tree": (HERE, ours)}
        for name, (tree, org) in trees.items():
            print(f"{name}: making the index {seconds(tree, org, QUESTIONS[0]):.2f} s")
        times: dict[str, list[float]] = {name: [] for name in trees}
        for _round in range(args.rounds):
            for question in QUESTIONS:
                for name, (tree, org) in trees.items():
                    times[name].append(seconds(tree, org, question))
        medians = {name: statistics.median(found) for name, found in times.items()}
        for name, median in medians.items():
            print(f"{name}: index kept, median of {len(times[name])} questions {median:.3f} s")
        print(f"ratio this tree / reference: {medians['this tree'] / medians['reference']:.2f}")


if __name__ == "__main__":
    main()
