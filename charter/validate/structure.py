"""Stage two: check each file's shape against its model, reporting every mistake in it."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from charter.core.codes import CodeId
from charter.core.problem import Problem
from charter.core.suggest import did_you_mean
from charter.load.discover import SourceFile, Unread, likely_id
from charter.model.graph import Record
from charter.schema.kinds import model_for
from charter.schema.models import OrganisationSettings
from charter.schema.schemes import BUILT_IN, Scheme
from charter.validate.located import coded
from charter.validate.wording import model_at, reword

MAX_PER_FILE = 50  # a file with more mistakes than this was not written by hand


@dataclass(frozen=True)
class Structured:
    """The structure stage's result: the organisation's settings (None when its file does not
    fit), every file that fits its model, the problems, and the files that dropped out."""

    organisation: OrganisationSettings | None
    records: list[Record]
    problems: list[Problem]
    unfit: list[Unread]


def validate_structure(files: list[SourceFile]) -> Structured:
    """Validate every file; the organisation file first, since its scheme shapes outcomes.
    Files that do not fit their model drop out (``unfit``) and the others go on."""
    problems: list[Problem] = []
    records: list[Record] = []
    unfit: list[Unread] = []
    organisation: OrganisationSettings | None = None
    for source in files:
        if source.kind == "organisation":
            validated = _validate(source, OrganisationSettings, problems)
            if validated is not None:
                assert isinstance(validated, OrganisationSettings)
                organisation = validated
                records.append(Record("organisation", source, validated))
            else:
                unfit.append(Unread(source.rel, source.kind, ""))
    # With a broken organisation file, outcomes are still checked against the default scheme.
    scheme: Scheme = organisation.scheme if organisation is not None else BUILT_IN["raci"]
    for source in files:
        if source.kind == "organisation":
            continue
        model = _validate(source, model_for(source.kind, scheme), problems)
        if model is not None:
            records.append(Record(source.kind, source, model))
        else:
            unfit.append(Unread(source.rel, source.kind, likely_id(source.rel, source.data)))
    return Structured(organisation, records, problems, unfit)


def _validate(source: SourceFile, model: type[BaseModel], problems: list[Problem]) -> BaseModel | None:
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
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
        return None


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
