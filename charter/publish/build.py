"""charter build: rendered pages → a complete site swapped into place, or no change at all.

Everything happens in a workspace folder beside the target site (pages, configuration, the
engine's output); only a finished site replaces the old one, in one exchange
(:func:`charter.publish.swap.replacing`, the routine ``charter render --out`` uses too). A build
that fails — invalid input, a broken link, Graphviz failing, the process being killed — leaves
the previous site byte-identical; what a killed build left behind is removed by the next one.
Diagrams drawn by earlier builds come from the cache beside the site
(:mod:`charter.publish.diagram_cache`).
"""

from __future__ import annotations

import datetime
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from charter.core import progress
from charter.core.problem import Coverage, Findings, Problem
from charter.model.graph import Org
from charter.publish import config as site_config
from charter.publish import engine as engines
from charter.publish import fingerprint, search
from charter.publish.diagram_cache import DiskCache
from charter.publish.hardening import Hardening
from charter.publish.output import write_files
from charter.publish.swap import check_replaceable, describe, exchange, hidden_folder, locked, replacing
from charter.render import TEMPLATES, render

SITE_MARKER = ".charter-site"


class PublishError(Exception):
    """The site could not be built; nothing was changed."""


@dataclass(frozen=True)
class Built:
    files: int
    pages: int
    engine_output: str
    render_seconds: float = 0.0
    engine_seconds: float = 0.0
    updated: int | None = None  # a preview's update: the files changed in place (None: built whole)


class Publisher(Protocol):
    """What makes the site from rendered files: ``publish``, or a live preview's update."""

    def __call__(self, files: dict[str, bytes], config_text: str, target: Path, *, engine: str, key: str) -> Built: ...


class Early(Protocol):
    """What a live preview does with a valid model before every page is rendered: show the
    pages of what was just edited (:meth:`charter.publish.preview.Preview.early`)."""

    def __call__(self, org: Org, org_dir: str) -> object: ...


CONFIG_FILE = "mkdocs.yml"  # the engine's configuration in a workspace; every engine reads it


def workspace_files(files: dict[str, bytes], config_text: str) -> dict[str, bytes]:
    """What the engine builds from, by path: the pages under ``docs/``, charter's theme under
    ``theme/``, and the configuration. ``charter render --out`` writes exactly this, so the
    engine alone builds the same site (``properdocs build -f DIR/mkdocs.yml``)."""
    theme = TEMPLATES / "theme"
    found = {f"docs/{path}": content for path, content in files.items()}
    for path in sorted(theme.rglob("*")):
        if path.is_file():
            found[f"theme/{path.relative_to(theme).as_posix()}"] = path.read_bytes()
    found[CONFIG_FILE] = config_text.encode("utf-8")
    return found


def prepare(workspace: Path, files: dict[str, bytes], config_text: str) -> None:
    write_files(workspace, workspace_files(files, config_text))


def readable(site: Path) -> None:
    """Folders 0755, files 0644, whatever the umask of the build: a site built under a strict
    umask (077 in many CI runners) must still be served, and two builds must be identical."""
    for folder, _dirs, names in os.walk(site):
        os.chmod(folder, 0o755)
        for name in names:
            os.chmod(os.path.join(folder, name), 0o644)


def marker(key: str, output: str = "") -> bytes:
    """The marker that makes a site charter's to replace, with the input key it was built from
    and the digest of what it wrote (:mod:`charter.publish.fingerprint`)."""
    lines = ["Built by charter: this folder is replaced on every build."]
    lines += [f"input {key}"] if key else []
    lines += [f"output {output}"] if output else []
    return "".join(line + "\n" for line in lines).encode()


def seal(site: Path, key: str) -> str:
    """Make the finished ``site`` readable to a web server and mark it as built from ``key``,
    with the digest of every file as it now is; returns its listing, to note once it is in place."""
    readable(site)
    output = fingerprint.output_digest(site, SITE_MARKER)
    (site / SITE_MARKER).write_bytes(marker(key, output))
    os.chmod(site / SITE_MARKER, 0o644)
    return fingerprint.listing_digest(site, SITE_MARKER)


def _link_or_copy(source: str, destination: str) -> None:
    try:
        os.link(source, destination)
    except OSError:  # a file system without hard links
        shutil.copy2(source, destination)


def keep_raw(workspace: Path, kept: Path) -> None:
    """A copy of the workspace (pages, theme, configuration, the engine's output) at ``kept``,
    for the live preview's later updates (:mod:`charter.publish.preview`). Made of hard links,
    so nearly free in time and disk: the policy pass that follows replaces each page with a new
    file rather than writing into the one the copy shares."""
    fresh = Path(tempfile.mkdtemp(prefix=f"{kept.name}-", dir=kept.parent))
    for name in ("docs", "theme", "site"):
        shutil.copytree(workspace / name, fresh / name, copy_function=_link_or_copy)
    _link_or_copy(str(workspace / CONFIG_FILE), str(fresh / CONFIG_FILE))
    shutil.rmtree(kept, ignore_errors=True)
    os.rename(fresh, kept)


def publish(
    files: dict[str, bytes],
    config_text: str,
    target: Path,
    *,
    engine: str = engines.DEFAULT,
    key: str = "",
    keep: Path | None = None,
) -> Built:
    """Build ``files`` (rendered pages) into ``target`` atomically; with ``keep``, the workspace
    before the policies went in stays there (see ``keep_raw``)."""
    target = target.absolute()
    with replacing(target, SITE_MARKER, "build") as workspace:
        try:
            with progress.stage("writing the pages out", len(files)):
                prepare(workspace, files, config_text)
            started = time.perf_counter()
            with progress.stage(f"building the site with {engine}"):
                output = engines.run(engine, workspace)
            engine_seconds = time.perf_counter() - started
            site = workspace / "site"
            if keep is not None:
                keep_raw(workspace, keep)
            # A policy in every page (an event handler or a script URL fails the build), on every
            # core, each page handed on to the search index as it is done: one read for both.
            stage = "indexing the pages for search and putting a security policy in each"
            with Hardening(site) as protected, progress.stage(stage):  # its processes forked before the stage's thread
                search.index(site, protected)
            listing = seal(site, key)
            exchange(site, target)
            fingerprint.note_listing(target, listing)
        except engines.EngineError as exc:
            raise PublishError(str(exc)) from None
        except OSError as exc:  # the disk full, a file-size limit, a read-only folder
            raise PublishError(f"could not write the site: {describe(exc)}") from None
    pages = sum(1 for _ in target.rglob("*.html"))
    return Built(len(files), pages, output, engine_seconds=engine_seconds)


def build_site(
    org: Org,
    problems: tuple[Problem, ...],
    *,
    org_dir: str,
    target: Path,
    base_config: Path,
    engine: str = engines.DEFAULT,
    key: str = "",
    publisher: Publisher | None = None,
    allow_hooks: bool = False,
    early: Early | None = None,
) -> Built:
    started = time.perf_counter()
    if early is not None:
        early(org, org_dir)
    cache = DiskCache(hidden_folder(target.absolute()) / "diagrams")
    cache.sweep()
    files = render(org, problems, org_dir=org_dir, cache=cache)
    base = site_config.read_base(base_config, allow_hooks=allow_hooks)  # read again: it may have changed
    text = site_config.dump(site_config.site_config(org, base, theme_dir="theme"))
    rendered = time.perf_counter() - started
    built = (publisher or publish)(files, text, target, engine=engine, key=key)
    return Built(built.files, built.pages, built.engine_output, rendered, built.engine_seconds, built.updated)


@dataclass(frozen=True)
class Attempt:
    """One validate-and-build: what validation found, and the site built or why not."""

    findings: Findings
    built: Built | None
    failure: str | None
    validate_seconds: float = 0.0
    unchanged: bool = False
    edited: bool = False  # built again because the site had been changed since charter built it

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self.findings.problems


def attempt(
    org_dir: str,
    today: datetime.date,
    *,
    target: Path,
    base_config: Path,
    engine: str,
    publisher: Publisher | None = None,
    allow_hooks: bool = False,
    force: bool = False,
    early: Early | None = None,
) -> Attempt:
    """Validate and build under the site's lock, taken first: a second build started meanwhile is
    refused at once (``BusyError``) instead of rendering everything only to be turned away.
    ``publisher`` makes the site from the rendered files (default ``publish``: whole);
    ``allow_hooks``: the configuration may name code to run (:mod:`charter.publish.hooks`);
    ``force``: build even a site that is up to date; ``early``: see :class:`Early`."""
    check_replaceable(target.absolute(), SITE_MARKER)  # before validating: a slip on the command line
    with locked(target.absolute()):
        return _attempt(
            org_dir,
            today,
            target=target,
            base_config=base_config,
            engine=engine,
            publisher=publisher,
            allow_hooks=allow_hooks,
            force=force,
            early=early,
        )


def _attempt(
    org_dir: str,
    today: datetime.date,
    *,
    target: Path,
    base_config: Path,
    engine: str,
    publisher: Publisher | None,
    allow_hooks: bool,
    force: bool,
    early: Early | None = None,
) -> Attempt:
    from charter.render.graphviz_run import DiagramError
    from charter.validate.check import validate

    started = time.perf_counter()
    key = fingerprint.input_key(org_dir, today, base_config, engine)
    state = "stale" if force else fingerprint.site_state(target.absolute(), key, SITE_MARKER)
    if state == "current":
        # Nothing the site depends on changed since it was built, nor the site: it is already right.
        nothing = Findings((), Coverage(0), org_dir)
        return Attempt(nothing, Built(0, sum(1 for _ in target.rglob("*.html")), "up to date"), None, 0.0, True)
    result = validate(org_dir, today)
    validated = time.perf_counter() - started
    if result.org is None or result.errors:
        return Attempt(result.findings, None, "fix the errors above first", validated)
    try:
        built = build_site(
            result.org,
            result.problems,
            org_dir=org_dir,
            target=target,
            base_config=base_config,
            engine=engine,
            key=key,
            publisher=publisher,
            allow_hooks=allow_hooks,
            early=early,
        )
    except (DiagramError, PublishError, site_config.ConfigError) as exc:
        # ConfigError: mkdocs.yml was read before the build began; edited since into a file
        # that is no configuration (a live preview rebuilds on every save), this build fails.
        return Attempt(result.findings, None, str(exc))
    return Attempt(result.findings, built, None, validated, edited=state == "edited")
