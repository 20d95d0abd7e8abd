"""Drawing diagrams through a cache: any object with ``get`` and ``put`` will do (the render stage
never touches the disk; ``charter build`` gives it one on disk)."""

from __future__ import annotations

import pytest

from charter.render import DiagramCache, draw
from tests.conftest import OrgDir


class Memory:
    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        return self.kept.get(key)

    def put(self, key: str, svg: bytes) -> None:
        self.kept[key] = svg


def test_a_cache_in_memory_answers_for_graphviz(minimal: OrgDir, monkeypatch: pytest.MonkeyPatch) -> None:
    org = minimal.validate().org
    assert org is not None
    cache: DiagramCache = Memory()
    first = draw(org, cache)
    monkeypatch.setenv("PATH", "/nonexistent")  # Graphviz gone: only the cache can answer
    assert draw(org, cache) == first


def test_an_svg_cut_short_in_the_cache_is_drawn_again(minimal: OrgDir) -> None:
    org = minimal.validate().org
    assert org is not None
    cache = Memory()
    first = draw(org, cache)
    key = next(iter(cache.kept))
    cache.kept[key] = cache.kept[key][:100]
    assert draw(org, cache) == first
    assert cache.kept[key].rstrip().endswith(b"</svg>")
