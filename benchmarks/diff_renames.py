"""Rename detection in ``charter diff``: the bounded search against the all-pairs comparison it
replaced, on the same roles, in one process.

A reorganisation renames N roles of a generated organisation (500 or 5,000 roles) and edits a
word in each renamed role's purpose, so that no rename is an exact match and the similarity
search does all the work. Prints seconds and the ratio; both must find the same renames.

Usage: python benchmarks/diff_renames.py [--renames 120,500] [--size S]
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import sys
import tempfile
import time
from pathlib import Path

from pydantic import BaseModel

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.generate import generate
from charter.diff.compare import RENAME_SIMILARITY, _plain, renames
from charter.validate.check import validate


def all_pairs(before: dict[str, BaseModel], after: dict[str, BaseModel]) -> dict[str, str]:
    """The reference: every removal compared in full with every addition (the old algorithm)."""
    gone = [i for i in before if i not in after]
    new = [i for i in after if i not in before]
    pairs = []
    for old in gone:
        for fresh in new:
            ratio = difflib.SequenceMatcher(None, _plain(before[old]), _plain(after[fresh]), autojunk=False).ratio()
            if ratio >= RENAME_SIMILARITY:
                pairs.append((ratio, old, fresh))
    mapping: dict[str, str] = {}
    for _ratio, old, fresh in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if old not in mapping and fresh not in mapping.values():
            mapping[old] = fresh
    return mapping


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--renames", default="120,500")
    parser.add_argument("--size", default="S")
    parser.add_argument("--skip-reference-above", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        generate(args.size, Path(folder) / "org")
        org = validate(str(Path(folder) / "org"), datetime.date(2026, 11, 23)).org
    assert org is not None
    roles: dict[str, BaseModel] = dict(org.roles)
    print("| renamed roles | bounded search (s) | all pairs (s) | ratio | same renames |")
    print("|---|---|---|---|---|")
    for count in (int(n) for n in args.renames.split(",")):
        renamed = sorted(roles)[:count]
        after = {i: m for i, m in roles.items() if i not in renamed}
        for i in renamed:
            model = roles[i]
            purpose = str(getattr(model, "purpose", "")).replace("Customers", "Our customers", 1)
            after[f"{i}-renamed"] = model.model_copy(update={"id": f"{i}-renamed", "purpose": purpose})
        started = time.perf_counter()
        found = renames(roles, after)
        bounded = time.perf_counter() - started
        assert found == {i: f"{i}-renamed" for i in renamed}, "the bounded search missed a rename"
        if count > args.skip_reference_above:
            print(f"| {count} | {bounded:.2f} | (not run) | | |")
            continue
        started = time.perf_counter()
        reference = all_pairs(roles, after)
        slow = time.perf_counter() - started
        print(f"| {count} | {bounded:.2f} | {slow:.1f} | {slow / bounded:.0f}× | {found == reference} |")


if __name__ == "__main__":
    main()
