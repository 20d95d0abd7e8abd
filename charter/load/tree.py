"""Plain data that remembers where it came from.

The loader builds ordinary ``dict``/``list``/``str`` values so pydantic validates them at full
speed, but each container also keeps the libyaml marks of its keys and items. Marks are the
objects libyaml creates anyway; keeping them costs nothing, and lines and columns are only
computed for the few values a problem is reported on.
"""

from __future__ import annotations

from typing import Any, Protocol


class Mark(Protocol):
    """A libyaml position (0-based line and column)."""

    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...


class YMap(dict[str, Any]):
    """A YAML mapping: ``key_marks[k]`` and ``value_marks[k]`` locate each entry."""

    __slots__ = ("key_marks", "mark", "value_marks")

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.key_marks: dict[str, Mark] = {}
        self.value_marks: dict[str, Mark] = {}


class YList(list[Any]):
    """A YAML sequence: ``marks[i]`` locates item ``i``."""

    __slots__ = ("mark", "marks")

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.marks: list[Mark] = []


def locate(root: YMap, key_path: tuple[str | int, ...], *, at_key: bool = False) -> tuple[int, int]:
    """1-based (line, column) of the value at ``key_path``.

    Walks as far as the path exists: a missing key is reported at the mapping that lacks it.
    With ``at_key`` the last mapping key itself is located rather than its value (used for
    unknown keys, where the key is the mistake).
    """
    node: Any = root
    mark: Mark = root.mark
    for i, part in enumerate(key_path):
        last = i == len(key_path) - 1
        if isinstance(node, YMap) and isinstance(part, str) and part in node:
            mark = node.key_marks[part] if (last and at_key) else node.value_marks[part]
            node = node[part]
        elif isinstance(node, YList) and isinstance(part, int) and 0 <= part < len(node):
            mark = node.marks[part]
            node = node[part]
        else:
            break
    return mark.line + 1, mark.column + 1
