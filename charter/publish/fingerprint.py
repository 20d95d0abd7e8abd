"""Whether a site is already what a build would make, without building it.

Two fingerprints decide. The *input key* is everything a build reads: the organisation's files,
the base configuration, the date and ``SOURCE_DATE_EPOCH``, and charter itself — its version,
its code, its templates and theme — and the versions of the programs that turn pages into a
site (MkDocs, Material, Zensical, Pagefind…). An upgrade of any of them builds the site again.

The *output* is the site as charter wrote it: every file's path, mode and bytes, hashed into the
site's marker (``output …``) when it is built. A site changed since (a page edited by hand, a file
added or removed, a mode changed) is built again rather than called up to date. Hashing every
byte grows with the site — 23 ms for the example organisation's 312 files (6.7 MB), 1.6 s for
16,000 pages of 25 KB — so the sizes, modification times and modes are noted too, in
``.charter/<site>.listing``: while they match, the site is taken as written (a stat of each
entry: 3 ms, 0.33 s); when they do not — a copy, a checkout, a touched file — the bytes decide,
and an intact site is noted again. An edit that keeps a file's size and restores its
modification time is seen only by ``--force``. (The marker lives in the site: it tells an edit
by mistake, not by someone set on hiding one, who could rewrite the marker as well.)
"""

from __future__ import annotations

import datetime
import hashlib
import importlib.metadata
import os
import stat
import sys
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from charter.core.files import NotAFile, open_regular
from charter.publish.swap import hidden_folder
from charter.render import TEMPLATES

# The programs that make pages into the site and its search: a new version of one changes the site.
ENGINE_PACKAGES = (
    "properdocs",
    "mkdocs",
    "mkdocs-material",
    "pymdown-extensions",
    "Markdown",
    "zensical",
    "pagefind-bin",
)


def file_digest(path: Path) -> bytes:
    """The SHA-256 of a file's bytes, read in blocks (an organisation folder may hold a large
    file charter never reads). A file that cannot be read, or that became a pipe meanwhile, is
    fingerprinted as such instead of failing the build here: the validator reports it in its
    file (CH014), and the key changes once it can be read again."""
    try:
        with open_regular(path) as handle:
            return hashlib.file_digest(handle, "sha256").digest()
    except NotAFile as exc:
        return f"not a file: {exc.kind}".encode()
    except OSError as exc:
        return f"unreadable: {exc.strerror}".encode()


@lru_cache(maxsize=1)
def charter_itself() -> str:
    """charter's version, the digest of its code, and the versions of the engines it runs, as
    loaded by this process (the code that runs is the code that was there when it started).
    About 5 ms, once a process."""
    import charter

    digest = hashlib.sha256(f"{charter.__version__}|{sys.version}".encode())
    package = Path(charter.__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + file_digest(path) + b"\0")
    for name in ENGINE_PACKAGES:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{name}={version}\0".encode())
    return digest.hexdigest()


def input_key(org_dir: str, today: datetime.date, base_config: Path, engine: str) -> str:
    """Everything a build depends on, hashed: the organisation's files, the templates and theme,
    the base configuration, charter itself (``charter_itself``), the engine, the date (expiries)
    and SOURCE_DATE_EPOCH."""
    digest = hashlib.sha256()
    parts: list[tuple[str, Path]] = []
    for root, label in ((Path(org_dir), "org"), (TEMPLATES, "templates")):
        parts += [(f"{label}/{p.relative_to(root).as_posix()}", p) for p in root.rglob("*") if p.is_file()]
    parts.append(("config", base_config))
    for name, path in sorted(parts):
        digest.update(name.encode() + b"\0" + file_digest(path) + b"\0")
    digest.update(f"{charter_itself()}|{engine}|{today.isoformat()}|{os.environ.get('SOURCE_DATE_EPOCH', '')}".encode())
    return digest.hexdigest()


def _entries(site: Path, marker: str) -> Iterator[tuple[str, str, os.stat_result]]:
    """Every file and folder of ``site`` but its ``marker``, in a fixed order: the path relative
    to the site, the full path and its status (of a link itself, never of what it points to).
    A walk of ``scandir`` entries, each stat'ed once: the listing of 16,000 pages is one pass."""
    folders = [""]
    while folders:
        rel_folder = folders.pop()
        with os.scandir(os.path.join(site, rel_folder)) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
        below = []
        for entry in entries:
            rel = f"{rel_folder}/{entry.name}" if rel_folder else entry.name
            if rel == marker:
                continue
            status = entry.stat(follow_symlinks=False)
            yield rel, entry.path, status
            if stat.S_ISDIR(status.st_mode):
                below.append(rel)
        folders += reversed(below)  # depth first, in name order


def output_digest(site: Path, marker: str) -> str:
    """The site as written: each entry's path, mode and bytes (a link's target). Depends on
    nothing but the files, so two builds of the same input write the same marker."""
    digest = hashlib.sha256()
    for rel, full, status in _entries(site, marker):
        if stat.S_ISREG(status.st_mode):
            content = file_digest(Path(full))
        elif stat.S_ISLNK(status.st_mode):
            content = os.readlink(full).encode()
        else:
            content = b""
        digest.update(f"{rel}\0{status.st_mode:o}\0".encode() + content + b"\n")
    return digest.hexdigest()


def listing_digest(site: Path, marker: str) -> str:
    """The site's listing: each entry's path, mode, size and modification time (no byte read)."""
    digest = hashlib.sha256()
    for rel, _full, status in _entries(site, marker):
        digest.update(f"{rel}\0{status.st_mode:o}\0{status.st_size}\0{status.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _listing_file(target: Path) -> Path:
    return hidden_folder(target) / f"{target.name}.listing"


def note_listing(target: Path, listing: str) -> None:
    """Note the listing of the site just put in place: complete or not at all; a failure only
    costs the next check a read of every byte."""
    noted = _listing_file(target)
    partial = noted.with_name(f"{noted.name}.{os.getpid()}.tmp")
    try:
        partial.write_text(listing + "\n", encoding="ascii")
        os.replace(partial, noted)
    except OSError:
        partial.unlink(missing_ok=True)


def _noted_listing(target: Path) -> str:
    try:
        with open_regular(_listing_file(target)) as handle:
            return handle.read(200).decode("ascii", "replace").strip()
    except (OSError, NotAFile):
        return ""


def marked(target: Path, marker: str) -> dict[str, str]:
    """What the site's marker records: ``input`` (the key it was built from), ``output``."""
    try:
        with open_regular(target / marker) as handle:
            text = handle.read(4096).decode("utf-8", "replace")
    except (OSError, NotAFile):
        return {}
    fields = (line.split(" ", 1) for line in text.splitlines())
    return {field[0]: field[1] for field in fields if len(field) == 2 and field[0] in ("input", "output")}


def site_state(target: Path, key: str, marker: str) -> str:
    """``"current"``: the site is what a build of ``key`` wrote, untouched since; ``"edited"``:
    it was built from ``key`` but changed since; ``"stale"``: built from other input, or not a
    finished build at all (a live preview's update records no key)."""
    fields = marked(target, marker)
    if fields.get("input") != key or "output" not in fields:
        return "stale"
    listing = listing_digest(target, marker)
    if listing == _noted_listing(target):
        return "current"
    if output_digest(target, marker) != fields["output"]:
        return "edited"
    note_listing(target, listing)  # intact, only touched: the cheap check answers next time
    return "current"
