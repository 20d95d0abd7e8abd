"""The ask index of an organisation folder, kept between runs in ``.charter/`` beside it.

Reading 5,000 roles again takes seconds; the kept index, a few milliseconds. It is used only
while no YAML file's path, size or modification time has changed (and charter's version is the
same); otherwise it is made again from a validation. A folder charter cannot write beside still
gets its answer, only slower. The index itself is pure and lives in :mod:`charter.ask.index`.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from charter.ask.index import Index, build

CACHE_VERSION = 3


def _fingerprint(org_dir: Path) -> str:
    """What the index depends on: every YAML file's path, size and modification time."""
    from charter import __version__

    digest = hashlib.sha256(f"{CACHE_VERSION} {__version__}".encode())
    found = []
    for folder, _dirs, files in os.walk(org_dir):
        for name in files:
            if name.endswith((".yaml", ".yml")):
                path = os.path.join(folder, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                found.append(f"{os.path.relpath(path, org_dir)} {stat.st_size} {stat.st_mtime_ns}\n")
    digest.update("".join(sorted(found)).encode())
    return digest.hexdigest()


def _cache_file(org_dir: Path) -> Path:
    name = hashlib.sha256(str(org_dir.resolve()).encode()).hexdigest()[:16]
    return org_dir.resolve().parent / ".charter" / f"ask-{name}.json"


@dataclass(frozen=True)
class Loaded:
    index: Index | None  # None when the files could not be read into an organisation
    errors: int  # what charter validate reports as errors


def load(org_dir: str, today: date) -> Loaded:
    """The organisation's index: from ``.charter/`` when no file changed since it was made
    (reading 5,000 roles again takes seconds; the kept index, a few milliseconds), else built
    from a validation and kept for the next question. A folder charter cannot write to still
    gets its answer, only slower."""
    from charter.validate.check import validate

    folder = Path(org_dir)
    key = _fingerprint(folder)
    cache = _cache_file(folder)
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        if data.get("key") == key:
            return Loaded(Index.from_json(data["index"]), int(data["errors"]))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    result = validate(org_dir, today)
    if result.org is None:
        return Loaded(None, result.errors)
    index = build(result.org)
    try:
        cache.parent.mkdir(exist_ok=True)
        part = cache.with_name(f"{cache.name}.{os.getpid()}.part")
        part.write_text(
            json.dumps({"key": key, "errors": result.errors, "index": index.as_json()}, ensure_ascii=False),
            encoding="utf-8",
        )
        part.replace(cache)
    except OSError:
        pass
    return Loaded(index, result.errors)
