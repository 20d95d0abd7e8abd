"""Why a file is not valid YAML, in a manager's words.

libyaml explains a failure in the parser's terms ("found character that cannot start any
token", "did not find expected key") at the place it gave up, which is often a line after the
mistake. Like Elm's and rustc's messages, each explanation here names what was found, points at
the place to change, and says what to write instead. The diagnosis reads the text around the
failure: the parser's words only choose which explanation to try first, and anything not
recognised keeps the parser's own words with a general hint.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import yaml

from charter.core.codes import CodeId
from charter.load.issue import FileIssue

_KEY = re.compile(r"(?P<indent> *)(?P<dash>- +)?(?P<key>[^\s#'\"\[\]{}:,][^:#]*?|\"[^\"]*\"|'[^']*'):(?: +|$)")
_QUOTED_TEXT = re.compile(r"""(?P<quote>["'])(?P<inner>.*?)(?P=quote)(?P<after>.+)""")


def _explained(line: int, column: int, message: str, hint: str) -> FileIssue:
    """A YAML syntax error, explained (positions 1-based)."""
    return FileIssue(CodeId.YAML_SYNTAX, line, column, message, hint)


def explain(exc: yaml.MarkedYAMLError, text: str) -> FileIssue:
    lines = text.splitlines() or [""]
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    # libyaml puts the end of the stream on a line after the last one; a position must be one an
    # editor or a pull-request annotation can show: the end of the last line (found by fuzzing).
    if line > len(lines):
        line, column = len(lines), len(lines[-1]) + 1
    problem = exc.problem or exc.context or "invalid YAML"
    context = exc.context or ""
    opened = (exc.context_mark.line + 1, exc.context_mark.column + 1) if exc.context_mark is not None else None
    diagnoses: list[Callable[[], FileIssue | None]] = [
        lambda: _tab(lines, line),
        lambda: _unclosed(context, problem, opened, lines),
        lambda: _colon_in_text(problem, lines, line, column),
        lambda: _text_after_quote(lines, line),
        lambda: _indented_under_text(problem, lines, line),
        lambda: _no_colon(problem, lines, opened),
        lambda: _reserved_start(problem, lines, line, column),
        lambda: _special_start(lines, line),
        lambda: _misaligned(lines, line),
    ]
    for diagnosis in diagnoses:
        found = diagnosis()
        if found is not None:
            return found
    message = f"invalid YAML: {problem}"
    if exc.problem and exc.context and opened is not None:
        message += f" ({exc.context} started on line {min(opened[0], len(lines))})"
    return _explained(line, column, message, "check the indentation and quoting near this position")


def _tab(lines: list[str], upto: int) -> FileIssue | None:
    """A tab in the indentation of any line up to the failure (libyaml stops at or after it)."""
    for number, text in enumerate(lines[:upto], start=1):
        indent = text[: len(text) - len(text.lstrip(" \t"))]
        if "\t" in indent:
            return _explained(
                number,
                indent.index("\t") + 1,
                f"line {number} is indented with a tab; YAML indents with spaces only",
                "replace the tab with spaces, lined up with the lines around it "
                "(most editors have a setting to insert spaces for the Tab key)",
            )
    return None


def _unclosed(context: str, problem: str, opened: tuple[int, int] | None, lines: list[str]) -> FileIssue | None:
    if opened is None:
        return None
    line, column = opened
    opener = lines[line - 1][column - 1 : column] if line <= len(lines) else ""
    if "quoted scalar" in context and "end of stream" in problem:
        return _explained(
            line,
            column,
            f"the quote {opener} opened here is never closed",
            f"end the text with a matching {opener} on this line, or remove the opening one",
        )
    closer = {"[": "]", "{": "}"}.get(opener)
    if "flow" in context and closer is not None and f"expected ',' or '{closer}'" in problem:
        what = "list" if opener == "[" else "mapping"
        return _explained(
            line,
            column,
            f"the {opener} opened here is never closed",
            f"end the {what} with {closer} on the same line, or write one item per line starting with '- '"
            if opener == "["
            else f"end the {what} with {closer} on the same line",
        )
    return None


def _colon_in_text(problem: str, lines: list[str], line: int, column: int) -> FileIssue | None:
    """``purpose: Why: we …`` - the second colon starts a mapping inside a text."""
    found = _keyed(lines, line) if "mapping values are not allowed" in problem else None
    if found is None:
        return None
    text, head = found
    if head.end() >= column:
        return None  # the colon is the line's own key: the line is indented wrongly instead
    key, value = head.group("key"), text[head.end() :].split(" #")[0].rstrip()
    prefix = head.group("indent") + (head.group("dash") or "")
    return _explained(
        line,
        column,
        f"a colon followed by a space inside the text of '{key}': YAML reads it as a new key",
        f"put the whole text in quotes: {prefix}{key}: {_quoted(value)}",
    )


def _text_after_quote(lines: list[str], line: int) -> FileIssue | None:
    """``title: "best" role`` - a text that starts with a quote ends at the closing quote."""
    found = _keyed(lines, line)
    if found is None:
        return None
    text, head = found
    rest = text[head.end() :]
    quoted = _QUOTED_TEXT.fullmatch(rest.rstrip())
    if quoted is None or quoted.group("after").lstrip().startswith("#"):
        return None
    return _explained(
        line,
        head.end() + 1,
        f"the text of '{head.group('key')}' starts with a quote, so YAML ends it at the closing quote "
        f"and cannot read {quoted.group('after').strip()!r} after it",
        f"quote the whole text: {head.group('indent')}{head.group('dash') or ''}{head.group('key')}: "
        f"{_quoted(rest.rstrip())}",
    )


def _indented_under_text(problem: str, lines: list[str], line: int) -> FileIssue | None:
    """A key indented under a key that already has a text value (``title: B`` then
    ``  purpose: c``): YAML reads the line as more of that text, then meets its colon."""
    found = _keyed(lines, line) if "mapping values are not allowed" in problem else None
    if found is None:
        return None
    _text, head = found
    indent = len(head.group("indent"))
    for number in range(line - 1, 0, -1):
        above = lines[number - 1]
        if not above.strip() or above.lstrip().startswith("#"):
            continue
        owner = _KEY.match(above)
        if owner is None:
            return None
        start = len(owner.group("indent")) + len(owner.group("dash") or "")
        if start >= indent:
            continue
        return _explained(
            line,
            indent + 1,
            f"'{head.group('key')}' is indented more than '{owner.group('key')}' on line {number}, "
            f"which already has a value, so YAML reads this line as part of that value",
            f"start '{head.group('key')}' at column {start + 1}, under '{owner.group('key')}'",
        )
    return None


def _no_colon(problem: str, lines: list[str], opened: tuple[int, int] | None) -> FileIssue | None:
    """``title B`` or ``title:B`` - a line in a mapping without ``key: value``."""
    if "could not find expected ':'" not in problem or opened is None or opened[0] > len(lines):
        return None
    line = opened[0]
    text = lines[line - 1]
    body = text.strip()
    squeezed = re.match(r"(- +)?([\w-]+):(\S.*)", body)
    if squeezed is not None:
        dash, key, value = squeezed.groups()
        return _explained(
            line,
            opened[1],
            f"'{key}:{value}' has no space after the colon, so YAML does not read '{key}' as a key",
            f"put a space after the colon: {text[: len(text) - len(text.lstrip())]}{dash or ''}{key}: {value}",
        )
    words = re.match(r"(- +)?([\w-]+) +(.+)", body)
    fix = f"write it as '{words.group(2)}: {words.group(3)}'" if words is not None else "write it as 'key: value'"
    return _explained(
        line,
        opened[1],
        f"line {line} has no 'key: value' colon, and a line inside a mapping needs one",
        f"{fix}; if it continues the text above, indent it under that text or put the text in quotes",
    )


# What YAML reads as a sign, not as text, at the start of a value: a folded or literal block
# (> |), a directive (%), reserved characters (@ `), a tag, an anchor or an alias (! & *), a list
# or a mapping ([ { and "- " "? "). "target: >= 95%" is the form people write for a measure.
_RESERVED = "a reserved character"
_SIGNS = {">": "a folded block", "|": "a literal block", "%": "a directive", "@": _RESERVED, "`": _RESERVED,
          "!": "a tag", "&": "an anchor", "*": "an alias", "[": "a list", "{": "a mapping", "- ": "a list item",
          "? ": "a complex key"}  # fmt: skip


def _special_start(lines: list[str], line: int) -> FileIssue | None:
    """``target: >= 95%``: a value starting with a sign YAML reads specially, on the line of the
    error or the one above it, explained as that (never as bad indentation, whose hint would lead
    to the opposite hint), with the fix: quotes."""
    for number in (line, line - 1):
        found = _keyed(lines, number) if number >= 1 else None
        if found is None:
            continue
        text, head = found
        value = text[head.end() :].rstrip()
        sign = next((sign for sign in _SIGNS if value.startswith(sign)), None)
        if sign is None or (sign in "[{" and _closes_alone(value)):
            continue
        key = f"{head.group('dash') or ''}{head.group('key')}"
        return _explained(
            number,
            head.end() + 1,
            f"a text cannot start with '{sign.strip()}' unless it is in quotes (YAML reads it as {_SIGNS[sign]})",
            f"quote it: {key}: {_quoted(value)}",
        )
    return None


def _closes_alone(value: str) -> bool:
    """Whether a value opening with [ or { is a whole flow list or mapping (then the mistake is
    elsewhere): its bracket closes at the end of the value."""
    body = value.split(" #", 1)[0].rstrip()
    return body.endswith("]" if value[0] == "[" else "}")


def _misaligned(lines: list[str], line: int) -> FileIssue | None:
    """A key that is not lined up with the keys around it: say which key it seems to belong
    with and the column to start it at."""
    found = _keyed(lines, line)
    if found is None:
        return None
    _text, head = found
    column = len(head.group("indent")) + 1
    starts: list[tuple[int, int, str]] = []  # (column of the key, line, key) above this line
    for number in range(line - 1, 0, -1):
        above = lines[number - 1]
        owner = _KEY.match(above)
        if owner is None or not above.strip() or above.lstrip().startswith("#"):
            continue
        key_column = len(owner.group("indent")) + len(owner.group("dash") or "") + 1
        dash_column = len(owner.group("indent")) + 1
        if head.group("dash") is not None and owner.group("dash") is not None:
            starts.append((dash_column, number, f"- {owner.group('key')}"))
        else:
            starts.append((key_column, number, owner.group("key")))
        if key_column == 1:
            break
    near = [s for s in starts if s[0] != column and abs(s[0] - column) <= 2]
    if not near:
        return None
    want, number, key = min(near, key=lambda s: (abs(s[0] - column), -s[1]))
    what = f"'{head.group('dash') or ''}{head.group('key')}'"
    return _explained(
        line,
        column,
        f"{what} starts at column {column}, but '{key}' above it (line {number}) starts at column {want}",
        f"line it up with '{key}': start it at column {want} ({want - 1} spaces)",
    )


def _reserved_start(problem: str, lines: list[str], line: int, column: int) -> FileIssue | None:
    """``title: @home`` - @, ` and % cannot start an unquoted text."""
    found = _keyed(lines, line) if "cannot start any token" in problem else None
    if found is None:
        return None
    text, head = found
    char = text[column - 1 : column]
    if not char:
        return None
    value = text[head.end() :].rstrip()
    return _explained(
        line,
        column,
        f"a text cannot start with '{char}' unless it is in quotes",
        f"quote it: {head.group('dash') or ''}{head.group('key')}: {_quoted(value)}",
    )


def _keyed(lines: list[str], line: int) -> tuple[str, re.Match[str]] | None:
    """Line ``line`` and its ``key:`` (with indent and list dash), if it is a line with a key."""
    if line > len(lines):
        return None
    text = lines[line - 1]
    head = _KEY.match(text)
    return (text, head) if head is not None else None


def _quoted(value: str) -> str:
    """A text as a manager would quote it: double quotes, unless it holds some."""
    if '"' not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"
