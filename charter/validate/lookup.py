"""Quick look-ups in an organisation folder without validating all of it: the ids a kind of file
already uses, and the responsibility scheme. For the commands that add files (new, init, import)
and those that only need the scheme (schema)."""

from __future__ import annotations

from pathlib import Path

from charter.load.discover import read_file
from charter.schema.kinds import KINDS
from charter.schema.models import OrganisationSettings
from charter.schema.schemes import Scheme

FOLDER = {key: kind.folder for key, kind in KINDS.items() if kind.folder}  # kind → its folder


def ids_of(org_dir: Path, kind: str) -> list[str]:
    """The ids of every readable file of ``kind`` (team, role, person, outcome, external)."""
    folder = org_dir / FOLDER[kind]
    found = []
    for path in sorted(folder.rglob("*.yaml")) if folder.is_dir() else []:
        data, _issues = read_file(str(org_dir), path.relative_to(org_dir).as_posix())
        if data is not None and isinstance(data.get("id"), str):
            found.append(data["id"])
    return found


def scheme_of(org_dir: Path) -> Scheme | None:
    """The scheme ``organisation.yaml`` sets, or None when the file cannot be read or validated."""
    data, issues = read_file(str(org_dir), "organisation.yaml")
    if data is None or issues:
        return None
    try:
        return OrganisationSettings.model_validate(data).scheme
    except ValueError:
        return None
