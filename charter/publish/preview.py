"""charter serve's rebuilds: after an edit, only the pages it changed, not the whole site.

The first build of a session is a whole build, exactly as ``charter build`` makes it, except
that the engine's own output (before the security policies go in) is kept, by hard links, in
``.charter/SITE.preview/`` beside the site. After an edit every page is rendered again in
memory (cheap: the diagrams come from their cache) and compared with the last rendering. When
only the content of some files changed — the same files, configuration and theme, and the same
page titles (every page's navigation shows them) — only those are written into the kept
workspace, the engine kept running over it rebuilds only them (:mod:`charter.publish.resident`,
started after the whole build), and each rebuilt page gets its policy and replaces its old copy
in the served site with one rename: a reader sees the old page or the new one, never half of
one. Anything else is a whole build, and so is an update the kept engine cannot make.

What an update leaves behind: the search index is the one of the last whole build (indexing is
most of a whole build's time at size M: the text of edited pages is found by search after the
next whole build), and the site's marker records no input key, so the next ``charter build``
builds the site whole again rather than take an updated preview for a finished site.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from charter.core import progress
from charter.model.graph import Org
from charter.publish import csp
from charter.publish import engine as engines
from charter.publish.build import SITE_MARKER, Built, PublishError, marker, publish
from charter.publish.compact import compact
from charter.publish.swap import describe, hidden_folder, locked
from charter.publish.warm import Warm
from charter.render import TEMPLATES, pages_of

# Files the engine writes on every update, besides the pages it rebuilt.
ALWAYS_WRITTEN = ("404.html", "sitemap.xml", "sitemap.xml.gz")


@dataclass(frozen=True)
class _Rendered:
    files: dict[str, bytes]
    shape: str  # shape_of: what, when it changes, needs a whole build


EARLY_AT_MOST = 20  # entities edited at once whose pages are shown before the rest (a few files saved together)


def output_of(rel: str) -> str:
    """Where the engine writes the document ``rel`` (directory URLs: ``a/b.md`` → ``a/b/index.html``)."""
    if not rel.endswith(".md"):
        return rel
    stem = rel.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return f"{stem}.html"
    return f"{stem}/index.html"


def front_matter(page: bytes) -> bytes:
    """A page's metadata block (its title, shown in every other page's navigation)."""
    if not page.startswith(b"---\n"):
        return b""
    end = page.find(b"\n---\n", 3)
    return page[: end + 5] if end >= 0 else b""


def shape_of(files: dict[str, bytes], config_text: str) -> str:
    """What, when it changes, makes a whole build: which files there are, the configuration,
    every page's metadata (titles make the navigation) and the theme."""
    digest = hashlib.sha256(config_text.encode())
    for name in sorted(files):
        digest.update(name.encode() + b"\0")
        if name.endswith(".md"):
            digest.update(front_matter(files[name]) + b"\0")
    theme = TEMPLATES / "theme"
    for path in sorted(theme.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(theme).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _replace(path: Path, content: bytes) -> None:
    """``path`` holds ``content`` after one rename; a new file, so no hard link to it changes."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_bytes(content)
    os.replace(partial, path)


class Preview:
    """The live preview's builds of ``target``: whole the first time, then only what changed."""

    def __init__(self, target: Path, engine: str) -> None:
        self.target = target.absolute()
        self.engine = engine
        self.kept = hidden_folder(self.target) / f"{self.target.name}.preview"
        self.last: _Rendered | None = None
        self.warm: Warm | None = None  # the engine kept running over the kept workspace
        self.seen: dict[str, object] = {}  # each file's data at the last build, by its path in the organisation

    def publish(self, files: dict[str, bytes], config_text: str, target: Path, *, engine: str, key: str) -> Built:
        """``build.publish``'s contract: the site in ``target`` made from ``files``."""
        rendered = _Rendered(files, shape_of(files, config_text))
        last, self.last = self.last, None  # until this build succeeds, the next one is whole
        built = None
        if (
            last is not None
            and self.warm is not None  # Zensical has no build of some pages only
            and last.shape == rendered.shape
            and (self.kept / "site").is_dir()
            and (self.target / SITE_MARKER).is_file()
        ):
            changed = sorted(rel for rel, content in files.items() if last.files.get(rel) != content)
            built = self._update(changed, files)
        if built is None:
            self._cool()
            shutil.rmtree(self.kept, ignore_errors=True)
            built = publish(files, config_text, target, engine=engine, key=key, keep=self.kept)
            if engine in engines.MKDOCS_LIKE:  # it starts while the reader looks at the site
                with contextlib.suppress(OSError):  # without it, every edit is a whole build
                    self.warm = Warm(engine, self.kept)
        self.last = rendered
        return built

    def early(self, org: Org, org_dir: str) -> list[str]:
        """Before every page is rendered again: the pages of the entities whose files an edit
        changed, rendered alone and shown at once when their titles are unchanged, so that the
        page being edited shows the edit within seconds; every other page the edit changes
        follows with the whole rendering. A file read from the same bytes as before has the very
        same data (:class:`charter.load.discover.Memo`): a changed file is one whose data is new.
        Returns the addresses of the pages shown (``teams/service/agent/``)."""
        seen, self.seen = self.seen, {r.source.rel: r.source.data for r in org.records}
        last = self.last
        if last is None or self.warm is None or not seen:
            return []
        edited = [(r.kind, r.id) for r in org.records if seen.get(r.source.rel) is not r.source.data]
        if not edited or len(edited) > EARLY_AT_MOST:
            return []
        shown = {
            rel: page
            for rel, page in pages_of(org, edited, org_dir=org_dir).items()
            if rel in last.files and last.files[rel] != page and front_matter(page) == front_matter(last.files[rel])
        }
        try:
            if not shown or self._update(sorted(shown), shown) is None:
                return []
        except PublishError:  # the whole rendering that follows tries again, and says why
            return []
        last.files.update(shown)  # the whole rendering that follows finds them shown
        return [output_of(rel).removesuffix("index.html") for rel in sorted(shown)]

    def _update(self, changed: list[str], files: dict[str, bytes]) -> Built | None:
        """The served site with ``changed`` rebuilt, or None when the kept engine cannot."""
        if not changed:  # an edit to a comment, or a file saved unchanged
            return Built(len(files), 0, "", updated=0)
        warm, limit = self.warm, engines.time_limit(len(files))
        if warm is None or not warm.ready(limit):
            return None  # before the kept workspace is touched: the engine may still be reading it
        docs, raw = self.kept / "docs", self.kept / "site"
        with locked(self.target), progress.stage(f"updating {len(changed)} changed files"):
            try:
                for rel in changed:
                    source = docs / rel
                    source.unlink(missing_ok=True)  # a new file: never one linked into another copy
                    source.write_bytes(files[rel])
                    # The old output goes, so the engine writes a new file rather than into one
                    # the served site may share.
                    (raw / output_of(rel)).unlink(missing_ok=True)
                for rel in ALWAYS_WRITTEN:
                    (raw / rel).unlink(missing_ok=True)
                started = time.perf_counter()
                # The kept engine rebuilds the pages and copies the other changed files; when it
                # cannot (it stopped, or failed on a page), a whole build follows.
                output = warm.update([rel for rel in changed if rel.endswith(".md")], limit)
                if output is None:
                    return None
                engine_seconds = time.perf_counter() - started
                styles_inserted = csp.inserted_styles(raw)
                outputs = sorted({output_of(rel) for rel in changed} | set(ALWAYS_WRITTEN))
                for rel in outputs:
                    built = raw / rel
                    if not built.is_file():
                        continue
                    content = built.read_bytes()
                    if rel.endswith(".html"):
                        content = csp.protect(compact(content), rel, styles_inserted)
                    served = self.target / rel
                    served.parent.mkdir(parents=True, exist_ok=True)
                    _replace(served, content)
                # An updated preview is not a finished build of any input: no key.
                _replace(self.target / SITE_MARKER, marker(""))
            except engines.EngineError as exc:
                raise PublishError(str(exc)) from None
            except OSError as exc:
                raise PublishError(f"could not write the site: {describe(exc)}") from None
        pages = sum(1 for rel in changed if rel.endswith(".md"))
        return Built(len(files), pages, output, engine_seconds=engine_seconds, updated=len(changed))

    def _cool(self) -> None:
        if self.warm is not None:
            self.warm.close()
            self.warm = None

    def close(self) -> None:
        """The kept workspace goes with the session: it is as large as the site's pages."""
        self._cool()
        shutil.rmtree(self.kept, ignore_errors=True)
