"""Charter's loader against the speed of light: a plain ``yaml.load(…, CSafeLoader)``.

Both read the same files from disk in the same process, alternately, and the medians of
repeated rounds are compared. Usage: ``.venv/bin/python benchmarks/loader.py [ORG_DIR] [ROUNDS]``.
"""

from __future__ import annotations

import datetime
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from charter.load.discover import discover, read_file
from charter.validate.check import validate


def main() -> None:
    org_dir = sys.argv[1] if len(sys.argv) > 1 else "org"
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    listing = discover(org_dir).files
    paths = [Path(org_dir, rel) for rel, _kind in listing]

    def plain() -> None:
        for path in paths:
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)

    def charter_loader() -> None:
        for rel, _kind in listing:
            read_file(org_dir, rel)

    def charter_validate() -> None:
        validate(org_dir, datetime.date.today())

    timings: dict[str, list[float]] = {"plain": [], "loader": [], "validate": []}
    runs: dict[str, Callable[[], None]] = {"plain": plain, "loader": charter_loader, "validate": charter_validate}
    for _ in range(rounds):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            timings[name].append(time.perf_counter() - start)
    median = {name: statistics.median(values) for name, values in timings.items()}
    print(f"{len(paths)} files, {sum(p.stat().st_size for p in paths):,} bytes, median of {rounds} rounds")
    print(f"yaml.load(CSafeLoader)   {median['plain'] * 1000:8.2f} ms   1.00x")
    print(f"charter loader           {median['loader'] * 1000:8.2f} ms   {median['loader'] / median['plain']:.2f}x")
    print(f"charter validate (all)   {median['validate'] * 1000:8.2f} ms   {median['validate'] / median['plain']:.2f}x")


if __name__ == "__main__":
    main()
