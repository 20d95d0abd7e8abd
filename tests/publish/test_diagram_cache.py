"""The diagram cache on disk: it saves Graphviz runs, never serves a broken SVG, and cleans up after kills."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from charter.publish.diagram_cache import DiskCache
from charter.render import draw
from tests.conftest import OrgDir


def test_a_rebuild_draws_from_the_cache_without_graphviz(
    minimal: OrgDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    org = minimal.validate().org
    assert org is not None
    first = draw(org, DiskCache(tmp_path / "cache"))
    monkeypatch.setenv("PATH", "/nonexistent")  # Graphviz gone: only the cache can answer
    assert draw(org, DiskCache(tmp_path / "cache")) == first


def test_a_damaged_cache_entry_is_drawn_again(minimal: OrgDir, tmp_path: Path) -> None:
    org = minimal.validate().org
    assert org is not None
    first = draw(org, DiskCache(tmp_path / "cache"))
    entries = sorted((tmp_path / "cache").glob("*/*.svg"))
    assert len(entries) == len(first)
    entries[0].write_bytes(entries[0].read_bytes()[:100])  # cut short, as by a disk error
    assert draw(org, DiskCache(tmp_path / "cache")) == first
    assert entries[0].read_bytes().rstrip().endswith(b"</svg>")


def test_partial_files_of_killed_runs_are_swept(tmp_path: Path) -> None:
    finished = subprocess.Popen(["true"])
    finished.wait()  # its pid now names no process
    folder = tmp_path / "ab"
    folder.mkdir()
    dead = folder / f"abc.{finished.pid}.1.tmp"
    live = folder / f"abd.{os.getpid()}.1.tmp"
    kept = folder / "abe.svg"
    for path in (dead, live, kept):
        path.write_bytes(b"<svg")
    DiskCache(tmp_path).sweep()
    assert sorted(p.name for p in folder.iterdir()) == sorted([live.name, kept.name])
