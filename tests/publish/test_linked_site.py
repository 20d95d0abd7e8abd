"""An output folder given as a symbolic link (issue 28, item 5).

A common deployment: ``site -> releases/current``, the web server serving the link's target.
`charter build` reported success but replaced the link with a folder, and the folder the link
led to — the one being served — kept the old site. Charter now builds into the folder the link
leads to, exchanging it there in one step as any site, keeps the link, and says so."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from charter.publish.build import publish
from charter.publish.swap import ForeignFolderError
from tests.conftest import ROOT, OrgDir, run_charter
from tests.publish.test_build import build, leftovers, tree
from tests.publish.test_serve import fetch, serving, wait_for
from tests.test_cli_slips import assert_slip


@pytest.fixture
def deployed(tmp_path: Path) -> Path:
    """``site -> releases/current``: the link the web server serves, and the folder it leads to."""
    (tmp_path / "releases" / "current").mkdir(parents=True)
    (tmp_path / "site").symlink_to(Path("releases") / "current")
    return tmp_path / "site"


def test_a_site_dir_that_is_a_link_is_built_in_the_folder_it_leads_to(deployed: Path, minimal: OrgDir) -> None:
    real = deployed.parent / "releases" / "current"
    done = build(minimal.path, deployed)
    assert done.returncode == 0, done.stderr
    assert f"into {deployed}/ (a link to {real}/)" in done.stdout
    assert os.readlink(deployed) == "releases/current"
    assert (real / "people" / "bo" / "index.html").is_file()
    # An edit is published where the web server looks, the link kept.
    minimal.replace("people/bo.yaml", "name: Bo Lind", "name: Bo Lindqvist")
    assert build(minimal.path, deployed).returncode == 0
    assert os.readlink(deployed) == "releases/current"
    assert "Bo Lindqvist" in (deployed / "people" / "bo" / "index.html").read_text()
    # charter's own files are beside the folder it replaces, and nothing is left behind.
    assert (real.parent / ".charter" / "current.lock").is_file()
    assert leftovers(real.parent) == []
    assert not (deployed.parent / ".charter").exists()


def test_the_link_and_the_folder_it_leads_to_are_one_site(deployed: Path, minimal: OrgDir) -> None:
    """One lock and one "up to date" for both names: a build through the link and one of the
    folder itself are builds of the same site."""
    assert build(minimal.path, deployed).returncode == 0
    direct = build(minimal.path, deployed.parent / "releases" / "current")
    assert direct.returncode == 0, direct.stderr
    assert "is up to date" in direct.stdout


def test_render_out_through_a_link_writes_the_folder_it_leads_to(tmp_path: Path, minimal: OrgDir) -> None:
    (tmp_path / "generated").mkdir()
    (tmp_path / "docs").symlink_to("generated")
    done = run_charter("render", str(minimal.path), "--out", str(tmp_path / "docs"))
    assert done.returncode == 0, done.stderr
    assert f"(a link to {tmp_path / 'generated'})" in done.stdout
    assert os.readlink(tmp_path / "docs") == "generated"
    assert (tmp_path / "generated" / "docs" / "teams" / "service" / "agent.md").is_file()


def test_serve_through_a_link_serves_and_rebuilds_the_folder_it_leads_to(deployed: Path, minimal: OrgDir) -> None:
    with serving(minimal, deployed.parent) as (address, log):
        assert wait_for(lambda: "Bo Lind" in fetch(address + "people/bo/")), log.read_text()
    assert os.readlink(deployed) == "releases/current"
    assert (deployed.parent / "releases" / "current" / "people" / "bo" / "index.html").is_file()


def test_a_link_that_leads_nowhere_yet_is_built_where_it_leads(tmp_path: Path, minimal: OrgDir) -> None:
    (tmp_path / "releases").mkdir()
    (tmp_path / "site").symlink_to(Path("releases") / "v2")
    done = build(minimal.path, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    assert os.readlink(tmp_path / "site") == "releases/v2"
    assert (tmp_path / "releases" / "v2" / "index.html").is_file()


def test_a_link_in_a_loop_is_a_slip(tmp_path: Path, minimal: OrgDir) -> None:
    (tmp_path / "site").symlink_to("other")
    (tmp_path / "other").symlink_to("site")
    done = build(minimal.path, tmp_path / "site")
    assert_slip(done, f"--site-dir {tmp_path / 'site'} is a symbolic link that leads round in a loop")


def test_a_link_to_a_file_is_a_slip_naming_the_file(tmp_path: Path, minimal: OrgDir) -> None:
    (tmp_path / "notes.txt").write_text("mine\n")
    (tmp_path / "site").symlink_to("notes.txt")
    done = build(minimal.path, tmp_path / "site")
    assert_slip(done, f"'{tmp_path / 'notes.txt'}' exists and is not a folder")
    assert (tmp_path / "notes.txt").read_text() == "mine\n"


def test_publishing_to_a_link_is_refused_by_the_library_too(deployed: Path) -> None:
    """What calls ``publish`` without the command line's resolving gets a refusal, never a link
    silently replaced by a folder."""
    config = f"site_name: t\ndocs_dir: docs\nsite_dir: site\ntheme: {{name: material, custom_dir: theme}}\n# {ROOT}\n"
    before = tree(deployed.parent)
    with pytest.raises(ForeignFolderError, match="is a symbolic link"):
        publish({"index.md": b"# Home\n"}, config, deployed)
    assert os.readlink(deployed) == "releases/current"
    assert tree(deployed.parent) == before


def test_a_reader_through_the_link_always_finds_a_whole_site(deployed: Path, minimal: OrgDir) -> None:
    """As the web server reads it: through the link, while builds replace the folder behind it,
    every read finds a complete page (the old one or the new one), never no page."""
    assert build(minimal.path, deployed).returncode == 0
    page = deployed / "people" / "bo" / "index.html"
    seen: list[str] = []
    failures: list[str] = []
    stop = threading.Event()

    def read_on() -> None:
        while not stop.is_set():
            try:
                text = page.read_text()
            except OSError as exc:
                failures.append(repr(exc))
                continue
            if not text.rstrip().endswith("</html>"):
                failures.append(f"a partial page of {len(text)} characters")
            seen.append("Lindqvist" if "Bo Lindqvist" in text else "Lind")
            time.sleep(0.001)  # as often as a busy web server, leaving the builds a core

    reader = threading.Thread(target=read_on)
    reader.start()
    try:
        for old, new in (("Bo Lind", "Bo Lindqvist"), ("Bo Lindqvist", "Bo Lind")):
            minimal.replace("people/bo.yaml", f"name: {old}\n", f"name: {new}\n")
            assert build(minimal.path, deployed).returncode == 0
    finally:
        stop.set()
        reader.join()
    assert failures == []
    assert "Lindqvist" in seen  # the reader saw the new site, through the link
    assert os.readlink(deployed) == "releases/current"
