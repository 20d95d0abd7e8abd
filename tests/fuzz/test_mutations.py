"""Fuzzing with structured mutations of the example organisation.

Each example changes one line of one file of ``org/`` the way a hurried edit would (a key
deleted, misspelt or given twice, a value of another type, a hostile string, two files with one
id) and checks that charter answers with problems that name that file and line: never an
exception, never a problem pointing somewhere else.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from charter.core.problem import Problem, Severity
from charter.load.discover import KIND_DIRS
from charter.schema.kinds import model_for
from charter.schema.schemes import BUILT_IN
from charter.validate.check import validate
from tests.conftest import ROOT, TODAY, examples

KEY_LINE = re.compile(r"^(?P<indent> *)(?P<item>- )?(?P<key>[a-z_]+):(?P<rest>.*)$")
HOSTILE = [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "A | B {c} *d* _e_ `f`",
    "{{ 7 * 7 }} {% raw %}",
    "x\u202ey",  # right-to-left override
    "x\u200by",  # zero-width space
    "x\x07y",  # bell
    "x\u2028y",  # line separator
    "\ufeffx",  # byte-order mark inside the text
    "ok " * 4000,  # very long text
    "",
    " ",
    "null",
    "ÆØÅ 漢字 🙂",
]
OTHER_TYPES = [
    "[a, b]",
    "{a: b}",
    "true",
    "2026-01-01",
    "''",
    "~",
    "12",
    "-",
    "[]",
    "{}",
    "!!str x",
    "*alias",
    "&anchor x",
]


@dataclass(frozen=True)
class Line:
    rel: str
    number: int  # 1-based
    indent: int
    item: bool
    key: str
    rest: str  # after the colon


def org_lines() -> list[Line]:
    found = []
    for path in sorted((ROOT / "org").rglob("*.yaml")):
        rel = path.relative_to(ROOT / "org").as_posix()
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = KEY_LINE.match(text)
            if match:
                found.append(Line(rel, number, len(match["indent"]), bool(match["item"]), match["key"], match["rest"]))
    return found


LINES = org_lines()
SCALAR_LINES = [line for line in LINES if line.rest.strip() and not line.rest.strip().startswith(("[", "{", "|", ">"))]


@pytest.fixture(scope="module")
def org() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="charter-mutate-") as folder:
        copy = Path(folder) / "org"
        shutil.copytree(ROOT / "org", copy)
        yield copy


def mutated(org: Path, rel: str, change: list[str]) -> tuple[Problem, ...]:
    """Validate ``org`` with ``rel`` replaced by the lines ``change``; then put the file back."""
    path = org / rel
    original = path.read_bytes()
    try:
        path.write_text("\n".join(change) + "\n", encoding="utf-8")
        problems = validate(str(org), TODAY).problems
    finally:
        path.write_bytes(original)
    for problem in problems:
        assert problem.message
        assert (org / problem.path).exists(), problem  # a path inside the organisation folder
        if problem.path.endswith(rel):
            assert 0 <= problem.line <= len(change) + 1, problem
    return problems


def lines_of(org: Path, line: Line) -> list[str]:
    return (org / line.rel).read_text(encoding="utf-8").splitlines()


def with_value(org: Path, line: Line, value: str) -> list[str]:
    """The file's lines with ``value`` written after the key of ``line``."""
    text = lines_of(org, line)
    key = text[line.number - 1]
    text[line.number - 1] = f"{key[: key.index(':') + 1]} {value}"
    return text


def errors_at(problems: tuple[Problem, ...], rel: str) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR and p.path.endswith(rel)]


def required_at_top(line: Line) -> bool:
    """Whether the top-level key of ``line`` is one its kind of file must have."""
    kind = "organisation" if line.rel == "organisation.yaml" else KIND_DIRS[line.rel.split("/")[0]]
    field = model_for(kind, BUILT_IN["raci"]).model_fields.get(line.key)
    return field is not None and field.is_required()


def block_end(text: list[str], start: int, indent: int) -> int:
    """Index after the block that the key at ``start`` (0-based) opens."""
    end = start + 1
    while end < len(text) and (not text[end].strip() or len(text[end]) - len(text[end].lstrip()) > indent):
        end += 1
    return end


@settings(max_examples=examples(60))
@given(st.sampled_from(LINES), st.sampled_from(["x", "s", "_", "2"]))
def test_a_misspelt_key_is_an_error_on_its_line(org: Path, line: Line, suffix: str) -> None:
    text = lines_of(org, line)
    text[line.number - 1] = text[line.number - 1].replace(f"{line.key}:", f"{line.key}{suffix}:", 1)
    problems = mutated(org, line.rel, text)
    assert [p.line for p in errors_at(problems, line.rel)] == [line.number], problems
    if len(line.key) > 3:
        assert f"did you mean '{line.key}'" in " ".join(p.message + p.hint for p in problems), problems


@settings(max_examples=examples(60))
@given(st.sampled_from([line for line in SCALAR_LINES if not line.item]))
def test_a_key_given_twice_is_an_error_naming_both_lines(org: Path, line: Line) -> None:
    text = lines_of(org, line)
    text.insert(line.number, text[line.number - 1])
    problems = mutated(org, line.rel, text)
    errors = errors_at(problems, line.rel)
    assert [p.line for p in errors] == [line.number + 1], problems
    assert str(line.number) in errors[0].message


@settings(max_examples=examples(60))
@given(st.sampled_from([line for line in LINES if not line.item]))
def test_a_deleted_key_is_reported_in_its_file_or_changes_nothing_there(org: Path, line: Line) -> None:
    text = lines_of(org, line)
    start = line.number - 1
    del text[start : block_end(text, start, line.indent)]
    problems = mutated(org, line.rel, text)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    # Only the rules may point elsewhere: at a file that relied on what was deleted.
    assert all(p.code >= "CH100" for p in errors if not p.path.endswith(line.rel)), errors
    if line.indent == 0 and required_at_top(line):
        missing = [p for p in errors_at(problems, line.rel) if p.code == "CH021"]
        assert [p.message for p in missing] == [f"missing key '{line.key}'"], problems


@settings(max_examples=examples(80))
@given(st.sampled_from(SCALAR_LINES), st.sampled_from(OTHER_TYPES))
def test_a_value_of_another_type_is_reported_on_its_line(org: Path, line: Line, value: str) -> None:
    problems = mutated(org, line.rel, with_value(org, line, value))
    here = errors_at(problems, line.rel)
    if value.startswith(("*", "&", "!")):  # an alias, an anchor, a tag: refused wherever they stand
        assert [p.line for p in here if p.code < "CH020"] == [line.number], problems
    # Whatever else a value of another type leads to, a loading or structure error is on its line
    # (or the next, for a flow collection left open), never elsewhere in the file.
    assert {p.line for p in here if p.code < "CH100"} <= {line.number, line.number + 1}, problems


@settings(max_examples=examples(80))
@given(st.sampled_from(SCALAR_LINES), st.sampled_from(HOSTILE))
def test_hostile_text_is_refused_on_its_line_or_kept_as_typed(org: Path, line: Line, value: str) -> None:
    problems = mutated(org, line.rel, with_value(org, line, json.dumps(value, ensure_ascii=False)))
    here = errors_at(problems, line.rel)
    forbidden = any(c in value for c in "\u202e\u200b\x07\u2028\ufeff")
    if forbidden:
        assert here, f"{value!r} in {line.rel}:{line.number} was accepted"
    if here and all(p.code < "CH100" for p in here):
        assert line.number in [p.line for p in here], problems


@settings(max_examples=examples(30))
@given(st.sampled_from(sorted({line.rel for line in LINES if "/" in line.rel})))
def test_two_files_with_one_id_name_both(org: Path, rel: str) -> None:
    twin = org / rel.replace(".yaml", "-copy.yaml")
    shutil.copyfile(org / rel, twin)
    try:
        problems = validate(str(org), TODAY).problems
    finally:
        twin.unlink()
    twin_rel = twin.relative_to(org).as_posix()
    duplicates = [p for p in problems if p.code == "CH102" and p.key_path == "id"]  # (an outcome's steps too)
    assert len(duplicates) == 1, problems
    # Reported in one of the two files, naming the other with its line.
    named = {duplicates[0].path, duplicates[0].message.split("/org/")[1].split(":")[0]}
    assert named == {rel, twin_rel}, duplicates
