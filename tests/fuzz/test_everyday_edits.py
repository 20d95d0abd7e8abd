"""Fuzzing with the slips managers make when they edit a file in the browser (issue 29, item 4).

Each example makes one everyday edit to a copy of one file of the example organisation ``org/``:
a quote dropped or left open, a dash lost, a key misspelt, a list written as text, a tab for
indentation, a colon or ``#`` inside a value, indentation off by one or two, a line duplicated
or deleted, a value emptied, a value starting with a sign YAML reads (``>``, ``%``, ``@``…), a
value YAML reads as nothing (``Null``), an id capitalised, a key or a list item moved below the
next block. Then, as ``charter validate`` would:

* nothing goes wrong inside charter (no exception, so no traceback and no "internal error");
* every problem names a file of the organisation and a line inside it;
* no message or hint is in the parser's words;
* a file with no error reads as the manager meant it (nothing silently lost or changed);
* every hint that proposes a concrete edit is applied as written, and the file then no longer
  has that problem, and, when it validates, reads as the manager meant;
* following the hints one at a time leads back to the file as the manager meant it.

The suite tries a few hundred edits, the same ones on every run (Hypothesis is derandomised).
The edits are plain functions of a random source, so that a hunt can try many more and list
every failure by kind instead of stopping at the first::

    PYTHONPATH=. python -m tests.fuzz.test_everyday_edits 5000 SEED
"""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import random
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from charter.cli.main import main
from charter.core.problem import Problem, Severity
from charter.load.tree import plain
from charter.load.yamlfile import parse
from charter.validate import check as check_module
from charter.validate.check import Result, validate
from tests.conftest import ROOT, TODAY, examples

ORG = ROOT / "org"
FILES: dict[str, list[str]] = {
    p.relative_to(ORG).as_posix(): p.read_text(encoding="utf-8").splitlines() for p in sorted(ORG.rglob("*.yaml"))
}
RELS = sorted(FILES)

# What PyYAML and libyaml say; a manager must never read these.
PARSER_WORDS = ("while parsing", "while scanning", "expected <block end>", "mapping values are not allowed",
                "could not find expected", "found character", "did not find expected", "block mapping",
                "block sequence", "flow sequence", "flow mapping", "<document start>", "simple key", "token",
                "invalid YAML")  # fmt: skip

LINE = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?:(?P<key>[a-z_]+):(?: (?P<value>.*))?|(?P<item>[^#\s].*))$")
ID_KEYS = frozenset(("id", "team", "lead", "parent", "role", "escalates_to", "accountable", "holders",
                     "responsible", "consulted", "informed", "next"))  # fmt: skip
# The keys that take a text (a name, a purpose…), where a word YAML reads as nothing was meant as that word.
TEXT_KEYS = frozenset(("name", "title", "purpose", "on", "when", "not_when", "channel", "detail", "within", "promise",
                       "metric", "target", "location", "email", "chat", "contact", "description", "common_goal",
                       "reason", "edit_uri", "github", "primary", "accent", "rule"))  # fmt: skip
SIGNS = [">", "%", "@", "`", "[", "{", "*", "&", "!", "|", "- ", "? "]
NULL_WORDS = ["Null", "NULL", "~", "null"]


@dataclass(frozen=True)
class Edit:
    """One slip: the file as edited, the line it is on, and the file as the manager meant it."""

    kind: str
    rel: str
    lines: list[str]
    line: int  # 1-based
    meant: list[str] | None  # None: no way to tell what was meant (a line deleted …)


@dataclass(frozen=True)
class Shape:
    """One line of a file, as far as a slip needs to know it."""

    number: int  # 0-based
    indent: int
    dash: str
    key: str
    value: str  # after "key: " (or the item's text); "" for a block key


def shapes(lines: list[str]) -> list[Shape]:
    found = []
    for number, text in enumerate(lines):
        match = LINE.match(text)
        if match is None:
            continue
        value = match["value"] if match["key"] else match["item"]
        found.append(Shape(number, len(match["indent"]), match["dash"] or "", match["key"] or "", value or ""))
    return found


def quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def plain_scalar(shape: Shape) -> bool:
    """A value written as plain text (no quotes, list or mapping)."""
    return bool(shape.value) and shape.value[0] not in "\"'[{>|&*!%@`#"


def with_value(lines: list[str], shape: Shape, value: str) -> list[str]:
    changed = list(lines)
    head = " " * shape.indent + shape.dash + (f"{shape.key}:" if shape.key else "")
    changed[shape.number] = f"{head} {value}".rstrip() if shape.key else f"{head}{value}"
    return changed


def _replaced(lines: list[str], number: int, text: str) -> list[str]:
    changed = list(lines)
    changed[number] = text
    return changed


# --- the slips: each returns None when the file has no line it applies to ---------------------


def quote_dropped(rnd: random.Random, rel: str, lines: list[str]) -> Edit | None:
    found = [s for s in shapes(lines) if len(s.value) > 2 and s.value[0] == s.value[-1] and s.value[0] in "\"'"]
    if not found:
        return None
    shape = rnd.choice(found)
    value = shape.value
    edited = rnd.choice([value[1:], value[:-1], value[1:-1]])
    return Edit("quote dropped", rel, with_value(lines, shape, edited), shape.number + 1, lines)


def quote_left_open(rnd: random.Random, rel: str, lines: list[str]) -> Edit | None:
    found = [s for s in shapes(lines) if plain_scalar(s)]
    if not found:
        return None
    shape = rnd.choice(found)
    edited = rnd.choice("\"'") + shape.value
    return Edit("quote left open", rel, with_value(lines, shape, edited), shape.number + 1, lines)


def dash_lost(rnd: random.Random, rel: str, lines: list[str]) -> Edit | None:
    found = [s for s in shapes(lines) if s.dash]
    if not found:
        return None
    shape = rnd.choice(found)
    text, start, width = lines[shape.number], shape.indent, len(shape.dash)
    before, after = text[:start], text[start + width :]
    edited, meant = rnd.choice([(before + after, lines), (before + "-" + after, lines),
                                # the item's text under the one above: YAML's way of continuing a long text
                                (before + " " * width + after, None)])  # fmt: skip
    return Edit("dash lost", rel, _replaced(lines, shape.number, edited), shape.number + 1, meant)


def key_misspelt(rnd: random.Random, rel: str, lines: list[str]) -> Edit | None:
    found = [s for s in shapes(lines) if len(s.key) > 2]
    if not found:
        return None
    shape = rnd.choice(found)
    key, at = shape.key, rnd.randrange(len(shape.key) - 1)
    wrong = rnd.choice([key[:at] + key[at + 1] + key[at] + key[at + 2 :], key[:at] + key[at + 1 :],
                        key[:at] + key[at] + key[at:], key.capitalize(), key + "s"])  # fmt: skip
    if wrong == key:
        return None
    text = lines[shape.number]
    start = shape.indent + len(shape.dash)
    edited = text[:start] + wrong + text[start + len(key) :]
    return Edit("key misspelt", rel, _replaced(lines, shape.number, edited), shape.number + 1, lines)


def list_as_text(rnd: random.Random, rel: str, lines: list[str]) -> Edit | None:
    """``[a, b]`` without its brackets, or a list of one item on its key's line. (Several items
    joined by commas are not tried: a text may hold commas, and charter keeps it whole.)"""
    all_shapes = shapes(lines)
    flow = [s for s in all_shapes if s.key and s.value.startswith("[") and s.value.endswith("]") and len(s.value) > 2]
    block = [s for s in all_shapes if s.key and not s.value and s.number + 2 < len(lines)
             and lines[s.number + 1].lstrip().startswith("- ") and ":" not in lines[s.number + 1]
             and not lines[s.number + 2].lstrip().startswith("- ")]  # fmt: skip
    if not flow and not block:
        return None
    shape = rnd.choice(flow + block)
    if shape in flow:
        # An id list of one id and that id alone mean the same: nothing to tell apart.
        meant = lines if "," in shape.value else None
        return Edit("list as text", rel, with_value(lines, shape, shape.value[1:-1]), shape.number + 1, meant)
    edited = with_value(lines, shape, lines[shape.number + 1].lstrip()[2:])
    del edited[shape.number + 1]
    return Edit("list as text", rel, edited, shape.number + 1, lines)


def tab_indent(rnd: random.Random, rel: str, lines: list[str]) -> Edit | None:
    found = [s for s in shapes(lines) if s.indent >= 2]
    if not found:
        return None
    shape = rnd.choice(found)
    text = lines[shape.number]
    indent, body = text[: shape.indent], text[shape.indent :]
    edited = rnd.choice(["\t" + body, "\t" + text[2:], indent[:-2] + "\t" + body])
    return Edit("tab for indentation", rel, _replaced(lines, shape.number, edited), shape.number + 1, lines)


def _inside(rnd: random.Random, rel: str, lines: list[str], kind: str, insert: Callable[[str], str]) -> Edit | None:
    found = [s for s in shapes(lines) if plain_scalar(s) and " " in s.value and s.key not in ID_KEYS]
    if not found:
        return None
    shape = rnd.choice(found)
    value = insert(shape.value)
    meant = with_value(lines, shape, quoted(value))
    return Edit(kind, rel, with_value(lines, shape, value), shape.number + 1, meant)


def colon_in_value(rnd: random.Random, rel: str, lines: list[str]) -> Edit | None:
    def insert(value: str) -> str:
        words = value.split(" ")
        at = rnd.randrange(len(words) - 1)
        return " ".join(words[: at + 1]) + ": " + " ".join(words[at + 1 :]) if rnd.random() < 0.7 else "Why: " + value

    return _inside(rnd, rel, lines, "colon in value", insert)


def hash_in_value(rnd: random.Random, rel: str, lines: list[str]) -> Edit | None:
    def insert(value: str) -> str:
        words = value.split(" ")
        at = rnd.randrange(len(words))
        words[at] = "#" + words[at]
        return " ".join(words)

    return _inside(rnd, rel, lines, "# in value", insert)


def indent_off(rnd: random.Random, rel: str, lines: list[str]) -> Edit | None:
    found = [s for s in shapes(lines) if s.number > 1]
    if not found:
        return None
    shape = rnd.choice(found)
    text = lines[shape.number]
    by = rnd.choice([n for n in (-2, -1, 1, 2) if shape.indent + n >= 0])
    edited = " " * (shape.indent + by) + text[shape.indent :]
    return Edit("indentation off", rel, _replaced(lines, shape.number, edited), shape.number + 1, lines)


def line_duplicated(rnd: random.Random, rel: str, lines: list[str]) -> Edit | None:
    number = rnd.randrange(1, len(lines))
    return Edit("line duplicated", rel, [*lines[: number + 1], *lines[number:]], number + 2, None)


def line_deleted(rnd: random.Random, rel: str, lines: list[str]) -> Edit | None:
    number = rnd.randrange(1, len(lines))
    return Edit("line deleted", rel, [*lines[:number], *lines[number + 1 :]], number + 1, None)


def value_emptied(rnd: random.Random, rel: str, lines: list[str]) -> Edit | None:
    found = [s for s in shapes(lines) if s.key and s.value]
    if not found:
        return None
    shape = rnd.choice(found)
    return Edit("value emptied", rel, with_value(lines, shape, ""), shape.number + 1, None)


def sign_start(rnd: random.Random, rel: str, lines: list[str]) -> Edit | None:
    found = [s for s in shapes(lines) if plain_scalar(s) and s.key not in ID_KEYS]
    if not found:
        return None
    shape = rnd.choice(found)
    sign = rnd.choice(SIGNS)
    value = sign + rnd.choice(["", " "]) + shape.value
    if sign in "[{" and value.rstrip().endswith("]}"[sign == "{"]):
        return None
    meant: list[str] | None = with_value(lines, shape, quoted(value.strip()))
    if shape.dash and not shape.key and sign == "- ":
        meant = None  # "- - Logging calls": a '-' typed twice, more likely than a text that starts with one
    return Edit(f"value starting with {sign.strip()}", rel, with_value(lines, shape, value), shape.number + 1, meant)


def null_word(rnd: random.Random, rel: str, lines: list[str]) -> Edit | None:
    found = [s for s in shapes(lines) if plain_scalar(s) and s.key in TEXT_KEYS]
    if not found:
        return None
    shape = rnd.choice(found)
    word = rnd.choice(NULL_WORDS)
    meant = with_value(lines, shape, quoted(word))
    return Edit("value YAML reads as nothing", rel, with_value(lines, shape, word), shape.number + 1, meant)


def id_capitalised(rnd: random.Random, rel: str, lines: list[str]) -> Edit | None:
    found = [s for s in shapes(lines) if s.key in ID_KEYS and s.value and s.value != "[]"]
    if not found:
        return None
    shape = rnd.choice(found)
    upper = rnd.choice([lambda w: "-".join(p.capitalize() for p in w.split("-")), str.upper, str.capitalize])
    if shape.value.startswith("["):
        items = [i.strip() for i in shape.value[1:-1].split(",")]
        at = rnd.randrange(len(items))
        items[at] = upper(items[at])
        value = "[" + ", ".join(items) + "]"
    else:
        value = upper(shape.value)
    return Edit("id capitalised", rel, with_value(lines, shape, value), shape.number + 1, lines)


def _block_end(lines: list[str], start: int, indent: int) -> int:
    """Index after the lines deeper than ``indent`` that follow line ``start``."""
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent):
        end += 1
    return end


def key_moved(rnd: random.Random, rel: str, lines: list[str]) -> Edit | None:
    """The last entry of a block (a list item or a key, with what is under it) written after the
    key that follows the block, as when a manager appends to a list that is not at the end."""
    candidates = []
    for shape in shapes(lines):
        if shape.indent == 0:
            continue
        end = _block_end(lines, shape.number, shape.indent + len(shape.dash))
        if end >= len(lines):
            continue
        after = lines[end]
        after_indent = len(after) - len(after.lstrip())
        if after_indent >= shape.indent or not LINE.match(after):
            continue  # not the last entry of its block
        next_end = _block_end(lines, end, after_indent)
        if next_end == end + 1:  # below a key with its value on its line (a block below would take it in)
            candidates.append((shape, end, next_end))
    if not candidates:
        return None
    shape, end, next_end = rnd.choice(candidates)
    moved = lines[shape.number : end]
    if rnd.random() < 0.25:  # at the start of the line, as pasted
        moved = [m[shape.indent :] for m in moved]
    edited = [*lines[: shape.number], *lines[end:next_end], *moved, *lines[next_end:]]
    return Edit("key moved below another block", rel, edited, shape.number + 1 + next_end - end, lines)


EDITS: list[Callable[[random.Random, str, list[str]], Edit | None]] = [
    quote_dropped, quote_left_open, dash_lost, key_misspelt, list_as_text, tab_indent, colon_in_value,
    hash_in_value, indent_off, line_duplicated, line_deleted, value_emptied, sign_start, null_word,
    id_capitalised, key_moved,
]  # fmt: skip


def an_edit(rnd: random.Random) -> Edit:
    while True:
        rel = rnd.choice(RELS)
        edit = rnd.choice(EDITS)(rnd, rel, FILES[rel])
        if edit is not None and edit.lines != FILES[rel]:
            return edit


# --- what is checked -----------------------------------------------------------------------------


def run(org: Path, rel: str, lines: list[str]) -> tuple[Problem, ...]:
    """``charter validate`` on ``org`` with ``rel`` as ``lines``, as the command line runs it: its
    exit code is 0 or 1, nothing goes wrong inside charter, every problem is located inside a file
    and nothing is in the parser's words. Its problems."""
    path = org / rel
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results: list[Result] = []

    def recorded(org_dir: str, today: datetime.date, *, rules: bool = True) -> Result:
        results.append(validate(org_dir, today, rules=rules))
        return results[-1]

    out, err = io.StringIO(), io.StringIO()
    check_module.validate = recorded  # the command's own run, its result kept for the checks below
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["validate", str(org), "--today", TODAY.isoformat()])
    finally:
        check_module.validate = validate
    assert code in (0, 1), err.getvalue()[-2000:]
    assert "internal error" not in err.getvalue(), err.getvalue()[-2000:]
    (result,) = results
    for problem in result.problems:
        where = org / problem.path
        assert where.is_file(), f"not a file: {said(problem)}"
        count = len(where.read_text(encoding="utf-8").splitlines())
        assert 1 <= problem.line <= max(1, count), f"not a line of the file ({count}): {said(problem)}"
        words = f"{problem.message} {problem.hint}"
        assert not [w for w in PARSER_WORDS if w in words], f"the parser's words: {said(problem)}"
    return result.problems


def data(lines: list[str]) -> Any:
    parsed = parse("\n".join(lines) + "\n")
    return plain(parsed.data) if parsed.data is not None else None


def reads_as_meant(edit: Edit, lines: list[str], why: str) -> None:
    if edit.meant is not None:
        assert data(lines) == data(edit.meant), f"{why}, but it does not read as meant: {shown(edit, lines)}"


def shown(edit: Edit, lines: list[str]) -> str:
    """The lines around the edit, for a failure's message."""
    start = max(0, edit.line - 3)
    return " | ".join(f"{n + 1}:{lines[n]}" for n in range(start, min(len(lines), edit.line + 2)))


def said(problem: Problem) -> str:
    return f"{problem.path}:{problem.line}:{problem.column} {problem.code} {problem.message} [hint: {problem.hint}]"


@dataclass(frozen=True)
class Fix:
    """A hint's concrete edit, and the file after it."""

    hint: str
    lines: list[str]


# Hints that give the line to write: "quote it: target: \">= 95%\"", "start it with '- ': - Text".
_REWRITE = re.compile(
    r"(?:quote it|quotes|quote the whole text|put a space after the colon|write it as a list|keep one|write it as|"
    r"put it in quotes|delete the '#'|write one '- '|start it with '- '(?: at column (?P<column>\d+))?|"
    r"put a space after the '-'|end the (?:list|mapping) with [\]}]): (?P<line>(?:- |[\w-]+: ).*)$"
)
_WORD = re.compile(r"(?:did you mean|write its id:|write it as) '(?P<word>[^']+)'")
_COLUMN = re.compile(r"start (?:it|the line|the '-'|'[\w-]+') at column (?P<column>\d+)")
_MOVE = re.compile(r"move (?:lines (?P<first>\d+)[–-](?P<last>\d+)|line (?P<only>\d+)) to after line (?P<after>\d+)"
                   r"(?:, starting at column (?P<column>\d+))?")  # fmt: skip
_INSERT = re.compile(r"insert a line '(?P<text>[^']+)' above line (?P<line>\d+)")
_CLOSE = re.compile(r"end the text with (?P<quote>[\"']) on line (?P<line>\d+)")


def fixed(problem: Problem, lines: list[str]) -> Fix | None:
    """``lines`` with the problem's hint applied as written, if it proposes a concrete edit."""
    hint, at = problem.hint, problem.line - 1
    if not hint or not 0 <= at < len(lines):
        return None
    for fix in (_rewrite, _move, _insert, _delete, _close, _word, _column):
        changed = fix(hint, at, problem.column - 1, lines)
        if changed is not None:
            return Fix(hint, changed)
    return None


def _rewrite(hint: str, at: int, _column: int, lines: list[str]) -> list[str] | None:
    found = _REWRITE.search(hint)
    if found is None:
        return None
    line = found["line"]
    # The key's line: the problem's, or the one above it whose value it is (``owns:`` above the
    # text written where its list was).
    key = re.match(r"(?:- )?([\w-]+): ", line)
    start = at
    if key is not None and not re.match(r" *(?:- ?)?[\w-]+:", lines[at]):
        deeper = len(lines[at]) - len(lines[at].lstrip())
        above = next((n for n in range(at - 1, -1, -1) if lines[n].strip()), at)
        if re.fullmatch(rf" {{0,{max(0, deeper - 1)}}}(?:- )?{key[1]}:\s*", lines[above]):
            start = above
    old = lines[start]
    indent = " " * (int(found["column"]) - 1) if found["column"] else old[: len(old) - len(old.lstrip())]
    dash = "- " if old.lstrip().startswith("- ") and not line.lstrip().startswith("- ") else ""
    return [*lines[:start], indent + dash + line.lstrip(), *lines[at + 1 :]]


def _move(hint: str, _at: int, _column: int, lines: list[str]) -> list[str] | None:
    found = _MOVE.search(hint)
    if found is None:
        return None
    first = int(found["first"] or found["only"]) - 1
    last = int(found["last"] or found["only"])
    after = int(found["after"])
    moved = lines[first:last]
    if found["column"]:
        shift = int(found["column"]) - 1 - (len(moved[0]) - len(moved[0].lstrip()))
        moved = [(" " * shift + m) if shift >= 0 else m[-shift:] for m in moved]
    rest = [*lines[:first], *lines[last:]]
    where = after if after <= first else after - len(moved)
    return [*rest[:where], *moved, *rest[where:]]


def _insert(hint: str, _at: int, _column: int, lines: list[str]) -> list[str] | None:
    found = _INSERT.search(hint)
    if found is None:
        return None
    number = int(found["line"]) - 1
    return [*lines[:number], found["text"], *lines[number:]]


def _delete(hint: str, at: int, _column: int, lines: list[str]) -> list[str] | None:
    return [*lines[:at], *lines[at + 1 :]] if hint.startswith("delete this line") else None


def _close(hint: str, _at: int, _column: int, lines: list[str]) -> list[str] | None:
    found = _CLOSE.search(hint)
    if found is None:
        return None
    number = int(found["line"]) - 1
    return _replaced(lines, number, lines[number].rstrip() + found["quote"])


def _word(hint: str, at: int, column: int, lines: list[str]) -> list[str] | None:
    found = _WORD.search(hint)
    if found is None:
        return None
    text = lines[at]
    token = re.compile(r"[^\s:,\[\]{}]+").match(text, column)
    if token is None:
        return None
    return _replaced(lines, at, text[: token.start()] + found["word"] + text[token.end() :])


def _column(hint: str, at: int, _column: int, lines: list[str]) -> list[str] | None:
    found = _COLUMN.search(hint)
    if found is None:
        return None
    text = lines[at]
    return _replaced(lines, at, " " * (int(found["column"]) - 1) + text.lstrip(" \t"))


def check(org: Path, edit: Edit) -> None:
    """The edit, validated; then each of its file's hints that is an edit, applied."""
    try:
        problems = run(org, edit.rel, edit.lines)
        here = [p for p in problems if p.path == edit.rel and p.severity is Severity.ERROR]
        if not here:
            reads_as_meant(edit, edit.lines, "no error")
        for problem in here:
            fix = fixed(problem, edit.lines)
            if fix is None:
                continue
            after = run(org, edit.rel, fix.lines)
            same = [p for p in after if (p.path, p.line, p.code) == (problem.path, problem.line, problem.code)
                    and p.message == problem.message]  # fmt: skip
            assert not same, f"the hint, applied, leaves the problem: {said(problem)}; {shown(edit, fix.lines)}"
            left = [p for p in after if p.path == edit.rel and p.severity is Severity.ERROR]
            if not left:
                reads_as_meant(edit, fix.lines, f"the hint of {said(problem)} applied")
    finally:
        (org / edit.rel).write_text("\n".join(FILES[edit.rel]) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def org() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="charter-edits-") as folder:
        copy = Path(folder) / "org"
        shutil.copytree(ORG, copy)
        yield copy


@settings(max_examples=examples(200))
@given(st.randoms(use_true_random=False))
def test_an_everyday_edit_is_explained_and_its_hint_is_a_fix(org: Path, rnd: random.Random) -> None:
    check(org, an_edit(rnd))


def followed(org: Path, edit: Edit) -> None:
    """Following the hints, one concrete hint at a time, leads back to the file as meant, when
    that file is itself valid (``github: >octocat`` means a name GitHub would refuse)."""
    assert edit.meant is not None
    path = org / edit.rel
    try:
        path.write_text("\n".join(edit.meant) + "\n", encoding="utf-8")
        if errors_in(org, edit.rel):
            return
        lines, hints = edit.lines, []
        for _ in range(4):
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            errors = errors_in(org, edit.rel)
            fix = next((found for p in errors if (found := fixed(p, lines)) is not None), None)
            if fix is None:
                break
            lines = fix.lines
            hints.append(fix.hint)
        if hints:
            assert not errors, f"after {hints}: {[said(p) for p in errors]}"
            assert data(lines) == data(edit.meant), f"after {hints}: {shown(edit, lines)}"
    finally:
        path.write_text("\n".join(FILES[edit.rel]) + "\n", encoding="utf-8")


def errors_in(org: Path, rel: str) -> list[Problem]:
    return [p for p in validate(str(org), TODAY).problems if p.path == rel and p.severity is Severity.ERROR]


@settings(max_examples=examples(40))
@given(st.randoms(use_true_random=False))
def test_following_the_hints_gives_the_file_as_meant(org: Path, rnd: random.Random) -> None:
    edit = an_edit(rnd)
    while edit.meant is None:
        edit = an_edit(rnd)
    followed(org, edit)


def hunt(count: int, seed: int = 0) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Try ``count`` edits: how many of each kind, and every failure by kind of edit."""
    rnd = random.Random(seed)
    tried: dict[str, int] = {}
    failures: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory(prefix="charter-hunt-") as folder:
        copy = Path(folder) / "org"
        shutil.copytree(ORG, copy)
        for _ in range(count):
            edit = an_edit(rnd)
            tried[edit.kind] = tried.get(edit.kind, 0) + 1
            try:
                check(copy, edit)
                if edit.meant is not None:
                    followed(copy, edit)
            except Exception as exc:
                edited = edit.lines[edit.line - 1] if edit.line <= len(edit.lines) else ""
                failures.setdefault(edit.kind, []).append(f"{edit.rel}:{edit.line} {edited!r}: {exc}"[:1500])
    return tried, failures


if __name__ == "__main__":
    tried, found = hunt(int(sys.argv[1]) if len(sys.argv) > 1 else 1000, int(sys.argv[2]) if len(sys.argv) > 2 else 0)
    print(f"{sum(tried.values())} edits, {sum(map(len, found.values()))} failing:")
    for kind in sorted(tried):
        print(f"  {tried[kind]:5} {kind}: {len(found.get(kind, []))} failing")
    for kind, failed in sorted(found.items()):
        print(f"== {kind}")
        for failure in failed[:5]:
            print("  ", failure.replace("\n", "\n     "))
