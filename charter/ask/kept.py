"""The ask index of an organisation folder, kept between runs in ``.charter/`` beside it.

Reading 5,000 roles again takes seconds; the kept index, a few milliseconds. It is used only
while no YAML file's path, size or modification time has changed (and charter's version is the
same); otherwise it is made again from a validation. A folder charter cannot write beside still
gets its answer, only slower. The index itself is pure and lives in :mod:`charter.ask.index`.

The kept file is a cache, and anything may happen to a cache: a run killed while writing it, a
disk that flips a byte, a tool or a person replacing it (``[]``), a named pipe in its place. So it
is two lines — a header (the files' fingerprint, the error count and the SHA-256 of the second
line) and the index — and it is used only if it is a regular file, its header is whole and its
index hashes to the sum: anything else is a stale cache, made again, never an error and never a
wrong answer.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from charter.ask.index import Index, build
from charter.core.files import NotAFile, open_regular

# 7: limits ("up to 15%") as words; 6: an entry one text; 5: the organisation's vocabulary and
# the written words
CACHE_VERSION = 7


def _fingerprint(org_dir: Path) -> str:
    """What the index depends on: every YAML file's path, size and modification time."""
    from charter import __version__

    digest = hashlib.sha256(f"{CACHE_VERSION} {__version__}".encode())
    found = []
    root = os.path.join(org_dir, "")
    for folder, _dirs, files in os.walk(root):
        inside = folder[len(root) :]  # os.walk names folders under root: cut, not os.path.relpath (slow)
        for name in files:
            if name.endswith((".yaml", ".yml")):
                path = os.path.join(folder, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                found.append(f"{os.path.join(inside, name)} {stat.st_size} {stat.st_mtime_ns}\n")
    digest.update("".join(sorted(found)).encode())
    return digest.hexdigest()


def _cache_file(org_dir: Path) -> Path:
    name = hashlib.sha256(str(org_dir.resolve()).encode()).hexdigest()[:16]
    return org_dir.resolve().parent / ".charter" / f"ask-{name}.json"


@dataclass(frozen=True)
class Loaded:
    index: Index | None  # None when the files could not be read into an organisation
    errors: int  # what charter validate reports as errors


def _read(cache: Path, key: str) -> Loaded | None:
    """The kept index, if ``cache`` holds a whole one made from files with fingerprint ``key``."""
    try:
        with open_regular(cache) as handle:
            header_line = handle.readline()
            body = handle.read()
        header = json.loads(header_line)
        if not (isinstance(header, dict) and header.get("key") == key and isinstance(header.get("errors"), int)):
            return None
        if header.get("sum") != hashlib.sha256(body).hexdigest():
            return None  # cut short, or changed since charter wrote it
        return Loaded(Index.from_json(json.loads(body)), header["errors"])
    except (OSError, NotAFile, ValueError, KeyError, TypeError, AttributeError):
        # Not readable, not JSON, or an index of another shape: a stale cache, made again.
        return None


def _keep(cache: Path, key: str, index: Index, errors: int) -> None:
    """Write the index for the next question: complete or not at all (one rename)."""
    body = json.dumps(index.as_json(), ensure_ascii=False).encode()
    header = json.dumps({"key": key, "errors": errors, "sum": hashlib.sha256(body).hexdigest()})
    try:
        cache.parent.mkdir(exist_ok=True)
        part = cache.with_name(f"{cache.name}.{os.getpid()}.part")
        part.write_bytes(header.encode() + b"\n" + body)
        part.replace(cache)
    except OSError:
        pass  # a folder charter cannot write beside: answered all the same, only slower next time


def load(org_dir: str, today: date) -> Loaded:
    """The organisation's index: from ``.charter/`` when no file changed since it was made
    (reading 5,000 roles again takes seconds; the kept index, a few milliseconds), else built
    from a validation and kept for the next question. A folder charter cannot write to still
    gets its answer, only slower."""
    folder = Path(org_dir)
    key = _fingerprint(folder)
    cache = _cache_file(folder)
    kept = _read(cache, key)
    if kept is not None:
        return kept
    # Only now: the validator's imports (the models, pydantic) take longer than the kept index.
    from charter.validate.check import validate

    result = validate(org_dir, today)
    if result.org is None:
        return Loaded(None, result.errors)
    index = build(result.org)
    _keep(cache, key, index, result.errors)
    return Loaded(index, result.errors)
