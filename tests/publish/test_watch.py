"""The watcher behind charter serve: file events from the operating system, polling where those
cannot be had; both see an edit, and neither is set off by what a build reads or writes."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from charter.publish.watch import Changes, watch

QUIET = 1.5  # long enough for several polls and for any event to arrive
SEEN = 15.0  # an edit is seen well within this, on a loaded machine too


def organisation(tmp_path: Path) -> tuple[Path, Path]:
    org = tmp_path / "org"
    (org / "roles").mkdir(parents=True)
    (org / "roles" / "a.yaml").write_text("id: a\n")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n")
    return org, config


@pytest.fixture(params=["events", "polling"])
def changes(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Changes]:
    org, config = organisation(tmp_path)
    watcher = watch([org, config], tmp_path / "site", events=request.param == "events")
    assert watcher.how == request.param
    yield watcher
    watcher.close()


def waiting(changes: Changes) -> threading.Thread:
    thread = threading.Thread(target=changes.wait, daemon=True)
    thread.start()
    return thread


def test_an_edit_is_seen(changes: Changes, tmp_path: Path) -> None:
    thread = waiting(changes)
    (tmp_path / "org" / "roles" / "a.yaml").write_text("id: a\ntitle: A\n")
    thread.join(SEEN)
    assert not thread.is_alive()


def test_a_new_file_and_the_configuration_are_seen(changes: Changes, tmp_path: Path) -> None:
    thread = waiting(changes)
    (tmp_path / "org" / "roles" / "b.yaml").write_text("id: b\n")
    thread.join(SEEN)
    assert not thread.is_alive()
    thread = waiting(changes)
    (tmp_path / "mkdocs.yml").write_text("site_name: y\n")
    thread.join(SEEN)
    assert not thread.is_alive()


def test_what_a_build_reads_and_writes_sets_off_nothing(changes: Changes, tmp_path: Path) -> None:
    thread = waiting(changes)
    (tmp_path / "org" / "roles" / "a.yaml").read_text()  # the build reads every file
    (tmp_path / "site").mkdir()  # writes the site (here beside the organisation) …
    (tmp_path / "site" / "index.html").write_text("<p>")
    (tmp_path / "org" / ".charter").mkdir()  # … and hidden caches, locks and workspaces
    (tmp_path / "org" / ".charter" / "x.svg").write_text("<svg/>")
    (tmp_path / "notes.txt").write_text("beside the configuration, not watched")
    thread.join(QUIET)
    assert thread.is_alive()
    (tmp_path / "org" / "roles" / "a.yaml").write_text("id: a\ntitle: A\n")
    thread.join(SEEN)
    assert not thread.is_alive()


def test_an_edit_during_a_build_sets_off_the_next_one(changes: Changes, tmp_path: Path) -> None:
    # Saved while the site builds (nobody waiting): the next wait returns at once, not never.
    (tmp_path / "org" / "roles" / "a.yaml").write_text("id: a\ntitle: A\n")
    thread = waiting(changes)
    thread.join(SEEN)
    assert not thread.is_alive()


def test_the_system_is_asked_only_for_writes(tmp_path: Path) -> None:
    """Reading a file sends no event at all (a build reads every file twice: at 5,000 roles,
    without this, tens of thousands of events decoded by watchdog's thread for nothing)."""
    from watchdog.observers.inotify_c import InotifyConstants as Kinds

    (tmp_path / "org").mkdir()
    changes = watch([tmp_path / "org", tmp_path / "mkdocs.yml"])
    try:
        if changes.how != "events":
            pytest.skip("no file events on this filesystem")
        masks = [emitter.get_event_mask_from_filter() for emitter in changes._observer.emitters]  # type: ignore[attr-defined]
    finally:
        changes.close()
    assert masks
    for mask in masks:
        assert not mask & (Kinds.IN_OPEN | Kinds.IN_ACCESS | Kinds.IN_CLOSE_NOWRITE)
        assert mask & Kinds.IN_MODIFY
        assert mask & Kinds.IN_CLOSE_WRITE
        assert mask & Kinds.IN_MOVE
