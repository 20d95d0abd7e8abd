"""What the models say a file's blocks take, for the loader's explanations.

The loader reads a file without knowing its kind; when it explains a slip it may still ask
which keys a block takes (``holders`` is a role's, not a collaborator's) or which list a file
lacks. The kind is the one whose model takes every top-level key written; an outcome's letters
come from the scheme, and the default scheme's model stands for every scheme here (a letter is
never a text, and never a block of keys).
"""

from __future__ import annotations

import types
import typing
from functools import cache
from typing import Any

from pydantic import BaseModel

from charter.schema.kinds import KINDS, model_for
from charter.schema.schemes import BUILT_IN
from charter.schema.types import GitHubUser, Text

TEXTS = (Text, GitHubUser)  # the types of a text a manager types: a name, a purpose, a handle


def kind_model(kind: str) -> type[BaseModel]:
    return model_for(kind, BUILT_IN["raci"])


@cache
def _models() -> tuple[type[BaseModel], ...]:
    return tuple(kind_model(kind) for kind in KINDS)


def file_model(top_keys: frozenset[str]) -> type[BaseModel] | None:
    """The model of the one kind of file that takes the file's top-level keys, all but one at
    most (the file may hold the very slip being explained: a key out of its block); None when
    that cannot be told."""
    scores = sorted(((len(top_keys & set(model.model_fields)), i) for i, model in enumerate(_models())), reverse=True)
    (best, index), runner_up = scores[0], scores[1][0]
    return _models()[index] if best > runner_up and best >= len(top_keys) - 1 else None


def candidate_models(top_keys: frozenset[str]) -> list[type[BaseModel]]:
    """The models of every kind of file whose keys include ``top_keys``."""
    return [model for model in _models() if top_keys <= set(model.model_fields)]


def block_model(model: type[BaseModel] | None, path: list[str]) -> type[BaseModel] | None:
    """The model of the mapping reached from ``model`` through the keys of ``path`` (a list's
    key reaches its items)."""
    for key in path:
        field = model.model_fields.get(key) if model is not None else None
        if field is None:
            return None
        annotation = field.rebuild_annotation()
        model = inner_model(annotation) or inner_model(list_item(annotation))
    return model


def unwrapped(annotation: Any) -> list[Any]:
    """The types an annotation allows, without Optional and Annotated around them."""
    if typing.get_origin(annotation) is typing.Annotated and annotation not in TEXTS:
        return unwrapped(typing.get_args(annotation)[0])
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return [t for arg in typing.get_args(annotation) for t in unwrapped(arg) if t is not type(None)]
    return [annotation]


def is_text(annotation: Any) -> bool:
    return any(t in TEXTS for t in unwrapped(annotation))


def inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model a value of this type is a mapping of, if it is one."""
    if annotation is None:
        return None
    for option in unwrapped(annotation):
        if isinstance(option, type) and issubclass(option, BaseModel):
            return option
    return None


def list_item(annotation: Any) -> Any:
    """The type of a list's items (``tuple[X, ...]``), or None if it is no list."""
    if annotation is None:
        return None
    for option in unwrapped(annotation):
        if typing.get_origin(option) is tuple:
            return typing.get_args(option)[0]
    return None
