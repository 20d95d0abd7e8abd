"""Text that YAML reads otherwise than the manager typed it, said where the field is a text.

Two slips read as valid YAML and silently change a value:

* a word YAML takes for "nothing": ``name: Null`` (a surname), ``location: NULL``, ``~``, ``null``.
  Charter reads them as YAML 1.2 does, as no value, so that it agrees with every editor and tool
  that reads the file (the YAML language server checks ``name: Null`` against the schema as a
  missing name). Reading them as text instead would make charter accept a file its editor flags,
  and ``escalates_to: null`` or ``owns: ~``, where "nothing" is meant, would become an id or a
  list item no one meant. So where the field takes a text, and only there, the word is a
  finding on its line with the fix that means the same to every tool: quote it
  (``name: "Null"``). Booleans and numbers need no such finding: YAML 1.2 reads ``NO`` or
  ``0755`` as text, and so does charter; only ``true`` and ``false`` are booleans.
* a ``#`` after a space inside a text starts a comment: ``channel: Hand-off meeting and
  #implementation-handoffs`` is read as "Hand-off meeting and". Said when the ``#`` is followed
  by a word (``# see the wiki``, with a space, is a comment as meant).

Whether a field takes a text comes from the file's model: the loader itself knows no schema.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel

from charter.core.codes import CodeId
from charter.load.issue import FileIssue
from charter.load.tree import YList, YMap, unpack
from charter.load.yamlfile import Misread
from charter.schema.kinds import model_for
from charter.schema.schemes import BUILT_IN
from charter.schema.types import GitHubUser, Text

_TEXTS = (Text, GitHubUser)


def misread_issues(kind: str, data: YMap, misread: list[Misread], lines: list[str]) -> list[FileIssue]:
    """A finding for each misread value of ``data`` (a file of ``kind``) that is in a text field.

    A word read as nothing is put back in ``data`` as the text typed: its finding is the one
    report of the slip, and the structure stage must not say "found nothing" about it again.
    """
    # An outcome's letters come from the scheme, but none of them is a text: the default
    # scheme's model tells every text field of every scheme.
    model = model_for(kind, BUILT_IN["raci"])
    by_pos = {m.pos: m for m in misread}
    issues: list[FileIssue] = []
    for container, place, required in _text_values(data, model):
        pos = container.value_mark(place) if isinstance(container, YMap) else container.marks[place]
        found = by_pos.get(pos)
        if found is None:
            continue
        if found.comment:
            issues.append(_comment(found, container[place], lines))
        elif container[place] is None:
            container[place] = found.typed
            issues.append(_nothing(found, place, required, lines))
    return issues


def _text_values(data: Any, model: type[BaseModel]) -> typing.Iterator[tuple[YMap | YList, Any, bool]]:
    """(container, key or index, required) of every value of ``data`` that its model takes as a text."""
    if not isinstance(data, YMap):
        return
    for key in data:
        field = model.model_fields.get(key)
        if field is None:
            continue
        annotation = field.rebuild_annotation()
        value = data[key]
        if _is_text(annotation):
            yield data, key, field.is_required()
        elif isinstance(value, YMap) and (inner := _model(annotation)) is not None:
            yield from _text_values(value, inner)
        elif isinstance(value, YList) and (item := _item(annotation)) is not None:
            yield from _items(value, item)


def _items(values: YList, item: Any) -> typing.Iterator[tuple[YMap | YList, Any, bool]]:
    inner = _model(item)
    for index, value in enumerate(values):
        if _is_text(item):
            yield values, index, True
        elif inner is not None:
            yield from _text_values(value, inner)


def _unwrapped(annotation: Any) -> list[Any]:
    """The types an annotation allows, without Optional and Annotated around them."""
    if typing.get_origin(annotation) is typing.Annotated and annotation not in _TEXTS:
        return _unwrapped(typing.get_args(annotation)[0])
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return [t for arg in typing.get_args(annotation) for t in _unwrapped(arg) if t is not type(None)]
    return [annotation]


def _is_text(annotation: Any) -> bool:
    return any(t in _TEXTS for t in _unwrapped(annotation))


def _model(annotation: Any) -> type[BaseModel] | None:
    for option in _unwrapped(annotation):
        if isinstance(option, type) and issubclass(option, BaseModel):
            return option
    return None


def _item(annotation: Any) -> Any:
    """The type of a list's items (``tuple[X, ...]``), or None if it is no list."""
    for option in _unwrapped(annotation):
        if typing.get_origin(option) is tuple:
            return typing.get_args(option)[0]
    return None


def _written(found: Misread, lines: list[str]) -> tuple[int, int, str]:
    """Line and column of the value, and what stands before it on its line (``name:``, ``-``)."""
    line, column = unpack(found.pos)
    text = lines[line - 1] if line <= len(lines) else ""
    return line, column, text[: column - 1].strip()


def _nothing(found: Misread, place: str | int, required: bool, lines: list[str]) -> FileIssue:
    line, column, before = _written(found, lines)
    word = found.typed
    what = f"'{place}'" if isinstance(place, str) else "this item"
    message = f'YAML reads {word} as "nothing", not as the text {word}, so {what} is empty'
    if not required:
        message += f" (to give no {place}, delete the line)"
    return FileIssue(
        CodeId.VALUE_READ_AS_NOTHING,
        line,
        column,
        message,
        f'if {word} is the text you mean, quote it: {before} "{word}"',
        fatal=False,
    )


def _comment(found: Misread, value: Any, lines: list[str]) -> FileIssue:
    from charter.load.syntax import quoted

    line, column, before = _written(found, lines)
    at = lines[line - 1].find(found.typed, column - 1) + 1 if line <= len(lines) else column
    text = " ".join(str(value).split())
    return FileIssue(
        CodeId.VALUE_READ_AS_COMMENT,
        line,
        at or column,
        f"YAML reads {found.typed!r} as a comment, so the text ends at '{text[-30:]}'",
        f"put the whole text in quotes: {before} {quoted(f'{text} {found.typed}')}",
        fatal=False,
    )
