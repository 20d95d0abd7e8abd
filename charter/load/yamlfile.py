"""Read one YAML file safely, keeping every value's position.

libyaml's C parser produces events; this module composes them into plain data itself, with an
explicit stack, instead of letting PyYAML compose and construct. That one pass is where every
loader rule is enforced:

* anchors, aliases, merge keys and tags are refused at the event that carries them, so an alias
  bomb never expands and nothing is constructed from a tag;
* nesting is bounded by the stack, so deep input cannot overflow the C composer's recursion;
* duplicate keys are caught when the second one arrives, naming both lines;
* every scalar stays the text the manager typed (only an empty value, ``~`` or ``null`` means
  "nothing", as in YAML 1.2 and so in every editor): ``NO``, ``on``, ``0755``, ``12:30`` and
  ``2024-01-02`` are never reinterpreted. The models decide which texts are booleans, numbers or
  dates;
* a value YAML reads otherwise than it looks (``name: Null``, ``on: Faults #2``) is noted as a
  :class:`Misread`, for :mod:`charter.load.misread` to say where the field is a text.

Reading the bytes, checking the size cap, the encoding and forbidden characters happen before
parsing, in single C-level passes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice
from sys import intern
from typing import Any

import yaml
from yaml._yaml import CParser
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from charter.core.codes import CodeId
from charter.load.blocks import belongs_above
from charter.load.issue import FileIssue
from charter.load.syntax import SIGNS, explain, quoted, valued
from charter.load.tree import COLUMN_BITS, Mark, Pos, YList, YMap, unpack

MAX_FILE_BYTES = 1 << 20
MAX_DEPTH = 32

# C0/C1 controls (tab, LF and CR allowed), bidirectional controls, zero-width and other invisible
# format characters (soft hyphen, Mongolian vowel separator, tag characters), the line and
# paragraph separators (libyaml counts them as line breaks, editors do not, so every later line
# number would be wrong), a carriage return not followed by a line feed (the same: libyaml ends a
# line there, GitHub and most tools do not; found by fuzzing) and the non-characters U+FFFE and
# U+FFFF.
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff\U000e0000-\U000e007f]|\r(?!\n)"
)
MAX_NODES = 50_000  # values in one file: far beyond any real file, and a bound on the work after it
NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_QUOTES = frozenset(("'", '"'))


@dataclass(frozen=True, slots=True)
class Misread:
    """A plain value that YAML reads otherwise than it looks: a word YAML takes for "nothing"
    (``Null``, ``~``), or a text cut short by a ``#`` that starts a comment (``Faults #2``), or
    wholly taken for one (``channel: #it-help``)."""

    pos: Pos  # of the value
    typed: str  # the word, or the comment
    comment: bool  # a comment (else a word read as nothing)
    empty: bool = False  # the comment is all there is: the value is empty


@dataclass(slots=True)
class Parsed:
    data: YMap | None
    issues: list[FileIssue] = field(default_factory=list)
    misread: list[Misread] = field(default_factory=list)


def describe_char(ch: str) -> str:
    import unicodedata

    if ch == "\r":
        return "U+000D (CARRIAGE RETURN) without a line feed after it"
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" ({name})" if name else "")


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def decode(raw: bytes) -> tuple[str | None, list[FileIssue]]:
    """UTF-8 (with an optional BOM) or an issue naming the first bad byte's line."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1
        return None, [
            FileIssue(
                CodeId.NOT_UTF8,
                line,
                column,
                f"byte 0x{raw[exc.start]:02x} is not UTF-8 text",
                "save the file as UTF-8",
            )
        ]
    if text.startswith("\ufeff"):
        text = text[1:]
    bad = FORBIDDEN.search(text)
    if bad is not None:
        issues = []
        for match in FORBIDDEN.finditer(text):
            line, column = _position(text, match.start())
            issues.append(
                FileIssue(
                    CodeId.FORBIDDEN_CHARACTER,
                    line,
                    column,
                    f"forbidden character {describe_char(match.group())}",
                    "delete it: control, bidirectional and zero-width characters are invisible in review",
                )
            )
            if len(issues) >= 20:
                break
        return None, issues
    return text, []


def _mark_pos(mark: Mark | Pos) -> tuple[int, int]:
    if isinstance(mark, int):
        return unpack(mark)
    return mark.line + 1, mark.column + 1


def parse(text: str) -> Parsed:
    """Compose one YAML document into :class:`YMap` data, or report why it cannot be."""
    issues: list[FileIssue] = []
    # libyaml's parser alone: CSafeLoader would also set up a constructor and a resolver that
    # this module never calls (1.6 µs a file, 2% of the time reading benchmarks/generate.py's S).
    loader = CParser(text)
    try:
        return _compose(loader, _Reading(issues, text))
    except yaml.MarkedYAMLError as exc:
        # After a quote left open (said at its opening), the parser's error is its consequence;
        # an item said to be folded into the text above is the mistake the parser then meets.
        explained = _syntax_issue(exc, text)
        if not any(i.code is CodeId.YAML_SYNTAX or (i.code is CodeId.ITEM_MERGED and i.line == explained.line)
                   for i in issues):  # fmt: skip
            issues.append(explained)
        return Parsed(None, issues)
    except yaml.YAMLError as exc:  # reader errors carry no mark in the C parser
        issues.append(FileIssue(CodeId.YAML_SYNTAX, 1, 1, f"invalid YAML: {exc}"))
        return Parsed(None, issues)
    finally:
        loader.dispose()


def _syntax_issue(exc: yaml.MarkedYAMLError, text: str) -> FileIssue:
    problem = exc.problem or exc.context or ""
    if "maximum nesting depth" in problem:
        # Newer libyaml (PyYAML 6.0.4 on) has a nesting limit of its own, which its scanner can
        # reach before our composer sees the level past ours: the same mistake, the same report.
        mark = exc.problem_mark or exc.context_mark
        return _too_deep(*((mark.line + 1, mark.column + 1) if mark is not None else (1, 1)))
    return explain(exc, text)


def _too_deep(line: int, column: int) -> FileIssue:
    return FileIssue(
        CodeId.TOO_DEEP,
        line,
        column,
        f"nesting deeper than {MAX_DEPTH} levels",
        "charter files need only a few levels of lists and mappings",
    )


def _compose(loader: Any, reading: _Reading) -> Parsed:
    issues = reading.issues
    get = loader.get_event
    get()  # stream start
    event = get()
    if type(event) is StreamEndEvent:
        issues.append(FileIssue(CodeId.EMPTY_FILE, 1, 1, "the file is empty", "fill it in or delete it"))
        return Parsed(None, issues)
    assert type(event) is DocumentStartEvent
    root = _document(get, reading)
    if root is _FAILED:
        return Parsed(None, issues)
    after = get()
    if type(after) is not StreamEndEvent:
        line, column = _mark_pos(after.start_mark)
        issues.append(
            FileIssue(
                CodeId.MULTIPLE_DOCUMENTS,
                line,
                column,
                "a second YAML document ('---') in one file",
                "put each entity in a file of its own",
            )
        )
        return Parsed(None, issues)
    parsed = _as_file(root, issues)
    parsed.misread = reading.misread
    return parsed


def parse_all(text: str) -> tuple[list[Any], list[FileIssue]]:
    """Every document of a multi-document stream (for importing catalogs), with the same rules:
    no anchors, aliases, tags or merge keys; bounded depth and size; duplicate keys refused."""
    issues: list[FileIssue] = []
    loader = CParser(text)
    roots: list[Any] = []
    try:
        get = loader.get_event
        get()  # stream start
        while type(event := get()) is DocumentStartEvent:
            root = _document(get, _Reading(issues, text))
            if root is _FAILED:
                return [], issues
            roots.append(root)
    except yaml.MarkedYAMLError as exc:
        issues.append(_syntax_issue(exc, text))
        return [], issues
    finally:
        loader.dispose()
    assert type(event) is StreamEndEvent
    return roots, issues


def _as_file(root: Any, issues: list[FileIssue]) -> Parsed:
    if type(root) is not YMap:
        line, column = _mark_pos(root.mark) if isinstance(root, (YMap, YList)) else (1, 1)
        text = str(root)
        shown = text if len(text) <= 40 else text[:37] + "…"
        found = "a list" if type(root) is YList else ("nothing" if root is None else f'the text "{shown}"')
        issues.append(
            FileIssue(
                CodeId.EMPTY_FILE if root is None else CodeId.ROOT_NOT_MAPPING,
                line,
                column,
                "the file holds no keys" if root is None else f"expected a mapping of keys to values, found {found}",
                "start with 'id: …' and the other keys of this kind of file",
            )
        )
        return Parsed(None, issues)
    if any(issue.fatal for issue in issues):
        return Parsed(None, issues)
    return Parsed(root, issues)


# Keys and short values (ids, letters, names) are kept as one string per distinct text: a large
# organisation repeats a few dozen keys and each id hundreds of thousands of times, and one
# string each took the peak of validating 20,000 roles from 616 MB to 528 MB. Long texts
# rarely repeat.
_SHARED_LENGTH = 40


@dataclass(slots=True)
class _Reading:
    """One text being composed: its issues and misread values so far, and what the checks of
    its values need (its lines, split the first time a check needs them)."""

    issues: list[FileIssue]
    text: str
    misread: list[Misread] = field(default_factory=list)
    # The lines where a '#' after a space follows other text: where a plain value may have been
    # cut short by a comment. None (most files): no value was.
    hashes: frozenset[int] | None = None
    lines: list[str] | None = None

    def __post_init__(self) -> None:
        # A substring search first (a regular expression over every file cost 3% of reading an
        # organisation); most files have no '#' after a space at all.
        if (" #" in self.text or "\t#" in self.text) and _INLINE_HASH.search(self.text) is not None:
            self.hashes = frozenset(self.text.count("\n", 0, m.start()) for m in _INLINE_HASH.finditer(self.text))

    def split(self) -> list[str]:
        if self.lines is None:
            self.lines = self.text.split("\n")
        return self.lines


# Text, spaces, then '#' and a word: "Faults #2", "Hand-off meeting and #handoffs" unquoted.
_INLINE_HASH = re.compile(r"[^\s][ \t]+#[^\s#]")


def _document(get: Any, reading: _Reading) -> Any:
    """Compose one document, the document start already read; _FAILED when it cannot be."""
    try:
        return _compose_root(get, reading)
    except _Refused as refused:
        reading.issues.append(_sign_of_text(refused.issue, reading) or refused.issue)
        return _FAILED


# What YAML's own use of an alias or an anchor looks like: an alias as the whole value, an anchor
# on a list or a mapping (``metadata: &a {name: x}``) or on the block below it.
_GENUINE = re.compile(r"\*[^\s\[\]{},]+\s*$|&[^\s\[\]{},]+\s*(?:[\[{]|$)")


def _sign_of_text(issue: FileIssue, reading: _Reading) -> FileIssue | None:
    """``on: *Urgent* faults``, ``name: &Co``, ``title: !Important``: an alias, an anchor or a tag
    to YAML, the start of a text to the manager (a standard tag such as ``!!python/object`` is no
    slip of the pen, and keeps its refusal)."""
    if issue.code not in (CodeId.ANCHOR_OR_ALIAS, CodeId.TAG):
        return None
    found = valued(reading.split(), issue.line)
    if found is None or found[2] != issue.column or found[1].startswith("!!"):
        return None
    before, value, column = found
    if _GENUINE.match(value):  # YAML's own use of it; but a text like "*Urgent*" reads the same
        fix = f"; if it is text, quote it: {before} {quoted(value)}" if value[-1] not in "[{" else ""
        return FileIssue(issue.code, issue.line, issue.column, issue.message, issue.hint + fix)
    return FileIssue(
        issue.code,
        issue.line,
        column,
        f"a text cannot start with '{value[0]}' unless it is in quotes (YAML reads it as {SIGNS[value[0]]})",
        f"quote it: {before} {quoted(value)}",
    )


def _compose_root(get: Any, reading: _Reading) -> Any:
    """The document's root, composed from its events; raises _Refused for input the loader refuses."""
    # Every event of every file passes through this loop, the loader's measured hot path:
    # scalars, ends and list items are handled inline. Opening a container and taking a key are
    # calls: 1-3% of parse()'s time on org/ and on benchmarks/generate.py's S organisation.
    stack: list[Any] = [YList(0)]  # open containers, innermost last, above a list for the root
    keys: list[Any] = [None]  # for each open container: the pending key of a mapping, or None
    key_marks: list[Any] = [None]
    value: Any
    hashes = reading.hashes
    for event in islice(iter(get, None), MAX_NODES):
        kind = type(event)
        if kind is ScalarEvent:
            if event.anchor is not None or event.tag is not None:
                raise _Refused(_decoration(event))
            value = event.value
            value = intern(value) if len(value) <= _SHARED_LENGTH else value
            style = event.style
            start = event.start_mark
            mark = (start.line << COLUMN_BITS) | start.column
            if style == "" and value in NULLS:
                value = _nothing(value, mark, start, reading)
            elif style in _QUOTES or " - " in value or (hashes is not None and event.end_mark.line in hashes):
                value = _check_scalar(event, value, mark, reading)  # cheap filters before the checks' own
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            _open(event, stack, keys, key_marks)
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            value = stack.pop()
            keys.pop()
            key_marks.pop()
            mark = value.mark
        elif kind is AliasEvent:
            raise _Refused(_alias(event))
        else:  # document end
            assert kind is DocumentEndEvent
            return stack[0][0]

        parent = stack[-1]
        if type(parent) is YList:
            parent.append(value)
            parent.marks.append(mark)
            continue
        key = keys[-1]
        if key is None:
            keys[-1] = _take_key(parent, value, mark, event, reading)
            key_marks[-1] = mark
            continue
        if key is not _DUPLICATE:
            parent.add(key, value, key_marks[-1], mark)
        keys[-1] = None
    raise _Refused(_too_many_values(get()))


def _open(event: Any, stack: list[Any], keys: list[Any], key_marks: list[Any]) -> None:
    """Push the mapping or list that a start event opens."""
    if event.anchor is not None or event.tag is not None:
        raise _Refused(_decoration(event))
    if len(stack) > MAX_DEPTH:  # the list holding the root is no level of nesting
        raise _Refused(_too_deep(*_mark_pos(event.start_mark)))
    start = event.start_mark
    packed = (start.line << COLUMN_BITS) | start.column
    stack.append(YMap(packed) if type(event) is MappingStartEvent else YList(packed))
    keys.append(None)
    key_marks.append(None)


def _take_key(mapping: YMap, value: Any, mark: Pos, event: Any, reading: _Reading) -> Any:
    """The key for the mapping's next value; _DUPLICATE if the mapping has it already."""
    if type(event) is not ScalarEvent or value is None:
        raise _Refused(_key_not_text(type(event), mark))
    if value == "<<" and event.style == "":
        raise _Refused(_merge_key(mark))
    if value in mapping:
        if value == next(iter(mapping)):
            _item_without_dash(mapping, value, mark, reading.split())
        reading.issues.append(_duplicate_key(value, mapping.key_mark(value), mark, reading.split()))
        # Keep composing: the file's other mistakes are worth reporting too.
        return _DUPLICATE
    return value if len(value) <= _SHARED_LENGTH else intern(value)


_COMMENT_VALUE = re.compile(r"[ \t]*(#\S.*)")


def _comment_as_value(mark: Any, packed: Pos, reading: _Reading) -> None:
    """``channel: #it-help``: an empty value followed by a comment that reads like the value
    (no space after the ``#``). YAML is right that it is a comment; the manager meant text.
    Noted for :mod:`charter.load.misread`, which says it."""
    lines = reading.split()
    line = lines[mark.line] if mark.line < len(lines) else ""
    comment = _COMMENT_VALUE.match(line, mark.column)
    if comment is not None:
        reading.misread.append(Misread(packed, comment.group(1).rstrip(), comment=True, empty=True))


def _nothing(word: str, mark: Pos, start: Any, reading: _Reading) -> Any:
    """An empty value, ``~`` or ``null``: nothing (None). A word is noted (``name: Null`` may be
    a surname), and so is an empty value followed by a comment that reads like the value."""
    if word:
        reading.misread.append(Misread(mark, word, comment=False))
    else:  # only files with empty values pay for splitting the text into lines
        _comment_as_value(start, mark, reading)
    return None


def _check_scalar(event: Any, value: str, mark: Pos, reading: _Reading) -> str:
    """A text's checks: escaped characters charter refuses and a quote left open (quoted), a list
    item folded into the one above and a comment that cuts it short (plain). The text as read
    on, which is the text without the folded item, if there was one."""
    issues = reading.issues
    if not event.style and reading.hashes is not None and event.end_mark.line in reading.hashes:
        _comment_after(event, mark, reading)
    if event.style == '"' and FORBIDDEN.search(value):
        issues.append(_escaped_forbidden(event, value))
    if event.end_mark.line != event.start_mark.line:  # rare: a text over several lines
        lines = reading.split()
        if event.style in _QUOTES:
            _runaway_quote(event, lines, issues)
        elif not event.style:
            return _merged_item(event, value, lines, issues)
    return value


def _merged_item(event: Any, value: str, lines: list[str], issues: list[FileIssue]) -> str:
    """``- Estimating repairs`` with `` - Ordering a site visit`` below it, one space deeper: YAML
    folds the second line into the first item's text. Said on the line that was meant as an item
    (or, for an item written below the next key, where it belongs). The text is read on without
    the folded lines: their mistake is said, and they must not also make this value wrong (an
    id that is no id, ``service-lead - Answering calls``)."""
    start, end = event.start_mark, event.end_mark
    if lines[start.line][: start.column].rstrip().endswith(("[", "{", ",")):
        return value  # inside brackets: a line break there is no list item
    for number in range(start.line + 1, min(end.line, len(lines) - 1) + 1):
        line = lines[number]
        if line.lstrip().startswith("- "):
            issues.append(
                belongs_above(lines, number, item_merged=True)
                or _first_without_dash(event, number, lines)
                or _merged(event, number, lines)
            )
            cut = value.find(line.strip())
            return value[:cut].rstrip() if cut > 0 else value
    return value


def _first_without_dash(event: Any, number: int, lines: list[str]) -> FileIssue | None:
    """``owns:`` then ``  Answering calls`` without its '- ', and the items below it in its
    column: YAML reads them all as one text, the value of ``owns``. Said on the line that lost
    its dash; the file is not read on (a text where a list was meant would be a second report
    of this one slip)."""
    start = event.start_mark
    first, line = lines[start.line], lines[number]
    indent = len(line) - len(line.lstrip())
    content = indent + 1 + len(line.lstrip()[1:]) - len(line.lstrip()[1:].lstrip())  # the column of its text
    if first[: start.column].strip() or start.column not in (indent, content):
        return None  # the text starts after a key or a '-' on its line, or the items are elsewhere
    text = first.strip()
    return FileIssue(
        CodeId.ITEM_MERGED,
        start.line + 1,
        start.column + 1,
        f"{'this line has no space after its' if text.startswith('-') else 'this line has no'} '-', so YAML "
        f"reads it and the items below it (line {number + 1} on) as one text",
        f"put a space after the '-': - {text[1:]}"
        if text.startswith("-")
        else f"start it with '- ' at column {indent + 1}: - {text}",
    )


def _merged(event: Any, number: int, lines: list[str]) -> FileIssue:
    start, line = event.start_mark, lines[number]
    above = lines[start.line]
    dash = above.find("- ") if above.lstrip().startswith("- ") else -1
    where = f"column {dash + 1}, under the '-' on line {start.line + 1}" if dash >= 0 else "the column of the items"
    return FileIssue(
        CodeId.ITEM_MERGED,
        number + 1,
        len(line) - len(line.lstrip()) + 1,
        f"this line is read as part of the item above it, not as an item of its own: "
        f"'{' '.join(event.value.split())[:60]}'",
        f"start the '-' at {where}",
        fatal=False,
    )


def _comment_after(event: Any, mark: Pos, reading: _Reading) -> None:
    """``on: Faults #2``: a plain text, then a ``#`` after a space, which starts a comment. Noted
    when the ``#`` is followed by a word, as in a text (``# see the wiki`` is a comment as meant);
    said where the value is a text (:mod:`charter.load.misread`)."""
    end = event.end_mark
    line = reading.split()[end.line]
    comment = _COMMENT_AFTER.match(line, end.column)
    if comment is not None:
        reading.misread.append(Misread(mark, comment.group(1).rstrip(), comment=True))


_COMMENT_AFTER = re.compile(r"[ \t]+(#[^\s#].*)")


_KEY_LINE = re.compile(r"( *)(?:- +)?[A-Za-z_][\w-]*:(?: |$)")


def _runaway_quote(event: Any, lines: list[str], issues: list[FileIssue]) -> None:
    """``purpose: "Customers fund …`` with its closing quote forgotten: YAML reads on to the next
    quote, lines below included, and the keys on them silently become words of this text. A
    line in it that starts a key no deeper than the key of the text is said, at the opening."""
    start, end = event.start_mark, event.end_mark
    first = lines[start.line] if start.line < len(lines) else ""
    indent = len(first) - len(first.lstrip(" "))
    for number in range(start.line + 1, min(end.line, len(lines) - 1) + 1):
        found = _KEY_LINE.match(lines[number])
        if found is not None and len(found.group(1)) <= indent:
            quote = event.style
            issues.append(
                FileIssue(
                    CodeId.YAML_SYNTAX,
                    start.line + 1,
                    start.column + 1,
                    f"the quote {quote} opened here is closed only on line {end.line + 1}: lines {number + 1} "
                    f"('{lines[number].strip()[:40]}') to {end.line + 1} are read as part of this text",
                    f"end the text with {quote} on line {start.line + 1}",
                )
            )
            return


class _Duplicate:
    """Marks a mapping key whose value must be skipped (the key was a duplicate)."""


_DUPLICATE = _Duplicate()
_FAILED = object()  # a document that could not be composed (the issues say why)


class _Refused(Exception):
    """Input the loader refuses: the document cannot be composed, for the reason it carries."""

    def __init__(self, issue: FileIssue) -> None:
        super().__init__(issue.message)
        self.issue = issue


# What the steps above report: built out of their way, since input is seldom refused or suspect.


def _too_many_values(event: Any) -> FileIssue:
    line, column = _mark_pos(event.start_mark)
    return FileIssue(
        CodeId.FILE_TOO_LARGE,
        line,
        column,
        f"the file holds more than {MAX_NODES:,} values",
        "one entity per file needs a few hundred at most: split it",
    )


def _decoration(event: Any) -> FileIssue:
    """An anchor or a tag, refused on the value that carries it."""
    line, column = _mark_pos(event.start_mark)
    if event.anchor is not None:
        return FileIssue(
            CodeId.ANCHOR_OR_ALIAS,
            line,
            column,
            f"anchor '&{event.anchor}' is not allowed",
            "write the value out in full where it is needed",
        )
    return FileIssue(
        CodeId.TAG,
        line,
        column,
        f"tag '{event.tag}' is not allowed",
        "remove the tag; quote the value if it must stay text",
    )


def _alias(event: Any) -> FileIssue:
    line, column = _mark_pos(event.start_mark)
    return FileIssue(
        CodeId.ANCHOR_OR_ALIAS,
        line,
        column,
        f"alias '*{event.anchor}' is not allowed",
        "write the value out in full where it is needed",
    )


def _escaped_forbidden(event: Any, value: str) -> FileIssue:
    ch = FORBIDDEN.search(value).group()  # type: ignore[union-attr]
    line, column = _mark_pos(event.start_mark)
    return FileIssue(
        CodeId.FORBIDDEN_CHARACTER,
        line,
        column,
        f"forbidden character {describe_char(ch)} written as an escape",
        "remove the escape: control, bidirectional and zero-width characters are invisible in review",
    )


def _key_not_text(kind: type, mark: Pos) -> FileIssue:
    line, column = _mark_pos(mark)
    what = "empty or null" if kind is ScalarEvent else "a list or mapping"
    return FileIssue(
        CodeId.YAML_SYNTAX,
        line,
        column,
        f"a key cannot be {what}",
        "write 'key: value' with a word as the key",
    )


def _merge_key(mark: Pos) -> FileIssue:
    line, column = _mark_pos(mark)
    return FileIssue(CodeId.MERGE_KEY, line, column, "merge key '<<' is not allowed", "write the keys out in full")


def _item_without_dash(mapping: YMap, key: str, mark: Pos, lines: list[str]) -> None:
    """A list item's first key again, in its column (``    id: log-call`` under a step whose
    ``id`` came first): the '- ' of a new item was lost, and every key of that item would be
    "duplicate". Refused as the one mistake it is."""
    line, column = _mark_pos(mark)
    first_line, first_column = unpack(mapping.mark)
    opening = lines[first_line - 1][: first_column - 1] if first_line <= len(lines) else ""
    if not opening.rstrip().endswith("-") or line > len(lines):
        return  # the mapping is no list item: a duplicate key, as said below
    dash = len(opening.rstrip()) - 1
    raise _Refused(
        FileIssue(
            CodeId.YAML_SYNTAX,
            line,
            column,
            f"this line starts an item like the one on line {first_line} ('{key}' comes first in each), but it has "
            "no '- ', so YAML reads it as more of that item",
            f"start it with '- ' at column {dash + 1}: - {lines[line - 1].strip()}",
        )
    )


def _duplicate_key(key: str, first: Pos, mark: Pos, lines: list[str]) -> FileIssue:
    line, column = _mark_pos(mark)
    before = unpack(first)[0]
    # The same line twice (a line copied, or pasted again): the fix is plain.
    same = before <= len(lines) and line <= len(lines) and lines[before - 1].strip() == lines[line - 1].strip()
    return FileIssue(
        CodeId.DUPLICATE_KEY,
        line,
        column,
        f"duplicate key '{key}' (first on line {before})",
        f"delete this line: it repeats line {before}"
        if same and lines[line - 1].strip() != f"{key}:"
        else "YAML would silently keep only the last one: keep one of them",
        fatal=False,
    )
