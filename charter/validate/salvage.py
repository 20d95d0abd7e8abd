"""What of a file that does not fit its model can still be checked.

One wrong value (``touchpoint: yes``) must not hide the mistakes beside it (a misspelt role in
the next step, a ``next`` step that does not exist): a manager editing in the browser waits for
CI at every round. So after the structure stage has reported a file's errors, :func:`salvage`
makes a model of the rest of it. Each value that failed is left out: an optional field takes
its default, an unknown key is dropped, and where the model needs a value (a required field, or
an item of a list, whose place must stay so that every other item is located where it was
written) a stand-in takes it: a text or id that names nothing (``?``), an empty mapping whose
own required keys are stood in for in turn. Then the rest is validated again, a few times at
most.

What was left out is returned as key paths in the file. The rules are given them
(:meth:`charter.model.graph.Org.left_out`): none reports from a place that was left out (the
structure stage already said what is wrong there), and none concludes from what the file no
longer says (a role whose ``holders`` did not fit is not "vacant").
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from charter.core.suggest import did_you_mean
from charter.load.tree import plain

KeyPath = tuple[str | int, ...]

MAX_PASSES = 4  # a stand-in mapping's own required keys take a pass; nesting in the models is shallow
STAND_IN = "?"  # not an id (so never "unknown", never "resolved"), and a text any model takes
# A name or title stands in as the id beside it, so that a message about the step still says which.
NAMED_BY_ID = frozenset(("name", "title"))
_NONE = object()  # no stand-in will do
_UNKNOWN = object()  # a place in a file that no field, item or entry of the model is


@dataclass(frozen=True)
class Salvaged:
    """A model of what fitted, and the key paths of what did not (left out, or stood in for)."""

    model: BaseModel
    left_out: frozenset[KeyPath]


def salvage(
    data: dict[str, Any], model: type[BaseModel], errors: list[ErrorDetails], entity_id: str
) -> Salvaged | None:
    """The file's model without the values that ``errors`` (its first validation's) name, or None
    when something cannot be left out. ``entity_id`` stands in for a file's own id (the id its
    name gives it) so that what other files say of it still resolves."""
    work = _Work(plain(data), model, entity_id)
    for _ in range(MAX_PASSES):
        work.now.clear()
        for error in errors:
            if not work.leave_out(error):
                return None
        try:
            return Salvaged(model.model_validate(work.data), frozenset(work.left_out))
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
    return None


class _Work:
    """A copy of a file's data, and what has been left out of it so far."""

    def __init__(self, data: dict[str, Any], model: type[BaseModel], entity_id: str) -> None:
        self.data = data
        self.model = model
        self.entity_id = entity_id
        self.left_out: set[KeyPath] = set()  # as the rules are told
        self.replaced: set[KeyPath] = set()  # every place changed, in every pass
        self.now: set[KeyPath] = set()  # the places this pass changed: errors under them are dealt with

    def leave_out(self, error: ErrorDetails) -> bool:
        """Leave out (or stand in for) the value one error is about; False if that cannot be done."""
        loc = tuple(error["loc"])
        if any(loc[:end] in self.now for end in range(len(loc) + 1)):
            return True  # a second error at one place (a union's members), or under what went
        if error["type"] == "extra_forbidden" and loc:
            parent = _node(self.data, loc[:-1])
            if isinstance(parent, dict):
                parent.pop(loc[-1], None)
            # A misspelt key is the field it was meant to be: that field was not read either.
            owner = _annotation(self.model, loc[:-1])
            fields = owner.model_fields if isinstance(owner, type) and issubclass(owner, BaseModel) else {}
            guess = did_you_mean(str(loc[-1]), fields) if fields else None
            self.left_out.add((*loc[:-1], guess) if guess else loc)
            self.now.add(loc)
            return True
        at = _understood(self.model, loc)
        while at:
            # A place stood in for once and failing again (a stand-in mapping still short of a
            # value nothing stands in for): leave out what holds it instead.
            if at not in self.replaced and self._replace(at):
                self.replaced.add(at)
                self.left_out.add(at)
                self.now.add(at)
                return True
            at = at[:-1]
        return False

    def _replace(self, at: KeyPath) -> bool:
        """Drop the value at ``at`` (an optional field, an entry of a mapping) or put a stand-in
        there (a required field, a list's item: the items after it keep their places)."""
        parent = _node(self.data, at[:-1])
        key = at[-1]
        if isinstance(parent, dict) and isinstance(key, str):
            owner = _annotation(self.model, at[:-1])
            if typing.get_origin(owner) is dict:
                parent.pop(key, None)
                return True
            field = owner.model_fields.get(key) if isinstance(owner, type) and issubclass(owner, BaseModel) else None
            if field is None:
                return False
            if not field.is_required():
                parent.pop(key, None)
                return True
            named = parent.get("id") if key in NAMED_BY_ID else None
            text = self.entity_id if at == ("id",) else named if isinstance(named, str) and named.strip() else STAND_IN
            return _put(parent, key, _stand_in(_annotation(self.model, at), text))
        if isinstance(parent, list) and isinstance(key, int) and 0 <= key < len(parent):
            return _put(parent, key, _stand_in(_annotation(self.model, at), STAND_IN))
        return False


def _put(parent: Any, key: str | int, value: object) -> bool:
    if value is _NONE:
        return False
    parent[key] = value
    return True


def _stand_in(annotation: Any, text: str) -> object:
    """A value the model takes where one is needed (``text`` for a text or an id); ``_NONE`` if
    there is none."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {}
    if annotation is str:
        return text
    origin = typing.get_origin(annotation)
    if origin is Literal:
        first: object = typing.get_args(annotation)[0]
        return first
    if origin in (tuple, list):
        return []
    return _NONE


def _understood(model: type[BaseModel], loc: KeyPath) -> KeyPath:
    """The longest start of ``loc`` that names a field, a list item or a mapping's entry (pydantic
    may add the name of a union's member after it)."""
    for end in range(len(loc), 0, -1):
        if _annotation(model, loc[:end]) is not _UNKNOWN:
            return loc[:end]
    return ()


def _annotation(model: type[BaseModel], loc: KeyPath) -> Any:
    """The type that validates the value at ``loc``, with Annotated and None unwrapped."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        origin = typing.get_origin(current)
        if isinstance(part, str) and isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part)
            if field is None:
                return _UNKNOWN
            current = field.annotation
        elif isinstance(part, int) and origin in (tuple, list):
            current = typing.get_args(current)[0]
        elif isinstance(part, str) and origin is dict:
            current = typing.get_args(current)[1]
        else:
            return _UNKNOWN
    return _unwrap(current)


def _unwrap(annotation: Any) -> Any:
    """``Annotated[X, …]`` and ``X | None`` are X."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin is typing.Union or isinstance(annotation, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                return annotation  # a union of types: no one stand-in fits them all
            annotation = members[0]
        else:
            return annotation


def _node(work: object, loc: KeyPath) -> object:
    """The value at ``loc`` in the copy, or None."""
    for part in loc:
        if isinstance(work, dict) and isinstance(part, str):
            work = work.get(part)
        elif isinstance(work, list) and isinstance(part, int) and 0 <= part < len(work):
            work = work[part]
        else:
            return None
    return work
