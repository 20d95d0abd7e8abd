"""load → structure → model → rules: everything ``charter validate`` checks, as problems.

Above both the structure stage (:mod:`charter.validate`) and the rules (:mod:`charter.validate.rules`),
which uses the structure stage's wording: neither imports this module."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from charter.core import progress
from charter.core.memory import no_cyclic_gc
from charter.core.problem import Coverage, Findings, Problem, Severity, shown_path
from charter.load.discover import load_files, release_trees
from charter.model.graph import Org, Record, build
from charter.schema.models import OrganisationSettings
from charter.validate.rules.engine import RuleRun, run_rules
from charter.validate.structure import validate_structure
from charter.validate.vocabulary import vocabulary_problems


@dataclass(frozen=True)
class Result:
    """What ``charter validate`` found: the model (None when the files could not all be read
    and checked) and the findings, as every face reports them."""

    org: Org | None
    findings: Findings

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self.findings.problems

    @property
    def coverage(self) -> Coverage:
        """YAML files found in the organisation folder, and what was not checked."""
        return self.findings.coverage

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity is Severity.WARNING)


def validate(org_dir: str, today: datetime.date, *, rules: bool = True) -> Result:
    """Check an organisation folder, reporting every independent mistake in one run.

    A file that cannot be read drops out and everything else is still checked: references (a
    reference to a dropped file's id is not "unknown") and the rules, except those that would
    report a consequence of the mistake instead of the mistake (an "orphan" team whose roles
    misspell its id): the engine leaves those out and says so. A file that does not fit its
    model goes on with what did fit: its references, letters and next steps are checked beside
    its wrong values, and no rule reports from, or concludes from, what was left out.
    Without ``rules``, only the files and their models are checked (``charter diff`` has the
    rules of one side run elsewhere)."""
    with no_cyclic_gc(), progress.stage("checking the organisation's files"):
        return _validate(org_dir, today, rules)


def _validate(org_dir: str, today: datetime.date, rules: bool) -> Result:
    loaded = load_files(org_dir)
    problems = list(loaded.problems)
    structured = validate_structure(loaded.files)
    problems.extend(structured.problems)
    problems.extend(vocabulary_problems(structured.records))
    release_trees(loaded.files)
    organisation, records = structured.organisation, structured.records
    dropped = loaded.unread + structured.unfit
    partial = [r for r in records if r.left_out]
    by_kind: dict[str, set[str]] = {}
    for file in dropped:
        by_kind.setdefault(file.kind, set()).add(file.id)
    for kind in loaded.unlisted:
        by_kind.setdefault(kind, set())
    # Without organisation.yaml's settings (its scheme, rule settings and waivers), only the
    # integrity rules, which no setting changes, can run; the stand-in has the defaults.
    settings_read = organisation is not None and not any(
        r.kind == "organisation" and any(path[0] in SETTINGS for path in r.left_out) for r in partial
    )
    settings = organisation or OrganisationSettings.model_construct(name="", common_goal="")
    org = build(settings, records, {kind: frozenset(ids) for kind, ids in by_kind.items()}, loaded.unlisted)
    incomplete = frozenset(by_kind) | frozenset(facet for record in partial for facet in _facets(record))
    ran = run_rules(org, today, settings_read=settings_read, incomplete=incomplete) if rules else RuleRun([], ())
    problems.extend(ran.problems)
    problems.sort(key=Problem.sort_key)
    # A file checked in part is not wholly checked either: what its findings would be once it
    # fits is not known (charter diff says "not checked", never "fixed", for what is gone there).
    unread = _in_order([f.rel for f in dropped] + [r.source.rel for r in partial])
    coverage = Coverage(loaded.count, unread, ran.unchecked, _in_order([r.source.rel for r in partial]))
    # The findings keep the texts of the files with problems only: the excerpts under them.
    texts = {p.path: loaded.texts[p.path] for p in problems if p.path in loaded.texts}
    whole = not dropped and not partial and not loaded.unlisted
    return Result(org if whole else None, Findings(tuple(problems), coverage, org_dir, texts))


def _in_order(rels: list[str]) -> tuple[str, ...]:
    """Paths inside the organisation folder, once each, in the order they are shown."""
    return tuple(sorted(set(rels), key=lambda rel: shown_path(".", rel)))


# What of organisation.yaml the rules cannot run without: left out, they run as without the file.
SETTINGS = frozenset(("scheme", "rules", "waivers"))


def _facets(record: Record) -> Iterator[str]:
    """What a file checked in part leaves incomplete, as the rules' ``COMPLETE`` names it: a field
    of its kind (``role.holders``), or the whole kind when its own id was left out (what other
    files say of the id it was meant to have is not known)."""
    for path in record.left_out:
        yield record.kind if path[0] == "id" else f"{record.kind}.{path[0]}"
