"""charter build: a complete site or no change, with ProperDocs, MkDocs and Zensical."""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from charter.publish.build import SITE_MARKER, PublishError, publish
from charter.publish.swap import locked
from tests.conftest import ROOT, TODAY, OrgDir, run_charter

EPOCH = "1767225600"  # 2026-01-01


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def leftovers(folder: Path) -> list[str]:
    """Workspaces in ``.charter/`` beside the site (the lock file, the diagram cache and the
    site's listing stay)."""
    hidden = folder / ".charter"
    if not hidden.is_dir():
        return []
    return sorted(
        p.name for p in hidden.iterdir() if p.name != "diagrams" and not p.name.endswith((".lock", ".listing"))
    )


def build(org: Path, site: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_charter("build", str(org), "--site-dir", str(site), "--config", str(ROOT / "mkdocs.yml"), *extra)


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("example") / "site"
    done = build(ROOT / "org", site)
    assert done.returncode == 0, done.stdout + done.stderr
    return site


def test_example_site_has_every_page(example_site: Path) -> None:
    assert (example_site / "index.html").is_file()
    assert (example_site / "teams/customer-service/service-desk-agent/index.html").is_file()
    assert (example_site / "outcomes/issue-resolved-24h/index.html").is_file()
    assert (example_site / "people/chloe-martin/index.html").is_file()
    assert (example_site / "diagrams/outcome-issue-resolved-24h.light.svg").is_file()
    assert (example_site / "downloads/raci.xlsx").is_file()
    assert (example_site / SITE_MARKER).is_file()


def test_site_takes_name_palette_and_edit_links_from_the_organisation(example_site: Path) -> None:
    page = (example_site / "teams/customer-service/service-desk-agent/index.html").read_text()
    assert "<title>Service Desk Agent - Kestrel Payables</title>" in page
    assert 'data-md-color-primary="indigo"' in page
    edit = 'href="https://github.com/kestrel-payables/charter/edit/main/org/roles/service-desk-agent.yaml"'
    assert f'<a {edit} title="Edit the YAML this page is generated from"' in page
    home = (example_site / "index.html").read_text()
    assert 'edit/main/org/organisation.yaml" title="Edit the YAML' in home
    raci = (example_site / "organisation/raci/index.html").read_text()
    assert 'rel="edit"' not in raci  # generated from every file: no single one to edit


def test_navigation_is_grouped_by_team_and_pruned(example_site: Path) -> None:
    agent = (example_site / "teams/customer-service/service-desk-agent/index.html").read_text()
    nav = agent.split('data-md-type="navigation"')[1].split('data-md-type="toc"')[0]
    assert "Customer Service" in nav
    assert "Service Desk Lead" in nav  # a sibling role in the same team
    assert "account-executive/" not in nav  # a role of another team: pruned
    assert "people/chloe-martin/" not in nav  # people are found through the People page and search
    # Pruning keeps every role page's navigation about the same size, however many teams there are.
    sizes = [len(p.read_text()) for p in (example_site / "teams").glob("*/*/index.html")]
    assert max(sizes) < 3 * min(sizes)


def test_failed_build_leaves_the_site_untouched(tmp_path: Path, minimal: OrgDir) -> None:
    site = tmp_path / "site"
    assert build(minimal.path, site).returncode == 0
    before = tree(site)
    minimal.replace("roles/agent.yaml", "team: service", "team: [")
    done = build(minimal.path, site)
    assert done.returncode == 1
    assert "the site was not built, " in done.stderr
    assert tree(site) == before
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("workers", "plugins"),
    [("1", ""), ("2", "plugins: [{search: {enabled: false}}]\n"), ("2", "")],
    ids=["one process", "pages shared by two", "two asked, a plugin at work: one"],
)
def test_broken_links_and_anchors_fail_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: str, plugins: str
) -> None:
    monkeypatch.setenv("CHARTER_WORKERS", workers)
    site = tmp_path / "site"
    base = "site_name: t\ndocs_dir: docs\nsite_dir: site\ntheme: {name: material, custom_dir: theme}\n"
    ok = {"index.md": b"# Home\n\n[other](other.md)\n", "other.md": b"# Other\n"}
    config = base + plugins + "validation: {links: {not_found: warn, anchors: warn}}\nstrict: true\n"
    publish(ok, config, site)
    before = tree(site)
    with pytest.raises(PublishError, match=r"missing\.md"):
        publish({**ok, "index.md": b"# Home\n\n[gone](missing.md)\n"}, config, site)
    with pytest.raises(PublishError, match=r"nope"):
        publish({**ok, "index.md": b"# Home\n\n[x](other.md#nope)\n"}, config, site)
    assert tree(site) == before
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_page_the_engine_cannot_read_fails_the_build_in_any_share(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: str
) -> None:
    """A worker of the shared page loop that fails fails the build, names the page, and hangs
    nothing: the same as the engine's own loop."""
    monkeypatch.setenv("CHARTER_WORKERS", workers)
    site = tmp_path / "site"
    config = (
        "site_name: t\ndocs_dir: docs\nsite_dir: site\ntheme: {name: material, custom_dir: theme}\n"
        "plugins: [{search: {enabled: false}}]\nstrict: true\n"
    )
    pages = {f"p{n}.md": f"# Page {n}\n".encode() for n in range(8)}
    with pytest.raises(PublishError, match=r"p5\.md"):
        publish({"index.md": b"# Home\n", **pages, "p5.md": b"# Bad \xff\xfe\n"}, config, site)
    assert not site.exists()
    assert leftovers(tmp_path) == []


def test_same_input_builds_byte_identical_sites(
    tmp_path: Path, minimal: OrgDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "a" / "site", tmp_path / "b" / "site"
    for site in (first, second):
        done = subprocess.run(
            [sys.executable, "-m", "charter", "build", str(minimal.path), "--site-dir", str(site),
             "--config", str(ROOT / "mkdocs.yml")],
            capture_output=True, text=True, check=False,
            env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "CHARTER_TODAY": TODAY.isoformat()},
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    assert tree(first) == tree(second)


def test_pages_built_by_two_processes_are_the_pages_one_builds(tmp_path: Path) -> None:
    """Issue 31: the page loop shared among processes (charter.publish.parallel) gives the site
    one process gives, byte for byte (MkDocs, whose code ProperDocs continues, runs the same
    functions)."""
    engine = "properdocs"
    sites = {workers: tmp_path / workers / "site" for workers in ("1", "2")}
    for workers, site in sites.items():
        done = subprocess.run(
            [sys.executable, "-m", "charter", "build", str(ROOT / "org"), "--site-dir", str(site),
             "--config", str(ROOT / "mkdocs.yml"), "--engine", engine],
            capture_output=True, text=True, check=False,
            env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "CHARTER_TODAY": TODAY.isoformat(),
                 "CHARTER_WORKERS": workers},
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    assert tree(sites["1"]) == tree(sites["2"])
    assert len(tree(sites["1"])) > 300


def test_properdocs_builds_what_mkdocs_built_but_for_the_generator(tmp_path: Path, minimal: OrgDir) -> None:
    """Issue 31: ProperDocs, the default engine, is MkDocs 1.x maintained: the same pages, byte for
    byte, but for the generator each page's head names."""
    sites = {engine: tmp_path / engine / "site" for engine in ("properdocs", "mkdocs")}
    for engine, site in sites.items():
        done = subprocess.run(
            [sys.executable, "-m", "charter", "build", str(minimal.path), "--site-dir", str(site),
             "--config", str(ROOT / "mkdocs.yml"), "--engine", engine],
            capture_output=True, text=True, check=False,
            env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "CHARTER_TODAY": TODAY.isoformat()},
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert f"with {engine}" in done.stdout
    generator = re.compile(rb'<meta name="generator" content="[^"]*">')
    pages = {engine: tree(site) for engine, site in sites.items()}
    assert set(pages["properdocs"]) == set(pages["mkdocs"])
    assert b"ProperDocs" in (sites["properdocs"] / "index.html").read_bytes()
    differ = []
    for name in pages["properdocs"]:
        if name.startswith(".charter"):
            continue  # the site's marker names the engine
        one, other = ((sites[e] / name).read_bytes() for e in sites)
        if generator.sub(b"", one) != generator.sub(b"", other):
            differ.append(name)
    assert differ == []


def test_zensical_builds_the_example(tmp_path: Path) -> None:
    site = tmp_path / "site"
    done = build(ROOT / "org", site, "--engine", "zensical")
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"^built \d+ pages with zensical into ", done.stdout, re.M)
    page = html.unescape((site / "teams/customer-service/service-desk-agent/index.html").read_text())
    assert "Service Desk Agent" in page
    assert (
        'href="https://github.com/kestrel-payables/charter/edit/main/org/roles/service-desk-agent.yaml" title="Edit'
        in page
    )
    # Pagefind is the search; Zensical's own index, which stops a build of 5,000 roles at its size
    # limit, is turned off (issue 31).
    if (site / "search.json").exists():
        assert json.loads((site / "search.json").read_text())["items"] == []
    assert (site / "pagefind" / "pagefind.js").is_file()


def test_a_second_build_waits_for_nobody_and_says_so(tmp_path: Path, minimal: OrgDir) -> None:
    site = tmp_path / "site"
    with locked(site.absolute()):
        done = build(minimal.path, site)
    assert done.returncode == 2
    assert "another charter run is writing" in done.stderr


def test_refuses_to_replace_a_folder_that_is_not_a_site(tmp_path: Path, minimal: OrgDir) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "precious.txt").write_text("mine")
    done = build(minimal.path, site)
    # The same slip gives the same answer from build, serve and render: exit 2, before validating.
    assert (done.returncode, done.stdout) == (2, "")
    assert "holds files charter did not make" in done.stderr
    assert (site / "precious.txt").read_text() == "mine"
    served = run_charter("serve", str(minimal.path), "--site-dir", str(site), "--port", "0")
    assert (served.returncode, served.stderr) == (2, done.stderr)
    rendered = run_charter("render", str(minimal.path), "--out", str(site))
    assert (rendered.returncode, rendered.stderr) == (2, done.stderr)


def test_a_killed_build_changes_nothing_and_the_next_one_cleans_up(tmp_path: Path, minimal: OrgDir) -> None:
    site = tmp_path / "site"
    assert build(minimal.path, site).returncode == 0
    before = tree(site)
    minimal.replace("roles/agent.yaml", "title: Service Desk Agent", "title: Front Line Agent")  # so it rebuilds
    process = subprocess.Popen(
        [sys.executable, "-m", "charter", "build", str(minimal.path), "--site-dir", str(site),
         "--config", str(ROOT / "mkdocs.yml")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while not leftovers(tmp_path) and time.monotonic() < deadline:  # wait until it is mid-build
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert tree(site) == before
    assert build(minimal.path, site).returncode == 0
    assert leftovers(tmp_path) == []


def test_a_build_removes_what_a_stopped_live_preview_kept(tmp_path: Path, minimal: OrgDir) -> None:
    kept = tmp_path / ".charter" / "site.preview"  # as a `charter serve` killed mid-session leaves it
    (kept / "site").mkdir(parents=True)
    (kept / "site" / "index.html").write_text("<p>an old page</p>")
    (tmp_path / ".charter" / "site.v2.preview").mkdir()  # another site's: not this build's to remove
    assert build(minimal.path, tmp_path / "site").returncode == 0
    assert not kept.exists()
    assert (tmp_path / ".charter" / "site.v2.preview").is_dir()


@pytest.mark.parametrize("engine", ["properdocs", "zensical"])
def test_hostile_names_never_reach_the_html_as_markup(tmp_path: Path, engine: str) -> None:
    site = tmp_path / "site"
    done = build(ROOT / "tests" / "fixtures" / "hostile", site, "--engine", engine)
    assert done.returncode == 0, done.stderr
    raw = re.compile(r"<script>alert|<img src=x|<svg onload|<iframe|</td><script|href=\"javascript:", re.I)
    pages = list(site.rglob("*.html"))
    assert len(pages) > 15
    for page in pages:
        assert not raw.search(page.read_text()), page
    title = (site / "index.html").read_text().split("<title>")[1].split("</title>")[0]
    assert html.unescape(title) == "<script>alert(1)</script> - <script>alert(1)</script>"
    if engine == "properdocs":  # names made of markup cut no page short for the search index
        same_index_from_what_pagefind_reads(site, tmp_path)


def test_an_unchanged_site_is_not_rebuilt_but_any_change_rebuilds_it(tmp_path: Path, minimal: OrgDir) -> None:
    site = tmp_path / "site"
    assert build(minimal.path, site).returncode == 0
    again = build(minimal.path, site)
    assert again.returncode == 0
    assert again.stdout.startswith(f"{site}/ is up to date")
    minimal.replace("people/bo.yaml", "name: Bo Lind", "name: Bo Lindqvist")
    changed = build(minimal.path, site)
    assert changed.stdout.startswith("built ")
    assert "Bo Lindqvist" in (site / "people/bo/index.html").read_text()


def promise_box(site: Path) -> str:
    page = (site / "outcomes/fault-fixed/index.html").read_text()
    assert "!!! quote" not in page, "the promise box is shown as literal Markdown"
    assert '<div class="admonition quote">' in page
    return page


def test_a_build_from_another_folder_renders_every_page_kind(minimal: OrgDir, tmp_path: Path) -> None:
    """No mkdocs.yml beside the organisation and none where charter runs: the built-in one."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert not (minimal.path.parent / "mkdocs.yml").exists()
    done = run_charter("build", str(minimal.path), "--site-dir", "out", cwd=elsewhere)
    assert done.returncode == 0, done.stdout + done.stderr
    promise_box(elsewhere / "out")
    home = (elsewhere / "out/index.html").read_text()
    assert '<div class="admonition abstract">' in home


def test_the_configuration_beside_the_organisation_is_used_and_completed(minimal: OrgDir, tmp_path: Path) -> None:
    # A repository's own mkdocs.yml, lacking the extensions charter's pages need: they are added.
    (minimal.path.parent / "mkdocs.yml").write_text(
        "site_name: x\ncopyright: Beside the organisation\ntheme: {name: material}\nmarkdown_extensions: [toc]\n"
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = run_charter("build", str(minimal.path), "--site-dir", "out", cwd=elsewhere)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Beside the organisation" in promise_box(elsewhere / "out")


def test_a_missing_config_file_is_a_usage_error(minimal: OrgDir, tmp_path: Path) -> None:
    done = run_charter("build", str(minimal.path), "--site-dir", str(tmp_path / "s"), "--config", "nope.yml")
    assert (done.returncode, done.stderr) == (2, "charter: --config nope.yml: there is no such file\n")
    assert not (tmp_path / "s").exists()


def test_the_search_index_holds_pages_people_look_for(example_site: Path) -> None:
    # Pagefind's index, not MkDocs' lunr index that every reader would download whole.
    assert (example_site / "pagefind" / "pagefind-ui.js").is_file()
    assert not (example_site / "search" / "search_index.json").exists()
    role = (example_site / "teams/sales/head-of-sales/index.html").read_text()
    assert '<div data-pagefind-body data-pagefind-weight="4">' in role
    person = (example_site / "people/priya-raman/index.html").read_text()
    assert '<div data-pagefind-body data-pagefind-weight="2">' in person
    outcome = (example_site / "outcomes/issue-resolved-24h/index.html").read_text()
    assert "<div data-pagefind-body>" in outcome
    for wall in ("organisation/ask", "organisation/raci", "organisation/health", "people"):
        assert "data-pagefind-body" not in (example_site / wall / "index.html").read_text(), wall


def index_digest(site: Path, work: Path, cut: Callable[[bytes], bytes]) -> dict[str, bytes]:
    """Pagefind's bundle for the pages of ``site``, each given as ``cut`` makes it, indexed again
    in ``work``: its files."""
    from charter.publish import search

    pages = sorted((p.relative_to(site).as_posix(), cut(p.read_bytes())) for p in site.rglob("*.html"))
    work.mkdir()
    search.index(work, iter(pages))
    bundle = sorted((work / "pagefind").rglob("*"))
    return {p.relative_to(work).as_posix(): p.read_bytes() for p in bundle if p.is_file()}


def same_index_from_what_pagefind_reads(site: Path, tmp_path: Path) -> None:
    """Pagefind is given each page's head and its ``data-pagefind-body`` only: the index is the
    one the whole pages make, and the pages given are smaller."""
    from charter.publish import search

    role = next(p for p in site.rglob("*.html") if b"data-pagefind-body" in p.read_bytes())
    assert len(search.searched(role.read_bytes())) < len(role.read_bytes()) * 0.8
    trimmed = index_digest(site, tmp_path / "trimmed", search.searched)
    whole = index_digest(site, tmp_path / "whole", lambda page: page)
    assert len(whole) > 5
    assert trimmed == whole


def test_pagefind_reads_the_same_index_from_the_marked_part_of_each_page(example_site: Path, tmp_path: Path) -> None:
    same_index_from_what_pagefind_reads(example_site, tmp_path)


def test_an_incomplete_search_bundle_is_refused(tmp_path: Path) -> None:
    from charter.publish.engine import EngineError
    from charter.publish.search import complete

    bundle = tmp_path / "pagefind"
    bundle.mkdir()
    (bundle / "pagefind-ui.js").write_text("/* ui */")
    (bundle / "pagefind-entry.json").write_text("")  # what a service killed before its flush left
    with pytest.raises(EngineError, match="incomplete"):
        complete(bundle)
    (bundle / "pagefind-entry.json").write_text('{"version": "1.5.2", "languages": {}}')
    complete(bundle)


class _Logos(HTMLParser):
    """The title and accessible name of each logo link (header and navigation drawer), as a
    browser reads them: with character references decoded once."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str | None, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "a" and named.get("data-md-component") == "logo":
            self.found.append((named.get("title"), named.get("aria-label")))


@pytest.mark.parametrize("engine", ["properdocs", "zensical"])
def test_the_organisations_name_is_shown_as_typed_in_the_logos_tooltip(
    tmp_path: Path, minimal: OrgDir, engine: str
) -> None:
    """Issue 28, item 12: "Smith & Jones" showed as "Smith &amp; Jones" in the logo's tooltip."""
    minimal.replace("organisation.yaml", "name: Minimal Co", 'name: "Smith & Jones <Ltd>"')
    site = tmp_path / "site"
    done = build(minimal.path, site, "--engine", engine)
    assert done.returncode == 0, done.stderr
    for page in ("index.html", "teams/service/agent/index.html"):
        logos = _Logos()
        logos.feed((site / page).read_text())
        assert logos.found == [("Smith & Jones <Ltd>", "Smith & Jones <Ltd>")] * 2, page


# --- a site changed since charter built it; charter itself changed (issue 28, item 11) ------------


def _edit_a_page(site: Path) -> None:
    page = site / "people/bo/index.html"
    page.write_text(page.read_text().replace("Bo Lind", "Bo Lind (edited by hand)"))


def _edit_keeping_the_size(site: Path) -> None:
    page = site / "people/bo/index.html"
    page.write_text(page.read_text().replace("Bo Lind", "Bo LIND"))


HAND_CHANGES: dict[str, Callable[[Path], object]] = {
    "a page edited": _edit_a_page,
    "a page edited, its size kept": _edit_keeping_the_size,
    "a page removed": lambda site: (site / "people/bo/index.html").unlink(),
    "a file added": lambda site: (site / "extra.html").write_text("<p>added by hand</p>"),
    "a page made unreadable to the web server": lambda site: (site / "index.html").chmod(0o600),
}


@pytest.mark.parametrize("change", HAND_CHANGES, ids=list(HAND_CHANGES))
def test_a_site_changed_by_hand_is_built_again(tmp_path: Path, minimal: OrgDir, change: str) -> None:
    """It was reported "up to date" and left as it was."""
    site = tmp_path / "site"
    assert build(minimal.path, site).returncode == 0
    before = tree(site)
    HAND_CHANGES[change](site)
    again = build(minimal.path, site)
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("built "), again.stdout
    assert f"{site}/ was changed since charter built it" in again.stderr
    assert tree(site) == before
    assert (site / "index.html").stat().st_mode & 0o777 == 0o644


def test_a_site_whose_files_were_only_touched_is_still_up_to_date(tmp_path: Path, minimal: OrgDir) -> None:
    """A copy or a checkout that gives every file a new time: the sizes and times charter noted no
    longer match, so the contents are compared with the marker's digest — the same: up to date."""
    site = tmp_path / "site"
    assert build(minimal.path, site).returncode == 0
    for path in site.rglob("*"):
        os.utime(path, (1_000_000_000, 1_000_000_000))
    again = build(minimal.path, site)
    assert again.stdout.startswith(f"{site}/ is up to date"), again.stdout + again.stderr
    assert again.stderr == ""


def test_force_builds_a_site_that_is_up_to_date(tmp_path: Path, minimal: OrgDir) -> None:
    site = tmp_path / "site"
    assert build(minimal.path, site).returncode == 0
    marker_before = (site / SITE_MARKER).stat().st_ino
    forced = build(minimal.path, site, "--force")
    assert forced.returncode == 0, forced.stderr
    assert forced.stdout.startswith("built "), forced.stdout
    assert (site / SITE_MARKER).stat().st_ino != marker_before  # a new site, swapped in


def _charter_copy(tmp_path: Path) -> Path:
    """charter's code and templates copied, as a release of it installed beside this one."""
    copy = tmp_path / "charter-copy"
    shutil.copytree(ROOT / "charter", copy / "charter", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "templates", copy / "templates")
    return copy


CHARTER_CHANGES = {
    "its code": ("charter/render/pages.py", "\n# a change in the code\n"),
    "its version": ("charter/__init__.py", '\n__version__ = "99.0.0"\n'),
    "a page template": ("templates/person.md.j2", "\n{# a change in a template #}\n"),
    "its theme": ("templates/theme/main.html", "\n{#- a change in the theme -#}\n"),
}


@pytest.mark.parametrize("change", CHARTER_CHANGES, ids=list(CHARTER_CHANGES))
def test_a_site_built_by_another_charter_is_built_again(tmp_path: Path, minimal: OrgDir, change: str) -> None:
    """After an upgrade of charter the site said "up to date": what charter is (its code, its
    version, its templates and theme) is part of what a site is built from."""
    copy = _charter_copy(tmp_path)
    site = tmp_path / "site"

    def build_with_the_copy() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "charter", "build", str(minimal.path), "--site-dir", str(site),
             "--config", str(ROOT / "mkdocs.yml")],
            capture_output=True, text=True, check=False, timeout=120, cwd=tmp_path,  # not ROOT: its charter
            env={"PATH": "/usr/bin:/bin", "CHARTER_TODAY": TODAY.isoformat(), "PYTHONPATH": str(copy)},
        )  # fmt: skip

    assert build_with_the_copy().returncode == 0
    assert build_with_the_copy().stdout.startswith(f"{site}/ is up to date")
    rel, addition = CHARTER_CHANGES[change]
    with (copy / rel).open("a") as source:
        source.write(addition)
    again = build_with_the_copy()
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("built "), again.stdout
