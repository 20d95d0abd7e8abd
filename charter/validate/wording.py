"""Pydantic's errors, reworded for a manager editing YAML.

Each message says what was expected and quotes what was found, exactly as typed (the loader
keeps every scalar as text, so ``"yes"`` is quoted as ``"yes"``, never as Python's ``True``).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from charter.core.codes import CodeId
from charter.core.suggest import hint_for

EXPECTED = {
    "string_type": "text",
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values",
    "bool_type": "true or false",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "date_type": "a date written YYYY-MM-DD",
    "url_type": "a web address",
}
DATE_ERRORS = frozenset(
    ("date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact", "datetime_parsing")
)


def found(value: Any) -> str:
    """How a value reads in a message: text quoted as typed, containers by their shape."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "…"
    text = text.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')
    return f'"{text}"'


def model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model that validates the mapping at ``loc`` (for listing its keys)."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        current = _first_model(field.annotation) if field is not None else None
    return current


def _first_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is not None or isinstance(annotation, types.UnionType):
        for arg in typing.get_args(annotation):
            hit = _first_model(arg)
            if hit is not None:
                return hit
    return None


def describe_field(model: type[BaseModel], name: str) -> str:
    field = model.model_fields.get(name)
    return field.description or "" if field is not None else ""


# (code, message, hint, at_key): what a manager reads about one pydantic error.
Wording = tuple[CodeId, str, str, bool]


def reword(error: ErrorDetails, model: type[BaseModel]) -> Wording:
    """(code, message, hint, at_key) for one pydantic error."""
    kind = error["type"]
    if kind == "extra_forbidden":
        return _unknown_key(error, model)
    if kind == "missing":
        return _missing_key(error, model)
    if kind in EXPECTED and error.get("input") is None:
        return _nothing(error, model)
    wording = _WORDINGS.get(kind)
    if wording is not None:
        return wording(error)
    if kind.startswith("url_"):
        return _not_a_url(error)
    # value_error and anything new in pydantic: its own words, without "Value error, ".
    message = error["msg"].removeprefix("Value error, ")
    return CodeId.INVALID_VALUE, message, "", False


def _key(error: ErrorDetails) -> str | int:
    """The key or list index the error is about."""
    loc = tuple(error["loc"])
    return loc[-1] if loc else ""


def _unknown_key(error: ErrorDetails, model: type[BaseModel]) -> Wording:
    key = _key(error)
    known = model_at(model, tuple(error["loc"])[:-1])
    choices = list(known.model_fields) if known is not None else []
    home = _home_below(known, str(key)) if known is not None else None
    hint = (
        home or hint_for(str(key), choices) or (f"this kind of mapping takes: {', '.join(choices)}" if choices else "")
    )
    return CodeId.UNKNOWN_KEY, f"unknown key '{key}'", hint, True


def _home_below(model: type[BaseModel], key: str) -> str | None:
    """Where a key that this mapping does not take belongs, when one block of it takes it: a key
    written at the start of the line that belongs in a collaborator, a step or the measure."""
    homes = []
    for name, field in model.model_fields.items():
        inner = _first_model(field.annotation)
        if inner is not None and key in inner.model_fields:
            homes.append((name, _is_list(field.annotation)))
    if len(homes) != 1:
        return None
    name, listed = homes[0]
    where = f"an item of '{name}:'" if listed else f"'{name}:'"
    return f"'{key}' is a key of {where}: move the line there, under its other keys, and indent it as they are"


def _is_list(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is tuple or origin is list:
        return True
    return any(_is_list(arg) for arg in typing.get_args(annotation)) if origin is not None else False


def _missing_key(error: ErrorDetails, model: type[BaseModel]) -> Wording:
    key = _key(error)
    owner = model_at(model, tuple(error["loc"])[:-1])
    about = describe_field(owner, str(key)) if owner is not None else ""
    return CodeId.MISSING_KEY, f"missing key '{key}'", f"add '{key}: …'" + (f" — {about}" if about else ""), False


def _nothing(error: ErrorDetails, model: type[BaseModel]) -> Wording:
    """``name:`` with nothing after it, where a value is needed: what to write, and where."""
    key = _key(error)
    message = f"expected {EXPECTED[error['type']]}, found nothing"
    if isinstance(key, int):
        return CodeId.WRONG_TYPE, message, "write the item after its '- ', or delete the line", False
    owner = model_at(model, tuple(error["loc"])[:-1])
    field = owner.model_fields.get(key) if owner is not None else None
    about = (field.description or "").rstrip(".") if field is not None else ""
    if field is not None and not field.is_required():
        hint = f"write it after '{key}: ', or delete the line"
    elif about:
        # "The one team …" reads on after the dash in lower case; "YYYY-MM-DD …" stays as it is.
        hint = f"write it after '{key}: ' — {about[0].lower() if about[1:2].islower() else about[0]}{about[1:]}"
    else:
        hint = f"write the {key.replace('_', ' ')} after '{key}: ' (it is required)"
    return CodeId.WRONG_TYPE, message, hint, False


def _one_text(value: list[Any]) -> bool:
    return len(value) == 1 and isinstance(value[0], str)


def _wrong_type(error: ErrorDetails) -> Wording:
    kind, value, key = error["type"], error.get("input"), _key(error)
    if kind == "string_type" and isinstance(key, int) and isinstance(value, list) and _one_text(value):
        # ``- - Logging calls``: a '-' twice makes the item a list of one.
        message = "this item is a list of its own: its line starts with '- ' twice"
        return CodeId.WRONG_TYPE, message, f"write one '- ': - {value[0]}", False
    if kind == "string_type" and isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        # A list where the key takes one value: name the key and the one to keep.
        many = f"a list of {len(value)}" if len(value) > 1 else "a list"
        hint = f"keep one: {key}: {value[0]}"
        if key == "accountable":
            hint += "; make the others consulted, or split the step"
        return CodeId.WRONG_TYPE, f"'{key}' takes one value, but this is {many}", hint, False
    return CodeId.WRONG_TYPE, f"expected {EXPECTED[kind]}, found {found(value)}", _type_hint(kind, value, key), False


# charter's own checks (charter/schema/types.py) word their messages already.


def _charter_date(error: ErrorDetails) -> Wording:
    return CodeId.INVALID_VALUE, error["msg"], "e.g. 2027-03-31", False


def _charter_flag_or_count(error: ErrorDetails) -> Wording:
    hint = "write true or false" if error["type"] == "yaml_bool" else ""
    return CodeId.WRONG_TYPE, error["msg"], hint, False


def _not_a_date(error: ErrorDetails) -> Wording:
    message = f"expected a date written YYYY-MM-DD, found {found(error.get('input'))}"
    return CodeId.INVALID_VALUE, message, "e.g. 2027-03-31", False


def _empty_text(_error: ErrorDetails) -> Wording:
    return CodeId.INVALID_VALUE, "must not be empty", "write the text, or remove the key if it is optional", False


def _text_too_long(error: ErrorDetails) -> Wording:
    limit = (error.get("ctx") or {}).get("max_length")
    return CodeId.INVALID_VALUE, f"text longer than {limit} characters", "shorten it", False


def _not_a_choice(error: ErrorDetails) -> Wording:
    value = error.get("input")
    choices = _literal_choices((error.get("ctx") or {}).get("expected", ""))
    return (
        CodeId.INVALID_VALUE,
        f"expected one of {', '.join(choices)}, found {found(value)}",
        hint_for(str(value), choices),
        False,
    )


def _unknown_scheme(error: ErrorDetails) -> Wording:
    choices = list((error.get("ctx") or {}).get("choices", []))
    return CodeId.INVALID_VALUE, error["msg"], hint_for(str(error.get("input")), choices), False


def _not_a_url(error: ErrorDetails) -> Wording:
    return CodeId.INVALID_VALUE, f"expected a web address (https://…), found {found(error.get('input'))}", "", False


def _pattern_mismatch(error: ErrorDetails) -> Wording:
    pattern = (error.get("ctx") or {}).get("pattern")
    return CodeId.INVALID_VALUE, f"{found(error.get('input'))} does not match the pattern {pattern}", "", False


def _out_of_bounds(error: ErrorDetails) -> Wording:
    return CodeId.INVALID_VALUE, f"{error['msg'].lower()}, found {found(error.get('input'))}", "", False


# The wording of each pydantic error type that needs no model to word it; url_* types that are
# not here (url_type is) share _not_a_url.
_WORDINGS: dict[str, Callable[[ErrorDetails], Wording]] = {
    **dict.fromkeys(EXPECTED, _wrong_type),
    "yaml_date": _charter_date,
    "yaml_bool": _charter_flag_or_count,
    "yaml_int": _charter_flag_or_count,
    **dict.fromkeys(DATE_ERRORS, _not_a_date),
    "string_too_short": _empty_text,
    "string_too_long": _text_too_long,
    "literal_error": _not_a_choice,
    "scheme_name": _unknown_scheme,
    "string_pattern_mismatch": _pattern_mismatch,
    **dict.fromkeys(("greater_than_equal", "too_short", "too_long"), _out_of_bounds),
}


def _type_hint(kind: str, value: Any, key: str | int) -> str:
    if kind in ("list_type", "tuple_type") and isinstance(value, str):
        return f"write it as a list: {key}: {_as_list(value, names=key in NAME_LISTS)}"
    if kind == "string_type" and isinstance(value, list):
        return "give a single value, not a list"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "write 'key: value' lines indented under it"
    return ""


# Lists of short names, never of sentences: "AE, sales rep" is two names, as ids are two ids.
NAME_LISTS = frozenset(("also_known_as",))


def _as_list(value: str, *, names: bool = False) -> str:
    """``value`` as the flow list the manager meant: ids separated by commas (``ana, bo``) as
    those ids, and names (``also_known_as: AE, sales rep``) as those names; any other text as one
    item, quoted, so that a comma inside it ("up to £5,000") never splits it in two."""
    from charter.author.templates import quoted
    from charter.schema.types import ID_RE

    items = [part.strip() for part in value.split(",")]
    if len(items) > 1 and all(ID_RE.match(item) for item in items):
        return f"[{', '.join(items)}]"
    if names and len(items) > 1 and all(items):
        return f"[{', '.join(quoted(item) for item in items)}]"
    return f"[{quoted(value.strip())}]"


def _literal_choices(expected: str) -> list[str]:
    return [part.strip().strip("'\"") for part in expected.replace(" or ", ",").split(",") if part.strip()]
