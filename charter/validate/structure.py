"""Stage two: check each file's shape against its model, reporting every mistake in it.

A file with mistakes still goes on with what did fit (:mod:`charter.validate.salvage`): its
references, letters and next steps are checked in the same run as its wrong values."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from charter.core.codes import CodeId
from charter.core.problem import Problem
from charter.core.suggest import did_you_mean
from charter.load.discover import SourceFile, Unread, likely_id, made_once
from charter.model.graph import Record
from charter.schema.kinds import model_for
from charter.schema.models import OrganisationSettings
from charter.schema.schemes import BUILT_IN, Scheme
from charter.validate.located import coded
from charter.validate.salvage import salvage
from charter.validate.wording import model_at, reword

MAX_PER_FILE = 50  # a file with more mistakes than this was not written by hand


@dataclass(frozen=True)
class Structured:
    """The structure stage's result: the organisation's settings (None when its file does not
    fit), every file that fits its model, or the part of it that does (a record whose
    ``left_out`` says what did not), the problems, and the files that dropped out."""

    organisation: OrganisationSettings | None
    records: list[Record]
    problems: list[Problem]
    unfit: list[Unread]


def validate_structure(files: list[SourceFile]) -> Structured:
    """Validate every file; the organisation file first, since its scheme shapes outcomes.
    A file that does not fit its model goes on with the part that does; one with nothing to go
    on with drops out (``unfit``), and the others go on."""
    problems: list[Problem] = []
    records: list[Record] = []
    unfit: list[Unread] = []
    organisation: OrganisationSettings | None = None
    for source in files:
        if source.kind == "organisation":
            record = _fit(source, OrganisationSettings, problems)
            if record is not None:
                assert isinstance(record.model, OrganisationSettings)
                organisation = record.model
                records.append(record)
            else:
                unfit.append(Unread(source.rel, source.kind, ""))
    # With a broken organisation file, outcomes are still checked against the default scheme.
    scheme: Scheme = organisation.scheme if organisation is not None else BUILT_IN["raci"]
    for source in files:
        if source.kind == "organisation":
            continue
        record = _fit(source, model_for(source.kind, scheme), problems)
        if record is not None:
            records.append(record)
        else:
            unfit.append(Unread(source.rel, source.kind, likely_id(source.rel, source.data)))
    return Structured(organisation, records, problems, unfit)


def _fit(source: SourceFile, model: type[BaseModel], problems: list[Problem]) -> Record | None:
    """The file's record; for a file that does not fit, its problems and the record of what
    does (None when nothing can be made of it)."""
    try:
        return Record(source.kind, source, made_once(source.data, model, lambda: model.model_validate(source.data)))
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    _report(source, model, errors, problems)
    if len(errors) > MAX_PER_FILE:
        return None  # not written by hand: its other checks wait until it is rewritten
    salvaged = salvage(source.data, model, errors, PurePosixPath(source.rel).stem)
    return Record(source.kind, source, salvaged.model, salvaged.left_out) if salvaged is not None else None


def _report(source: SourceFile, model: type[BaseModel], errors: list[ErrorDetails], problems: list[Problem]) -> None:
    """Each of a file's errors once, in a manager's words (at most MAX_PER_FILE of them)."""
    misspelt = _misspelt_keys(errors, model)
    inner = {tuple(e["loc"])[:-1] for e in errors if e["loc"]}
    reported = 0
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "missing" and loc in misspelt:
            continue  # "unknown key 'tittle', did you mean 'title'?" already says it
        if error["type"] == "too_short" and any(p[: len(loc)] == loc for p in inner if len(p) >= len(loc)):
            continue  # a list whose every item failed is not also "too short"
        if reported == MAX_PER_FILE:
            problems.append(
                coded(
                    source,
                    (),
                    CodeId.WRONG_TYPE,
                    f"… and {len(errors) - reported} more problems in this file",
                    "fix these first",
                )
            )
            break
        code, message, hint, at_key = reword(error, model)
        problems.append(coded(source, loc, code, message, hint, at_key=at_key))
        reported += 1


def _misspelt_keys(errors: list[ErrorDetails], model: type[BaseModel]) -> set[tuple[str | int, ...]]:
    """Locations of missing keys that an unknown key beside them is a misspelling of."""
    missing = {tuple(e["loc"]) for e in errors if e["type"] == "missing"}
    found: set[tuple[str | int, ...]] = set()
    if not missing:
        return found
    for error in errors:
        if error["type"] != "extra_forbidden":
            continue
        loc = tuple(error["loc"])
        owner = model_at(model, loc[:-1])
        guess = did_you_mean(str(loc[-1]), owner.model_fields) if owner is not None else None
        if guess is not None and (*loc[:-1], guess) in missing:
            found.add((*loc[:-1], guess))
    return found
