"""Which block of a file a line belongs to, read from its lines alone.

When YAML fails (or silently folds a line into the text above it), the mistake is often a line
written where it does not belong: a collaborator appended after ``escalates_to:``, a list item
without its '- ', a step one space deeper than the others. The parser only says where it gave
up. These helpers read the lines as a manager sees them, keys and list items in columns, to say
which block the line belongs to and which lines to move where.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from charter.core.codes import CodeId
from charter.load.issue import FileIssue
from charter.load.shapes import block_model, candidate_models, file_model, inner_model, is_text, list_item

KEY = re.compile(r"(?P<indent> *)(?P<dash>- +)?(?P<key>[^\s#'\"\[\]{}:,-][^:#]*?|\"[^\"]*\"|'[^']*'):(?: +|$)")

SEARCH = 400  # lines looked through for the block a line belongs to


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of a file, as far as telling which block it belongs to needs."""

    number: int  # 0-based
    indent: int  # where the line starts (its '-' for a list item)
    dash: bool  # a list item
    column: int  # where its key or text starts, after any '- '
    key: str  # "" for a list item that is a text
    value: str  # after the key's colon ("" when a block follows)


def entry(lines: list[str], number: int) -> Entry | None:
    """The key or list item on line ``number`` (0-based); None for a blank line, a comment, a
    line indented with a tab, or a line of text that continues another."""
    text = lines[number] if 0 <= number < len(lines) else ""
    if not text.strip() or text.lstrip().startswith("#") or "\t" in text[: len(text) - len(text.lstrip())]:
        return None
    head = KEY.match(text)
    indent = len(text) - len(text.lstrip(" "))
    if head is not None:
        column = len(head.group("indent")) + len(head.group("dash") or "")
        value = text[head.end() :].split(" #", 1)[0].strip()
        return Entry(number, indent, head.group("dash") is not None, column, head.group("key"), value)
    if text.lstrip().startswith("- "):
        body = text.lstrip()[1:]
        return Entry(number, indent, True, indent + 1 + len(body) - len(body.lstrip()), "", body.strip())
    return None


def content_above(lines: list[str], number: int) -> int:
    """The nearest line above ``number`` with a key or a list item on it (-1 if none)."""
    number -= 1
    while number >= 0 and entry(lines, number) is None:
        number -= 1
    return number


def _block_last(lines: list[str], number: int, deeper_than: int) -> int:
    """The last line of the block that starts at ``number``: the lines below it that are deeper
    than ``deeper_than``, up to the first that is not (blank lines and comments go with it)."""
    last = number
    for below in range(number + 1, len(lines)):
        found = entry(lines, below)
        if found is None:
            if lines[below].strip() and not lines[below].lstrip().startswith("#"):
                last = below  # a line that continues a text
            continue
        if found.indent <= deeper_than:
            break
        last = below
    return last


def belongs_above(lines: list[str], number: int, *, item_merged: bool = False) -> FileIssue | None:
    """A list item or a key written below the next key of the file, as when a manager appends a
    collaborator after ``escalates_to: head-of-it`` while ``collaborators:`` is further up: YAML
    reads it as more of that key's value, or fails. Said as the block it belongs to, with the
    lines to move and where to."""
    moved = entry(lines, number)
    ended = entry(lines, content_above(lines, number))
    # The parser may stop at a later item of the run that was appended: the run's first is moved.
    while moved is not None and ended is not None and ended.dash and (ended.indent, ended.key) == (moved.indent, ""):
        moved, ended = ended, entry(lines, content_above(lines, ended.number))
    if moved is None or ended is None or not ended.key or not ended.value:
        return None  # the line above opens a block, or is not a key with its value
    want = moved.indent if moved.dash else moved.column
    pasted = moved.dash and not ended.dash and ended.indent == moved.indent  # an item written at the key's column
    if ended.indent >= want and not pasted:
        return None
    owner = _sibling(lines, ended.number, moved, pasted)
    if owner is None:
        return _list_without_key(lines, moved, ended, item_merged=item_merged) if not pasted else None
    if not moved.dash and takes(lines, ended.number, ended.key) is False and takes(lines, owner.number, ended.key):
        return _out_of_its_block(ended, owner, item_merged=item_merged)
    return _move_to(lines, moved, ended, owner, item_merged=item_merged)


def _out_of_its_block(ended: Entry, owner: Entry, *, item_merged: bool) -> FileIssue:
    """``  repository: …`` / ``edit_uri: …`` / ``  palette: …`` under ``site:``: it is the key
    that ends the block too early that is out of line, not the ones after it (the file's kind
    says ``edit_uri`` is a key of ``site``, not of the file)."""
    return FileIssue(
        CodeId.ITEM_MERGED if item_merged else CodeId.YAML_SYNTAX,
        ended.number + 1,
        ended.indent + 1,
        f"'{ended.key}' starts at column {ended.indent + 1}, but it is a key of the block around it, whose keys "
        f"start at column {owner.column + 1} (as '{owner.key}' on line {owner.number + 1})",
        f"start it at column {owner.column + 1}",
        fatal=not item_merged,
    )


def _list_without_key(lines: list[str], item: Entry, ended: Entry, *, item_merged: bool) -> FileIssue | None:
    """Items below a key that has its value, with no list of their shape above: the list's own
    key (``steps:``, ``owns:``) was deleted. Named when the file's kind tells which one."""
    if not item.dash or ended.indent != 0:
        return None
    key = missing_list_key(lines, item.key)
    if key is None:
        return None
    return FileIssue(
        CodeId.ITEM_MERGED if item_merged else CodeId.YAML_SYNTAX,
        item.number + 1,
        item.indent + 1,
        f"this list has no key: '{ended.key}' on line {ended.number + 1} has its value already, so YAML cannot "
        "read the items below it as a list",
        f"insert a line '{key}:' above line {item.number + 1}",
        fatal=not item_merged,
    )


def missing_list_key(lines: list[str], first_key: str) -> str | None:
    """The one top-level list key the file lacks whose items look like ``first_key`` (``id`` for
    steps, ``role`` for collaborators; "" for a list of texts), by the kinds of file whose keys
    the file's top-level keys fit."""
    present = _top_keys(lines)
    found = {
        name
        for model in candidate_models(present)
        for name, field in model.model_fields.items()
        if name not in present and _first_item_key(field.rebuild_annotation()) == first_key
    }
    return found.pop() if len(found) == 1 else None


def _top_keys(lines: list[str]) -> frozenset[str]:
    return frozenset(e.key for n in range(len(lines)) if (e := entry(lines, n)) is not None and e.indent == 0 and e.key)


def _first_item_key(annotation: object) -> str | None:
    """For a list field: the first key of its items ("" for texts); None for any other field."""
    item = list_item(annotation)
    if item is None:
        return None
    model = inner_model(item)
    if model is not None:
        return next(iter(model.model_fields), None)
    return "" if is_text(item) else None


def takes(lines: list[str], number: int, key: str) -> bool | None:
    """Whether the mapping that holds the key on line ``number`` (0-based) takes ``key``, by the
    model of the file's kind; None when that cannot be told."""
    path = _path(lines, number)
    model = block_model(file_model(_top_keys(lines)), path) if path is not None else None
    return None if model is None else key in model.model_fields


def _path(lines: list[str], number: int) -> list[str] | None:
    """The keys from the top of the file down to the mapping that holds line ``number``'s key."""
    found = entry(lines, number)
    if found is None:
        return None
    path: list[str] = []
    column, at = found.column, number
    while column > 0:
        above = content_above(lines, at)
        while above >= 0 and (e := entry(lines, above)) is not None and e.indent >= column:
            above = content_above(lines, above)
        opener = entry(lines, above)
        if opener is None:
            return None
        if opener.dash and opener.column == column:  # the item this mapping is: on to its list's key
            column, at = opener.indent, above
            continue
        if not opener.key or opener.value:
            return None
        path.append(opener.key)
        column, at = opener.column, above
    return path[::-1]


def _sibling(lines: list[str], below: int, moved: Entry, pasted: bool) -> Entry | None:
    """The nearest entry above line ``below`` of the block ``moved`` belongs to: a list item of
    its shape (``- role: …`` beside ``- role: …``), or a key in its column of a mapping that does
    not have its key yet."""
    fallback = None
    # A few hundred lines up at most: each candidate is checked against its whole mapping, and a
    # file of many thousand items must not take quadratic time to explain one slip.
    for number in range(below - 1, max(-1, below - SEARCH), -1):
        found = entry(lines, number)
        if found is None:
            continue
        if moved.dash:
            if not found.dash or not (found.indent == moved.indent or (pasted and found.indent > moved.indent)):
                continue
            if bool(found.key) != bool(moved.key):
                continue  # a mapping item is no item of a list of texts, nor the other way round
            if found.key == moved.key:
                return found
            fallback = fallback or found
        elif found.column == moved.column and found.key and moved.key not in _keys(lines, found):
            return found
    return fallback


@dataclass(frozen=True, slots=True)
class _Mapping:
    first: int  # its first key's line
    last: int  # its last line
    item: bool  # it is a list item (its first line starts with '- ')
    opener: int  # the line of the key it is the value of (-1: none)


def _mapping(lines: list[str], key: Entry, *, opener: bool = True) -> _Mapping:
    """The mapping that holds ``key``: up through its keys and what is under them, to a list
    item's '-' or to the key that opens it."""
    first = scan = key.number
    item = key.dash
    while not item:
        scan = content_above(lines, scan)
        up = entry(lines, scan)
        if up is None:
            break
        if up.column == key.column and (up.dash or up.indent == key.column):
            first, item = scan, up.dash
        elif up.indent < key.column:
            break  # the key this mapping is the value of
    head = entry(lines, first)
    indent = head.indent if head is not None and item else key.column - 1
    # (The key a list item is in is far above it, past all the items before it: looked for only
    # when it is named.)
    above = (opening_line(lines, first, head.indent) if opener else -1) if item and head is not None else scan
    return _Mapping(first, _block_last(lines, first, indent), item, above)


def _keys(lines: list[str], key: Entry) -> set[str]:
    """The keys of the mapping that holds ``key``."""
    found = _mapping(lines, key, opener=False)
    return {e.key for n in range(found.first, found.last + 1) if (e := entry(lines, n)) and e.column == key.column}


def _move_to(lines: list[str], moved: Entry, ended: Entry, owner: Entry, *, item_merged: bool) -> FileIssue:
    """The finding for ``moved``, which belongs with ``owner``, above ``ended``."""
    last = _block_last(lines, moved.number, moved.indent if moved.dash else moved.column)
    # Entries like it below it were appended with it: they move too.
    while (more := entry(lines, next_content(lines, last))) is not None and more.indent == moved.indent:
        if more.dash != moved.dash:
            break
        last = _block_last(lines, more.number, more.indent if more.dash else more.column)
    span = f"line {moved.number + 1}" if last == moved.number else f"lines {moved.number + 1}–{last + 1}"
    after = f"'{ended.key}' on line {ended.number + 1}"
    if moved.dash:
        opener = entry(lines, opening_line(lines, owner.number, owner.indent))
        place = f"'{opener.key}:' (line {opener.number + 1})" if opener is not None and opener.key else "the list above"
        column = f", starting at column {owner.indent + 1}" if owner.indent != moved.indent else ""
        message = f"this item belongs to {place}, but {after} ends that list above it"
        hint = f"move {span} to after line {_last_of_list(lines, owner) + 1}{column}, under the other items"
    else:
        mapping = _mapping(lines, owner)
        opener = entry(lines, mapping.opener)
        name = f"'{opener.key}:'" if opener is not None and opener.key else "the mapping"
        if mapping.item:
            place = f"the item of {name} that starts on line {mapping.first + 1}"
        else:
            place = f"{name} (line {mapping.opener + 1})" if opener is not None else "the mapping above"
        message = f"'{moved.key}' belongs to {place}, but {after} ends it above this line"
        hint = f"move {span} to after line {mapping.last + 1}, under the other keys there"
    code = CodeId.ITEM_MERGED if item_merged else CodeId.YAML_SYNTAX
    return FileIssue(code, moved.number + 1, moved.indent + 1, message, hint, fatal=not item_merged)


def opening_line(lines: list[str], number: int, indent: int) -> int:
    """The line above ``number`` that opens the block whose entries start at ``indent`` (-1 if none)."""
    above = content_above(lines, number)
    while above >= 0:
        found = entry(lines, above)
        if found is not None and found.indent < indent:
            return above
        above = content_above(lines, above)
    return -1


def _last_of_list(lines: list[str], item: Entry) -> int:
    """The last line of the list that holds ``item``: its items and what is under them."""
    end = _block_last(lines, item.number, item.indent)
    while (following := entry(lines, next_content(lines, end))) is not None and following.indent == item.indent:
        if not following.dash:
            break
        end = _block_last(lines, following.number, item.indent)
    return end


def next_content(lines: list[str], number: int) -> int:
    """The nearest line below ``number`` with a key or a list item on it (``len(lines)`` if none)."""
    number += 1
    while number < len(lines) and entry(lines, number) is None:
        number += 1
    return number
