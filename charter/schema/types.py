"""Field types shared by the models.

The loader hands every scalar over as the text the manager typed, so these types decide what
counts as a boolean, a number or a date, with YAML 1.2's strictness: only ``true`` and ``false``
are booleans (``yes``, ``on`` and ``NO`` are refused with a clear message, never guessed).
"""

from __future__ import annotations

import datetime
import functools
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"
ID_RE = re.compile(ID_PATTERN)

# Device names Windows refuses as file names, and "index", which MkDocs takes for a section page.
RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9]|index)$")


# Plain words YAML 1.1 or 1.2 read as something other than text: charter reads every value as
# text, but an editor, the JSON schema and any other tool do not (id: true is a boolean there).
MISREAD = re.compile(
    r"^(?:yes|no|true|false|on|off|[0-9]+|0[xob][0-9a-f]+|[0-9]+e[0-9]+|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2})$"
)


@functools.lru_cache(maxsize=65_536)
def id_problem(value: str) -> str | None:
    """Why ``value`` cannot be an id, or None: for the id-format rule, ``charter new`` and import."""
    if not ID_RE.match(value):
        return "must be lower-case letters, digits and dashes, starting with a letter or digit, at most 63 long"
    if value == "null":
        return "reads as an empty value in YAML (write it and charter reads nothing)"
    if MISREAD.match(value):
        return (
            "is read as true/false, a number or a date by other YAML tools (editors check it against "
            "the schema as one); add a word to it"
        )
    if RESERVED.match(value):
        return "is a reserved name on some systems"
    return None


def id_suggestion(value: str) -> str:
    """An id made from a bad one (``Service_Lead`` → ``service-lead``), as a hint."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:63]
    if not slug or RESERVED.match(slug) or slug == "null" or MISREAD.match(slug):
        return "choose a short descriptive id such as service-lead"
    return f"did you mean '{slug}'?"


# Ids are checked against ID_PATTERN by the id-format rule, which can name every bad id with its
# position and a suggestion; the schema still carries the pattern so editors flag it as you type.
Id = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200),
    WithJsonSchema({"type": "string", "pattern": ID_PATTERN}),
]

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10_000)]


def _yaml_bool(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        if value in ("true", "True", "TRUE"):
            return True
        if value in ("false", "False", "FALSE"):
            return False
        raise PydanticCustomError("yaml_bool", 'expected true or false, found "{found}"', {"found": value})
    return value


Flag = Annotated[bool, BeforeValidator(_yaml_bool)]


def _yaml_int(value: Any) -> Any:
    if isinstance(value, str):
        if re.fullmatch(r"[0-9]{1,9}", value.strip()):
            return int(value)
        raise PydanticCustomError("yaml_int", 'expected a whole number, found "{found}"', {"found": value})
    return value


Count = Annotated[int, BeforeValidator(_yaml_int), Field(ge=0)]


def _one_or_many(value: Any) -> Any:
    """``accountable: service-lead`` and ``accountable: [service-lead]`` mean the same."""
    if isinstance(value, str):
        return (value,)
    if value is None:
        return ()
    return value


IdList = Annotated[
    tuple[Id, ...],
    BeforeValidator(_one_or_many),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": ID_PATTERN},
                {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}},
            ]
        }
    ),
]


def _yaml_date(value: Any) -> Any:
    """Only YYYY-MM-DD: pydantic would also read "0" or "1728000000" as a Unix timestamp."""
    if isinstance(value, str) and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
        raise PydanticCustomError("yaml_date", 'expected a date written YYYY-MM-DD, found "{found}"', {"found": value})
    return value


Date = Annotated[datetime.date, BeforeValidator(_yaml_date)]


def none_is_empty(value: Any) -> Any:
    """`owns:` with nothing after it means an empty list, not an error."""
    return () if value is None else value


TextList = Annotated[tuple[Text, ...], BeforeValidator(none_is_empty)]


def one_or_many(value: Any) -> Any:
    """One word, or a list of them: ``PO: purchase order`` and ``okay: [approve, sign off]``."""
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else value


Names = Annotated[tuple[Text, ...], BeforeValidator(one_or_many, json_schema_input_type=str | list[str])]


# GitHub's rules for a user name: letters, digits and single hyphens, at most 39, neither
# starting nor ending with a hyphen. Written with or without the "@".
GITHUB_PATTERN = r"^@?[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$"
GITHUB_RE = re.compile(GITHUB_PATTERN)


def _github(value: Any) -> Any:
    if isinstance(value, str):
        if not GITHUB_RE.match(value.strip()):
            raise PydanticCustomError(
                "github_user",
                "expected a GitHub user name (letters, digits and single hyphens, at most 39, not starting or ending "
                'with a hyphen), found "{found}"',
                {"found": value},
            )
        return value.strip().lstrip("@")
    return value


GitHubUser = Annotated[str, BeforeValidator(_github), WithJsonSchema({"type": "string", "pattern": GITHUB_PATTERN})]


LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")


def _language(value: Any) -> Any:
    if isinstance(value, str) and not LANGUAGE_RE.match(value.strip()):
        raise PydanticCustomError(
            "language_code", 'expected a language code such as en, fr, de or pt-BR, found "{found}"', {"found": value}
        )
    return value.strip() if isinstance(value, str) else value


Language = Annotated[
    str, BeforeValidator(_language), WithJsonSchema({"type": "string", "pattern": LANGUAGE_RE.pattern})
]
