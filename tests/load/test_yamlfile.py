"""The hardened YAML reader: text stays text, positions are kept, every loader rule holds."""

from __future__ import annotations

import pytest
import yaml

from charter.load.issue import FileIssue
from charter.load.tree import YList, YMap, locate
from charter.load.yamlfile import MAX_DEPTH, _syntax_issue, decode, parse


def load(text: str) -> YMap:
    parsed = parse(text)
    assert parsed.issues == []
    assert parsed.data is not None
    return parsed.data


def issue_and_message(text: str) -> FileIssue:
    parsed = parse(text)
    assert parsed.data is None
    [issue] = parsed.issues
    return issue


def issue_codes(text: str) -> list[tuple[str, int]]:
    parsed = parse(text)
    assert parsed.data is None
    return [(i.code, i.line) for i in parsed.issues]


@pytest.mark.parametrize(
    "typed",
    ["NO", "no", "on", "Off", "yes", "0755", "12:30", "2024-01-02", "1e3", "0x1F", ".inf", "true", "3.10"],
)
def test_scalars_stay_the_text_typed(typed: str) -> None:
    assert load(f"name: {typed}\n")["name"] == typed


@pytest.mark.parametrize("empty", ["", "~", "null", "Null", "NULL"])
def test_plain_nulls_are_nothing(empty: str) -> None:
    assert load(f"name: {empty}\n")["name"] is None


def test_quoted_null_is_text() -> None:
    assert load('name: "null"\n')["name"] == "null"


def test_positions_are_kept_for_keys_values_and_items() -> None:
    data = load("# comment\nid: x\nsteps:\n  - id: a\n    next: [b, c]\n")
    assert locate(data, ("id",)) == (2, 5)
    assert locate(data, ("steps", 0, "id")) == (4, 9)
    assert locate(data, ("steps", 0, "next", 1)) == (5, 15)
    assert locate(data, ("steps", 0, "next"), at_key=True) == (5, 5)
    # A path that does not exist is reported where it stops existing.
    assert locate(data, ("steps", 0, "missing")) == (4, 5)
    assert isinstance(data["steps"], YList)


def test_duplicate_keys_name_both_lines() -> None:
    parsed = parse("id: a\nname: one\nname: two\n")
    assert [(i.code, i.line) for i in parsed.issues] == [("CH005", 3)]
    assert "first on line 2" in parsed.issues[0].message


def test_every_duplicate_is_reported_not_just_the_first() -> None:
    parsed = parse("a: 1\na: 2\nb: {c: 1, c: 2}\n")
    assert [(i.code, i.line) for i in parsed.issues] == [("CH005", 2), ("CH005", 3)]
    # The file is still read, first values kept, so that its other mistakes are reported too.
    assert parsed.data == {"a": "1", "b": {"c": "1"}}


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("a: &x [1]\nb: *x\n", "CH006", 1),
        ("a: 1\nb: *x\n", "CH006", 2),  # refused as an alias before libyaml looks for its anchor
        ("base: {a: 1}\nderived:\n  <<: {b: 2}\n", "CH007", 3),
        ("a: !!python/object/apply:os.system [echo hi]\n", "CH008", 1),
        ("a: !!binary aGVsbG8=\n", "CH008", 1),
        ("a: !custom x\n", "CH008", 1),
        ("a: 1\n---\nb: 2\n", "CH009", 2),
        ("- a\n- b\n", "CH010", 1),
        ("just text\n", "CH010", 1),
        ("", "CH011", 1),
        ("# only a comment\n", "CH011", 1),
        ("a: [1, 2\n", "CH004", 1),  # the end of the last line, not a line after it
        ("a: b: c\n", "CH004", 1),
        ("[a]: 1\n", "CH004", 1),
    ],
)
def test_loader_rules(text: str, code: str, line: int) -> None:
    assert issue_codes(text)[0] == (code, line)


def test_deep_nesting_is_refused_without_recursion() -> None:
    text = "a: " + "[" * 50_000 + "]" * 50_000 + "\n"
    assert issue_codes(text) == [("CH012", 1)]
    assert issue_codes("a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))[0][0] == "CH012"


def test_deep_block_nesting_is_refused_like_flow_nesting() -> None:
    text = "".join(" " * level + "a:\n" for level in range(1_500)) + " " * 1_500 + "b\n"
    assert issue_codes(text) == [("CH012", MAX_DEPTH + 1)]


def test_the_parsers_own_nesting_limit_reads_as_ours() -> None:
    """Whichever limit trips first, ours or libyaml's (which only newer releases have), the
    manager reads one report: the same code and wording, on the line libyaml stopped at."""
    mark = yaml.Mark("<unicode string>", 0, 0, 1000, "", 0)
    exc = yaml.MarkedYAMLError("while increasing flow level", mark, "exceeded maximum nesting depth", mark)
    issue = _syntax_issue(exc, "a: " + "[" * 2000)
    ours = issue_and_message("a: " + "[" * (MAX_DEPTH + 1))
    assert (issue.code, issue.message, issue.hint) == (ours.code, ours.message, ours.hint)
    assert (issue.line, issue.column) == (1, 1001)


def test_nesting_at_the_cap_is_read() -> None:
    depth = MAX_DEPTH - 1  # the root mapping is one level
    data = load("a: " + "[" * depth + "]" * depth + "\n")
    node = data["a"]
    for _ in range(depth - 1):
        node = node[0]
    assert node == []


def test_bom_is_accepted() -> None:
    text, issues = decode("\ufeffid: x\n".encode())
    assert issues == []
    assert text == "id: x\n"


@pytest.mark.parametrize(
    ("raw", "line", "column"),
    [
        (b"id: x\nname: a\x00b\n", 2, 8),
        (b"id: x\nname: \xe2\x80\xaeevil\n", 2, 7),  # RIGHT-TO-LEFT OVERRIDE
        (b"id: x\nname: zero\xe2\x80\x8bwidth\n", 2, 11),
        (b"id: x\x1b[31m\n", 1, 6),
    ],
)
def test_forbidden_characters_are_located(raw: bytes, line: int, column: int) -> None:
    text, issues = decode(raw)
    assert text is None
    assert (issues[0].code, issues[0].line, issues[0].column) == ("CH003", line, column)


def test_escaped_forbidden_characters_are_refused_too() -> None:
    assert issue_codes('id: x\nname: "a\\u202eb"\n') == [("CH003", 2)]
    assert issue_codes('id: x\nname: "a\\x00b"\n') == [("CH003", 2)]


def test_invalid_utf8_names_the_line() -> None:
    text, issues = decode(b"id: x\nname: caf\xe9\n")
    assert text is None
    assert (issues[0].code, issues[0].line, issues[0].column) == ("CH002", 2, 10)


def test_tabs_and_crlf_are_fine() -> None:
    text, issues = decode(b"id: x\r\nname: a\tb\r\n")
    assert issues == []
    assert text is not None
    assert load(text)["name"] == "a\tb"


def test_alias_bomb_is_refused_at_the_first_anchor() -> None:
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    assert issue_codes(bomb) == [("CH006", 1)]


def test_bad_utf8_column_counts_characters() -> None:
    _, issues = decode("id: bo\nname: Zoë é".encode() + b"\xff\n")
    assert (issues[0].line, issues[0].column) == (2, 12)


def test_line_separators_would_shift_lines_so_they_are_refused() -> None:
    text, issues = decode("id: bo\nname: a\u2028b\n".encode())
    assert text is None
    assert (issues[0].code, issues[0].line) == ("CH003", 2)


@pytest.mark.parametrize(
    "tail",
    ["escalates_to: x\n    when: late\n", "escalates_to: x\n  - role: z\n    on: y\n", "escalates_to: x\n- role: z\n"],
)
def test_a_slip_at_the_end_of_a_long_file_is_explained_in_linear_time(tail: str) -> None:
    """Telling which block a line belongs to looks at the lines above it; each candidate once
    checked against its whole list made a file of 4,000 collaborators take a minute."""
    import time

    items = "".join(f"  - role: r{i}\n    on: x{i}\n    when: w\n" for i in range(4000))
    started = time.perf_counter()
    parsed = parse("id: a\ncollaborators:\n" + items + tail)
    assert time.perf_counter() - started < 10
    assert [issue.line for issue in parsed.issues] == [12004]
