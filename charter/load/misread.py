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

import typing
from typing import Any

from pydantic import BaseModel

from charter.core.codes import CodeId
from charter.load.issue import FileIssue
from charter.load.shapes import inner_model, is_text, kind_model, list_item
from charter.load.tree import YList, YMap, unpack
from charter.load.yamlfile import Misread


def misread_issues(kind: str, data: YMap, misread: list[Misread], lines: list[str]) -> list[FileIssue]:
    """A finding for each misread value of ``data`` (a file of ``kind``) that is a slip: a word
    read as nothing or a text cut short, where the field is a text; a value that is all comment,
    anywhere.

    A text field's value is put back in ``data`` as the manager meant it: the finding is the one
    report of the slip, and the structure stage must not say "found nothing" about it again.
    """
    model = kind_model(kind)  # (an outcome's letters, from its scheme, are never texts)
    by_pos = {m.pos: m for m in misread}
    issues: list[FileIssue] = []
    for container, place, annotation, required in _values(data, model):
        pos = container.value_mark(place) if isinstance(container, YMap) else container.marks[place]
        found = by_pos.get(pos)
        if found is None or (container[place] is not None and not found.comment):
            continue
        text = annotation is not None and is_text(annotation)
        if found.comment and (text or found.empty):
            issues.append(_comment(found, container[place], lines, text=text))
            if text and found.empty:
                container[place] = found.typed
        elif text and not found.comment:
            container[place] = found.typed
            issues.append(_nothing(found, place, required, lines))
    return issues


Place = tuple[YMap | YList, Any, Any, bool]  # container, key or index, its type (None: unknown), required


def _values(data: Any, model: type[BaseModel] | None) -> typing.Iterator[Place]:
    """Every value of ``data`` with the type its model gives it."""
    if not isinstance(data, YMap):
        return
    for key, value in data.items():
        field = model.model_fields.get(key) if model is not None else None
        annotation = field.rebuild_annotation() if field is not None else None
        yield data, key, annotation, field is not None and field.is_required()
        if isinstance(value, YMap):
            yield from _values(value, inner_model(annotation))
        elif isinstance(value, YList):
            yield from _items(value, list_item(annotation))


def _items(values: YList, item: Any) -> typing.Iterator[Place]:
    inner = inner_model(item)
    for index, value in enumerate(values):
        yield values, index, item, True
        if isinstance(value, YMap):
            yield from _values(value, inner)
        elif isinstance(value, YList):
            yield from _items(value, list_item(item))


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


def _comment(found: Misread, value: Any, lines: list[str], *, text: bool) -> FileIssue:
    from charter.load.syntax import quoted
    from charter.schema.types import id_problem

    line, column, before = _written(found, lines)
    at = lines[line - 1].find(found.typed, column - 1) + 1 if line <= len(lines) else column
    if found.empty:
        message = f"YAML reads {found.typed!r} as a comment, so this value is empty"
        hint = f"put it in quotes: {before} {quoted(found.typed)}"
        if not text and id_problem(found.typed[1:]) is None:  # an id, written like a #channel
            hint = f"delete the '#': {before} {found.typed[1:]}"
    else:
        kept = " ".join(str(value).split())
        message = f"YAML reads {found.typed!r} as a comment, so the text ends at '{kept[-30:]}'"
        hint = f"put the whole text in quotes: {before} {quoted(f'{kept} {found.typed}')}"
    return FileIssue(CodeId.VALUE_READ_AS_COMMENT, line, at or column, message, hint, fatal=False)
