"""Plain data that remembers where it came from.

The loader builds ordinary ``dict``/``list``/``str`` values so pydantic validates them at full
speed, but each container also keeps the position of its keys and items, packed into one small
integer (line and column): keeping libyaml's own mark objects instead tripled the memory a large
organisation needs.
"""

from __future__ import annotations

from array import array
from typing import Any, Protocol


class Mark(Protocol):
    """A libyaml position (0-based line and column)."""

    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...


# (line << 20) | column, both 0-based. The loader packs them inline, in its hot loop: a function
# call per value there costs a tenth of the loader's time.
Pos = int
COLUMN_BITS = 20


def unpack(pos: Pos) -> tuple[int, int]:
    """1-based (line, column)."""
    return (pos >> COLUMN_BITS) + 1, (pos & ((1 << COLUMN_BITS) - 1)) + 1


class YMap(dict[str, Any]):
    """A YAML mapping; ``key_mark(k)`` and ``value_mark(k)`` locate each entry.

    The positions are one array of packed integers, a key's then its value's, in the order of
    the keys: two dictionaries of positions per mapping cost memory at every size (validating
    20,000 roles peaked at 700 MB with them, 616 MB without), and positions are read only to
    report a problem."""

    __slots__ = ("mark", "marks")

    def __init__(self, mark: Pos) -> None:
        # No call to dict.__init__: it has nothing to do for an empty mapping, and the loader
        # makes one of these for every mapping of every file.
        self.mark = mark
        self.marks = array("q")

    def add(self, key: str, value: Any, key_mark: Pos, value_mark: Pos) -> None:
        self[key] = value
        self.marks.append(key_mark)
        self.marks.append(value_mark)

    def _index(self, key: str) -> int:
        for index, present in enumerate(self):
            if present == key:
                return index
        raise KeyError(key)

    def key_mark(self, key: str) -> Pos:
        return self.marks[2 * self._index(key)]

    def value_mark(self, key: str) -> Pos:
        return self.marks[2 * self._index(key) + 1]


class YList(list[Any]):
    """A YAML sequence: ``marks[i]`` locates item ``i``."""

    __slots__ = ("mark", "marks")

    def __init__(self, mark: Pos) -> None:
        # No call to list.__init__, as for YMap.
        self.mark = mark
        self.marks = array("q")


def locate(root: YMap, key_path: tuple[str | int, ...], *, at_key: bool = False) -> tuple[int, int]:
    """1-based (line, column) of the value at ``key_path``.

    Walks as far as the path exists: a missing key is reported at the mapping that lacks it.
    With ``at_key`` the last mapping key itself is located rather than its value (used for
    unknown keys, where the key is the mistake).
    """
    node: Any = root
    mark: Pos = root.mark
    for i, part in enumerate(key_path):
        last = i == len(key_path) - 1
        if isinstance(node, YMap) and isinstance(part, str) and part in node:
            mark = node.key_mark(part) if (last and at_key) else node.value_mark(part)
            node = node[part]
        elif isinstance(node, YList) and isinstance(part, int) and 0 <= part < len(node):
            mark = node.marks[part]
            node = node[part]
        else:
            break
    return unpack(mark)


def plain(value: Any) -> Any:
    """The data as plain dicts and lists, a copy to change or dump (what the loader read stays
    as read: every problem is located in it)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
