"""load → structure → model → rules: everything ``charter validate`` checks, as problems.

Above both the structure stage (:mod:`charter.validate`) and the rules (:mod:`charter.rules`),
which uses the structure stage's wording: neither imports this module."""

from __future__ import annotations

import datetime
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from charter.load.discover import load_files
from charter.model import Org, build
from charter.problem import Problem, Severity
from charter.rules.engine import run_rules
from charter.validate.located import from_file_problem
from charter.validate.structure import validate_structure


@dataclass(frozen=True)
class Result:
    org: Org | None  # None when the files could not all be read and checked
    problems: tuple[Problem, ...]
    files: int  # YAML files found in the organisation folder

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity is Severity.WARNING)


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Validation allocates millions of small, acyclic objects; Python's cycle collector would
    rescan them again and again (half the time of a 5,000-role organisation). Reference
    counting still frees everything; the collector runs again afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def validate(org_dir: str, today: datetime.date) -> Result:
    """Check an organisation folder. Rules run only when every file read and fit its model,
    so that they never report consequences of a mistake instead of the mistake."""
    with _no_cyclic_gc():
        return _validate(org_dir, today)


def _validate(org_dir: str, today: datetime.date) -> Result:
    files, file_problems, count = load_files(org_dir)
    problems = [from_file_problem(fp) for fp in file_problems]
    organisation, records, structure_problems = validate_structure(files)
    problems.extend(structure_problems)
    org: Org | None = None
    if organisation is not None and not any(p.severity is Severity.ERROR for p in problems):
        org = build(organisation, records)
        problems.extend(run_rules(org, today))
    problems.sort(key=Problem.sort_key)
    return Result(org, tuple(problems), count)
