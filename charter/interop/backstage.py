"""Backstage software catalogs in and out: Groups are teams, Users are people.

A catalog file may hold many documents of any kind; Groups and Users are read
(``metadata.name``, ``spec.profile.displayName`` and ``email``, ``spec.parent``,
``spec.children``, ``spec.members``, ``spec.memberOf``), other kinds are skipped and counted, and
every reference that names no Group or User in the files given is reported. Charter links people
to roles, not to teams, so memberships are written as a comment in each person's file for the
manager to turn into role holdings.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from charter.interop.raci_import import slug
from charter.load.yamlfile import decode, parse_all
from charter.schema.jsonschema import comment_for


class CatalogError(Exception):
    """A catalog file cannot be read."""


def _ref(value: Any, kind: str) -> str | None:
    """'group:default/sales', 'group:sales' or 'sales' → 'sales'."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if ":" in text:
        prefix, text = text.split(":", 1)
        if prefix.lower() != kind:
            return None
    return text.rsplit("/", 1)[-1]


def _get(node: Any, *keys: str) -> Any:
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    return node


def read_catalog(paths: list[Path]) -> tuple[list[dict[str, Any]], Counter[str], list[str]]:
    entities: list[dict[str, Any]] = []
    skipped: Counter[str] = Counter()
    problems: list[str] = []
    for path in paths:
        try:
            text, issues = decode(path.read_bytes())
        except OSError as exc:
            raise CatalogError(f"cannot read {path}: {exc.strerror}") from None
        if text is None:
            raise CatalogError(f"{path}:{issues[0].line}:{issues[0].column}: {issues[0].message}")
        documents, issues = parse_all(text)
        if issues:
            first = issues[0]
            raise CatalogError(f"{path}:{first.line}:{first.column}: {first.message}")
        for index, doc in enumerate(documents, start=1):
            if doc is None:
                continue
            kind = str(_get(doc, "kind") or "").strip()
            if kind in ("Group", "User") and isinstance(_get(doc, "metadata", "name"), str):
                entities.append({**doc, "_where": f"{path.name} document {index}"})
            elif kind in ("Group", "User"):
                problems.append(f"{path.name} document {index}: a {kind} without metadata.name, skipped")
            else:
                skipped[kind or "(no kind)"] += 1
    return entities, skipped, problems


@dataclass(frozen=True)
class BackstageImported:
    """What ``charter import backstage`` did."""

    org_dir: Path
    groups: int
    users: int
    skipped: dict[str, int]  # entities of other kinds, by kind
    problems: list[str]  # not imported, or references not resolved
    written: list[Path]


def import_backstage(paths: list[Path], org_dir: Path) -> BackstageImported:
    try:
        entities, skipped, problems = read_catalog(paths)
    except CatalogError as exc:
        from charter.interop.run import InteropError

        raise InteropError(str(exc)) from None
    groups = {e["metadata"]["name"]: e for e in entities if e["kind"] == "Group"}
    users = {e["metadata"]["name"]: e for e in entities if e["kind"] == "User"}
    parent: dict[str, str] = {}
    members: dict[str, set[str]] = {u: set() for u in users}
    for name, group in groups.items():
        up = _ref(_get(group, "spec", "parent"), "group")
        if up is not None:
            if up in groups:
                parent[name] = up
            else:
                problems.append(f"Group {name}: parent '{up}' is not in the catalog")
        for child in _get(group, "spec", "children") or []:
            ref = _ref(child, "group")
            if ref is not None and ref in groups:
                parent.setdefault(ref, name)
            else:
                problems.append(f"Group {name}: child '{child}' is not in the catalog")
        for member in _get(group, "spec", "members") or []:
            ref = _ref(member, "user")
            if ref is not None and ref in users:
                members[ref].add(name)
            else:
                problems.append(f"Group {name}: member '{member}' is not in the catalog")
    for name, user in users.items():
        for group in _get(user, "spec", "memberOf") or []:
            ref = _ref(group, "group")
            if ref is not None and ref in groups:
                members[name].add(ref)
            else:
                problems.append(f"User {name}: memberOf '{group}' is not in the catalog")
    written = []
    team_ids = {name: slug(name) for name in groups}
    for name, group in sorted(groups.items()):
        display = _get(group, "spec", "profile", "displayName") or _get(group, "metadata", "title") or name
        lines = [comment_for("team", f"teams/{team_ids[name]}.yaml"), f"# Imported from Backstage Group '{name}'.",
                 f"id: {team_ids[name]}", f"name: {json.dumps(str(display), ensure_ascii=False)}"]  # fmt: skip
        description = _get(group, "metadata", "description")
        lines.append(
            f"purpose: {json.dumps(str(description), ensure_ascii=False)}"
            if description
            else 'purpose: "TODO: why customers need this team"'
        )
        if name in parent:
            lines.append(f"parent: {team_ids[parent[name]]}")
        written.append(_write(org_dir / "teams" / f"{team_ids[name]}.yaml", lines, problems))
    for name, user in sorted(users.items()):
        person_id = slug(name)
        display = _get(user, "spec", "profile", "displayName") or name
        lines = [comment_for("person", f"people/{person_id}.yaml"), f"# Imported from Backstage User '{name}'."]
        if members[name]:
            teams = ", ".join(team_ids[g] for g in sorted(members[name]))
            lines.append(f"# Member of: {teams} — list this person under `holders` of their roles there.")
        lines += [f"id: {person_id}", f"name: {json.dumps(str(display), ensure_ascii=False)}"]
        email = _get(user, "spec", "profile", "email")
        if isinstance(email, str) and email.strip():
            lines.append(f"email: {json.dumps(email.strip(), ensure_ascii=False)}")
        written.append(_write(org_dir / "people" / f"{person_id}.yaml", lines, problems))
    kept = [p for p in written if p is not None]
    return BackstageImported(org_dir, len(groups), len(users), dict(skipped), problems, kept)


def _write(path: Path, lines: list[str], problems: list[str]) -> Path | None:
    if path.exists():
        problems.append(f"{path.parent.name}/{path.name} already exists; not replaced")
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
