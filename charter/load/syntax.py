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
from charter.load.blocks import (
    KEY,
    SEARCH,
    Entry,
    belongs_above,
    content_above,
    entry,
    next_content,
    opening_line,
    takes,
)
from charter.load.issue import FileIssue

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
        lambda: _dash_without_space(lines, line),
        lambda: belongs_above(lines, line - 1),
        lambda: _first_item_without_dash(lines, line),
        lambda: _key_without_dash(lines, line),
        lambda: _quote_closed_late(lines, line, column),
        lambda: _item_out_of_line(lines, line),
        lambda: _continued_item(problem, lines, line),
        lambda: _colon_in_text(problem, lines, line, column),
        lambda: _text_after_quote(lines, line),
        lambda: _indented_under_text(problem, lines, line),
        lambda: _lost_dash(problem, lines, line, opened),
        lambda: _no_colon(problem, lines, opened),
        lambda: _reserved_start(problem, lines, line, column),
        lambda: _special_start(lines, line),
        lambda: _item_misaligned(lines, line),
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
            spaces = _indent_for(lines, number - 1)
            return _explained(
                number,
                indent.index("\t") + 1,
                f"line {number} is indented with a tab; YAML indents with spaces only",
                f"indent it with spaces: start the line at column {spaces + 1}, lined up with the lines around it "
                "(most editors have a setting to insert spaces for the Tab key)",
            )
    return None


def _indent_for(lines: list[str], number: int) -> int:
    """How far line ``number`` (0-based) is indented by the lines around it: as the item or key
    above it of its own kind, or two more than a key that opens a block above it."""
    text = lines[number].lstrip(" \t")
    probe = [*lines[:number], text, *lines[number + 1 :]]
    this = entry(probe, number)
    above = entry(probe, content_above(probe, number))
    if this is None or above is None:
        return 0
    if this.dash:
        if above.dash:
            return above.indent
        return above.indent + 2 if above.key and not above.value else above.indent
    if above.key and not above.value:
        return above.column + 2
    return above.column


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
            f"end the text with {opener} on line {line}",
        )
    closer = {"[": "]", "{": "}"}.get(opener)
    if "flow" in context and closer is not None and f"expected ',' or '{closer}'" in problem:
        return _bracket_left_open(lines, line, column, opener, closer)
    return None


def _bracket_left_open(lines: list[str], line: int, column: int, opener: str, closer: str) -> FileIssue:
    """``holders: [ana, bo`` (a list left open) or ``target: [95%] of cases`` written as
    ``[95% of cases`` (a text that starts with a bracket)."""
    found = valued(lines, line)
    inside = lines[line - 1][column:].split(" #")[0].strip() if line <= len(lines) else ""
    items = [part.strip() for part in inside.split(",")]
    if opener == "[":
        listed = all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", item) for item in items)  # ids: [ana, bo
    else:
        listed = all(re.match(r"[\w-]+: ", item) for item in items)  # keys: {metric: x, target: y
    if found is not None and not listed:
        before, value, _column = found
        return _explained(
            line,
            column,
            f"a text cannot start with '{opener}' unless it is in quotes (YAML reads it as "
            f"{'a list' if opener == '[' else 'a mapping'}, and it is never closed)",
            f"quote it: {before} {quoted(value)}",
        )
    what = "list" if opener == "[" else "mapping"
    if found is not None:
        return _explained(
            line, column, f"the {opener} opened here is never closed", f"end the {what} with {closer}: "
            f"{found[0]} {opener}{inside}{closer}"
        )  # fmt: skip
    return _explained(line, column, f"the {opener} opened here is never closed", f"end the {what} with {closer}")


def _colon_in_text(problem: str, lines: list[str], line: int, column: int) -> FileIssue | None:
    """``purpose: Why: we …`` - the second colon starts a mapping inside a text."""
    found = _keyed(lines, line) if "mapping values are not allowed" in problem else None
    if found is None:
        return None
    text, head = found
    if head.end() >= column:
        return None  # the colon is the line's own key: the line is indented wrongly instead
    key, value = head.group("key"), text[head.end() :].split(" #")[0].rstrip()
    return _explained(
        line,
        column,
        f"a colon followed by a space inside the text of '{key}': YAML reads it as a new key",
        f"put the whole text in quotes: {head.group('dash') or ''}{key}: {quoted(value)}",
    )


def _text_after_quote(lines: list[str], line: int) -> FileIssue | None:
    """``title: "best" role`` - a text that starts with a quote ends at the closing quote; and
    ``- 'The customer's account`` ends at the apostrophe."""
    found = valued(lines, line)
    if found is None:
        return None
    before, rest, column = found
    found_quote = _QUOTED_TEXT.fullmatch(rest.rstrip())
    if found_quote is None or found_quote.group("after").lstrip().startswith("#"):
        return None
    value = rest.rstrip()
    if value.startswith("'"):  # an apostrophe inside: double quotes keep it
        value = value[1:-1] if value.endswith("'") and len(value) > 1 else value[1:]
    return _explained(
        line,
        column,
        f"the text of {'this item' if before == '-' else repr(before.rstrip(':'))} starts with a quote, so YAML "
        "ends it at the closing quote "
        f"and cannot read {found_quote.group('after').strip()!r} after it",
        f"quote the whole text: {before} {quoted(value)}",
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
        owner = KEY.match(above)
        if owner is None:
            return None
        start = len(owner.group("indent")) + len(owner.group("dash") or "")
        if start >= indent:
            continue
        if takes(lines, number - 1, head.group("key")) is False:
            return None  # not a key of that mapping: the line belongs elsewhere
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
SIGNS = {">": "a folded block", "|": "a literal block", "%": "a directive", "@": _RESERVED, "`": _RESERVED,
          "!": "a tag", "&": "an anchor", "*": "an alias", "[": "a list", "{": "a mapping", "- ": "a list item",
          "? ": "a complex key"}  # fmt: skip


def _special_start(lines: list[str], line: int) -> FileIssue | None:
    """``target: >= 95%``: a value starting with a sign YAML reads specially, on the line of the
    error or the one above it, explained as that (never as bad indentation, whose hint would lead
    to the opposite hint), with the fix: quotes."""
    for number in (line, line - 1):
        found = valued(lines, number)
        if found is None:
            continue
        before, value, column = found
        sign = next((sign for sign in SIGNS if value.startswith(sign)), None)
        if sign is None or (sign in "[{" and _closes_alone(value)):
            continue
        return _explained(
            number,
            column,
            f"a text cannot start with '{sign.strip()}' unless it is in quotes (YAML reads it as {SIGNS[sign]})",
            f"quote it: {before} {quoted(value)}",
        )
    return None


_ITEM = re.compile(r"(?P<indent> *)(?P<dash>-)(?P<space> +)(?P<value>\S.*)")


def valued(lines: list[str], line: int) -> tuple[str, str, int] | None:
    """What stands before the value of line ``line`` (``target:`` or ``-``), its value and the
    value's column: a key's value, or a list item's text."""
    if not 1 <= line <= len(lines):
        return None
    text = lines[line - 1]
    head = KEY.match(text)
    if head is not None:
        return f"{head.group('dash') or ''}{head.group('key')}:", text[head.end() :].rstrip(), head.end() + 1
    item = _ITEM.fullmatch(text.rstrip())
    if item is not None:
        return "-", item.group("value"), item.start("value") + 1
    return None


def _closes_alone(value: str) -> bool:
    """Whether a value opening with [ or { is a whole flow list or mapping (then the mistake is
    elsewhere): its bracket closes at the end of the value."""
    body = value.split(" #", 1)[0].rstrip()
    return body.endswith("]" if value[0] == "[" else "}")


def _dash_without_space(lines: list[str], line: int) -> FileIssue | None:
    """``-"Around here we …"`` or ``-Writing``: a '-' with no space after it starts no list item."""
    for number in (line, line - 1):
        text = lines[number - 1] if 1 <= number <= len(lines) else ""
        body = text.strip()
        if len(body) < 2 or body[0] != "-" or body[1] in " -":
            continue
        indent = len(text) - len(text.lstrip(" "))
        neighbours = [entry(lines, content_above(lines, number - 1)), entry(lines, next_content(lines, number - 1))]
        keyed = re.match(r"-[A-Za-z_][\w-]*:(?: |$)", body) is not None  # ``-role: x``: an item, surely
        if keyed or any(e is not None and e.dash and e.indent == indent for e in neighbours):
            return _explained(
                number,
                indent + 1,
                "a list item needs a space after its '-'",
                f"put a space after the '-': - {body[1:]}",
            )
    return None


def _first_item_without_dash(lines: list[str], line: int) -> FileIssue | None:
    """``steps:`` whose first step lost its '- ' (``    id: spot-pattern``) while the next one
    has it: YAML reads the first step's keys as a mapping (or its text as the list's value), then
    fails at the next '-'."""
    item = entry(lines, line - 1)
    if item is None or not item.dash:
        return None
    opener = opening_line(lines, item.number, item.indent)
    number = opener + 1
    while number < item.number and (not lines[number].strip() or lines[number].lstrip().startswith("#")):
        number += 1
    if number >= item.number:
        return None
    text = lines[number]
    first = entry(lines, number)
    indent = len(text) - len(text.lstrip(" "))
    if first is not None and (first.dash or not first.key or first.column != item.column or not item.key):
        return None
    if first is None and (item.key or indent not in (item.indent, item.column)):
        return None
    name = entry(lines, opener)
    owner = f"'{name.key}:'" if name is not None and name.key else "the list"
    return _explained(
        number + 1,
        indent + 1,
        f"the first item of {owner} has no '- ', so it is not read as an item like the one on line {line}",
        f"start it with '- ' at column {item.indent + 1}: - {text.strip()}",
    )


def _quote_closed_late(lines: list[str], line: int, column: int) -> FileIssue | None:
    """``- 'The sales forecast`` with its closing quote forgotten: YAML reads on to the next such
    quote (an apostrophe lines below: ``price list's``) and fails after it."""
    text = lines[line - 1] if 1 <= line <= len(lines) else ""
    quote = text[column - 2 : column - 1] if column >= 2 else ""
    if quote not in ("'", '"'):
        return None
    for number in range(line - 1, max(0, line - 30), -1):
        found = valued(lines, number)
        if found is None:
            continue
        _before, value, at = found
        if value.startswith(quote) and value[1:].replace(quote * 2, "").count(quote) == 0 and number < line:
            return _explained(
                number,
                at,
                f"the quote {quote} opened here is closed only on line {line}, so YAML reads the lines between as "
                "part of this text",
                f"end the text with {quote} on line {number}",
            )
    return None


def _continued_item(problem: str, lines: list[str], line: int) -> FileIssue | None:
    """A line under a list item's text, deeper than its '-' (``    "Release quality: …"``): YAML
    reads it as more of that text and then fails, at a colon in it or at a text after the item's
    closing quote. A line that starts with a quote, or follows a quoted item, was meant as an item
    of its own."""
    if entry(lines, line - 1) is not None:
        return None
    text = lines[line - 1] if 1 <= line <= len(lines) else ""
    item = entry(lines, content_above(lines, line - 1))
    indent = len(text) - len(text.lstrip(" "))
    if item is None or not item.dash or item.key or indent <= item.indent:
        return None
    colon = "mapping values are not allowed" in problem
    if text.strip()[:1] in ("'", '"') or item.value[:1] in ("'", '"') or not colon:
        return _explained(
            line,
            indent + 1,
            f"this line is read as more of the item on line {item.number + 1}, as it has no '- '",
            f"start it with '- ' at column {item.indent + 1}: - {text.strip()}",
        )
    return _explained(
        line,
        indent + 1,
        f"this line is read as more of the text of the item on line {item.number + 1}, and a colon followed by a "
        "space cannot be in a text without quotes",
        f"if it is an item of its own, start it with '- ' at column {item.indent + 1}; if not, put the whole text "
        "in quotes",
    )


def _item_out_of_line(lines: list[str], line: int) -> FileIssue | None:
    """``   - id: spot-pattern`` one space deeper than the other steps, its keys below lined up as
    if it were not: the parser stops at the next key, but the line to move is the item's."""
    below = entry(lines, line - 1)
    item = entry(lines, content_above(lines, line - 1))
    if below is None or below.dash or item is None or not item.dash or not item.key or item.column == below.column:
        return None
    others = {
        e.indent for n in range(len(lines)) if (e := entry(lines, n)) is not None and e.dash and e.key == item.key
    } - {item.indent}
    # With no other item like it, the keys below it tell where its '-' goes, if they agree.
    lined_up = below.column - (item.column - item.indent)
    agree = len(columns := _key_columns(lines, item)) >= 2 and set(columns) == {below.column}
    for indent in sorted(others, key=lambda i: abs(i - item.indent)) or ([lined_up] if agree else []):
        if indent + item.column - item.indent == below.column and indent >= 0 and abs(indent - item.indent) <= 2:
            return _explained(
                item.number + 1,
                item.indent + 1,
                f"the '-' of this item is at column {item.indent + 1}, but "
                + ("the other items like it have it at" if others else "the keys below it expect it at")
                + f" column {indent + 1}",
                f"start the '-' at column {indent + 1}",
            )
    return None


def _key_columns(lines: list[str], item: Entry) -> list[int]:
    """The columns of the keys under a list item, up to the next line that is not one."""
    columns = []
    for number in range(item.number + 1, min(len(lines), item.number + SEARCH)):
        found = entry(lines, number)
        if found is None:
            continue
        if found.dash or found.indent <= item.indent:
            break
        columns.append(found.column)
    return columns


def _item_misaligned(lines: list[str], line: int) -> FileIssue | None:
    """`` - Writing`` under ``  - Editing``: an item whose '-' is not under the '-' of the items
    around it. Which one is out of line is told by the others of its list (the parser may stop at
    the item after the one that is)."""
    item = entry(lines, line - 1)
    if item is None or not item.dash:
        return None
    run = _run_of_items(lines, item)
    indents = [e.indent for e in run]
    if len(set(indents)) < 2:
        return None
    usual = max(sorted(set(indents)), key=lambda indent: (indents.count(indent), -indents.index(indent)))
    if item.indent == usual:  # this one is in line: the one out of line is above it
        odd = [e for e in run if e.indent != usual and e.number < item.number]
        if not odd:
            return None
        item = odd[-1]
    return _explained(
        item.number + 1,
        item.indent + 1,
        f"the '-' of this item is at column {item.indent + 1}, but the other items of its list have it at "
        f"column {usual + 1}",
        f"start the '-' at column {usual + 1}",
    )


def _run_of_items(lines: list[str], item: Entry) -> list[Entry]:
    """The list items around ``item`` whose '-' is within two columns of its, with only lines
    deeper than them in between: the items of its list, some perhaps out of line."""
    found = [item]
    for step in (-1, 1):
        number = item.number
        for _ in range(SEARCH):
            number = content_above(lines, number) if step < 0 else next_content(lines, number)
            other = entry(lines, number)
            if other is None:
                break
            if other.dash and abs(other.indent - item.indent) <= 2:
                found.append(other)
            elif other.indent <= min(e.indent for e in found):
                break
    return sorted(found, key=lambda e: e.number)


def _lost_dash(problem: str, lines: list[str], line: int, opened: tuple[int, int] | None) -> FileIssue | None:
    """A list item without its '- ' (``  "Release quality"`` among ``  - …`` items), or with no
    space after the '-' (``-Writing``): YAML reads it as a key without its colon."""
    if "could not find expected ':'" not in problem:
        return None
    number = opened[0] if opened is not None else line
    text = lines[number - 1] if 1 <= number <= len(lines) else ""
    indent = len(text) - len(text.lstrip(" "))
    body = text.strip()
    if body.startswith("-") and not body.startswith("- ") and len(body) > 1:
        return _explained(
            number,
            indent + 1,
            "a list item needs a space after its '-'",
            f"put a space after the '-': - {body[1:].lstrip('-')}",
        )
    neighbours = [entry(lines, content_above(lines, number - 1)), entry(lines, next_content(lines, number - 1))]
    if not any(e is not None and e.dash and e.indent == indent for e in neighbours):
        return None
    return _explained(
        number,
        indent + 1,
        "this line is among the items of a list, but does not start with '- ' as they do",
        f"start it with '- ': - {body}",
    )


def _key_without_dash(lines: list[str], line: int) -> FileIssue | None:
    """``  id: log-call`` in the column of the '-' of items that start with ``- id:``: the line
    starts an item, and lost its '- '."""
    for number in (line, line - 1):
        key = entry(lines, number - 1)
        if key is None or key.dash or not key.key:
            continue
        for other in range(len(lines)):
            item = entry(lines, other)
            if item is not None and item.dash and item.key == key.key and item.indent == key.indent:
                return _explained(
                    number,
                    key.indent + 1,
                    f"this line starts an item like the one on line {other + 1}, but it has no '- '",
                    f"start it with '- ': - {lines[number - 1].strip()}",
                )
    return None


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
        owner = KEY.match(above)
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
    # Only where the key is taken, when the file's kind tells: ``holders`` lines up with the
    # role's keys, not with the collaborator's above it.
    near = [s for s in starts if s[0] != column and abs(s[0] - column) <= 2]
    near = [s for s in near if takes(lines, s[1] - 1, head.group("key")) is not False]
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
    found = valued(lines, line) if "cannot start any token" in problem else None
    if found is None:
        return None
    before, value, _column = found
    char = lines[line - 1][column - 1 : column]
    if not char:
        return None
    return _explained(
        line,
        column,
        f"a text cannot start with '{char}' unless it is in quotes",
        f"quote it: {before} {quoted(value)}",
    )


def _keyed(lines: list[str], line: int) -> tuple[str, re.Match[str]] | None:
    """Line ``line`` and its ``key:`` (with indent and list dash), if it is a line with a key."""
    if line > len(lines):
        return None
    text = lines[line - 1]
    head = KEY.match(text)
    return (text, head) if head is not None else None


def quoted(value: str) -> str:
    """A text as a manager would quote it: double quotes, unless it holds some. A text that ends
    with a quote it never opened (``@seun"``) lost its opening quote: that one is put back."""
    # (Not a single quote: "the customers'" ends with an apostrophe.)
    if value.endswith('"') and value.count('"') == 1 and len(value) > 1:
        return '"' + value
    if '"' not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"
