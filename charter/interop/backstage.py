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


Key = tuple[str, str]  # (namespace, name): Backstage's identity of an entity


def _ref(value: Any, kind: str, namespace: str) -> Key | None:
    """'group:default/sales', 'group:sales' or 'sales' → ('default', 'sales'); a reference
    without a namespace is in the namespace of the entity that makes it, as in Backstage."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if ":" in text:
        prefix, text = text.split(":", 1)
        if prefix.lower() != kind:
            return None
    space, _, name = text.rpartition("/")
    return (space or namespace, name)


def _key(entity: dict[str, Any]) -> Key:
    space = _get(entity, "metadata", "namespace")
    return (space if isinstance(space, str) and space.strip() else "default", entity["metadata"]["name"])


def _shown(key: Key) -> str:
    return key[1] if key[0] == "default" else f"{key[0]}/{key[1]}"


def _ids(keys: list[Key], problems: list[str], kind: str) -> dict[Key, str]:
    """An id for each entity: its name's slug; where two would share one, the namespace (or a
    number) is added and the report says so."""
    ids: dict[Key, str] = {}
    by_slug: dict[str, list[Key]] = {}
    for key in sorted(keys, key=lambda k: (k[0] != "default", k)):
        by_slug.setdefault(slug(key[1]), []).append(key)
    taken = set(by_slug)
    for base, same in sorted(by_slug.items()):
        ids[same[0]] = base
        for key in same[1:]:
            wanted = slug(f"{base}-{key[0]}") if key[0] != same[0][0] else f"{base}-2"
            candidate, n = wanted, 2
            while candidate in taken:
                candidate, n = f"{wanted}-{n}", n + 1
            taken.add(candidate)
            ids[key] = candidate
        if len(same) > 1:
            names = ", ".join(f"'{_shown(k)}' as {ids[k]}" for k in same)
            why = (
                f"share the name '{same[0][1]}' across namespaces"
                if len({k[0] for k in same}) > 1
                else "have names that make one id"
            )
            problems.append(f"{len(same)} {kind}s {why}: imported {names}")
    return ids


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
            name = _get(doc, "metadata", "name")
            if kind in ("Group", "User") and isinstance(name, str) and name.strip():
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
    found_groups: int = 0  # in the catalog, written or not
    found_users: int = 0


def import_backstage(paths: list[Path], org_dir: Path) -> BackstageImported:
    try:
        entities, skipped, problems = read_catalog(paths)
    except CatalogError as exc:
        from charter.interop.raci import InteropError

        raise InteropError(str(exc)) from None
    groups: dict[Key, dict[str, Any]] = {}
    users: dict[Key, dict[str, Any]] = {}
    for entity in entities:
        found = groups if entity["kind"] == "Group" else users
        key = _key(entity)
        if key in found:
            problems.append(
                f"{entity['kind']} {_shown(key)} is defined twice ({found[key]['_where']} and "
                f"{entity['_where']}); the second is kept"
            )
        found[key] = entity
    parent: dict[Key, Key] = {}
    members: dict[Key, set[Key]] = {u: set() for u in users}
    for key, group in groups.items():
        up = _ref(_get(group, "spec", "parent"), "group", key[0])
        if up is not None:
            if up in groups:
                parent[key] = up
            else:
                problems.append(f"Group {_shown(key)}: parent '{_shown(up)}' is not in the catalog")
    declared = dict(parent)  # the children's own word, before the parents' lists add to it
    for key, group in groups.items():
        listed = set()
        for child in _get(group, "spec", "children") or []:
            ref = _ref(child, "group", key[0])
            if ref is None or ref not in groups:
                problems.append(f"Group {_shown(key)}: child '{child}' is not in the catalog")
                continue
            listed.add(ref)
            if ref not in parent:
                parent[ref] = key
            elif parent[ref] != key:
                problems.append(
                    f"Group {_shown(key)} lists {_shown(ref)} as a child, but {_shown(ref)} names "
                    f"{_shown(parent[ref])} as its parent; kept {_shown(parent[ref])}"
                )
        for child, up in sorted(declared.items()):
            if up == key and child not in listed:
                problems.append(
                    f"Group {_shown(child)} names {_shown(key)} as its parent, but {_shown(key)}'s children "
                    f"do not list it; kept the parent"
                )
        for member in _get(group, "spec", "members") or []:
            ref = _ref(member, "user", key[0])
            if ref is not None and ref in users:
                members[ref].add(key)
            else:
                problems.append(f"Group {_shown(key)}: member '{member}' is not in the catalog")
    for key, user in users.items():
        for group in _get(user, "spec", "memberOf") or []:
            ref = _ref(group, "group", key[0])
            if ref is not None and ref in groups:
                members[key].add(ref)
            else:
                problems.append(f"User {_shown(key)}: memberOf '{group}' is not in the catalog")
    written: list[Path | None] = []
    team_ids = _ids(list(groups), problems, "Group")
    person_ids = _ids(list(users), problems, "User")
    teams_written = people_written = 0
    for key, group in sorted(groups.items()):
        name = _shown(key)
        display = _get(group, "spec", "profile", "displayName") or _get(group, "metadata", "title") or key[1]
        lines = [comment_for("team", f"teams/{team_ids[key]}.yaml"), f"# Imported from Backstage Group '{name}'.",
                 f"id: {team_ids[key]}", f"name: {json.dumps(str(display), ensure_ascii=False)}"]  # fmt: skip
        description = _get(group, "metadata", "description")
        lines.append(
            f"purpose: {json.dumps(str(description), ensure_ascii=False)}"
            if description
            else 'purpose: "TODO: why customers need this team"'
        )
        if key in parent:
            lines.append(f"parent: {team_ids[parent[key]]}")
        path = _write(org_dir / "teams" / f"{team_ids[key]}.yaml", lines, problems)
        teams_written += path is not None
        written.append(path)
    for key, user in sorted(users.items()):
        person_id = person_ids[key]
        display = _get(user, "spec", "profile", "displayName") or key[1]
        lines = [comment_for("person", f"people/{person_id}.yaml"), f"# Imported from Backstage User '{_shown(key)}'."]
        if members[key]:
            teams = ", ".join(team_ids[g] for g in sorted(members[key]))
            lines.append(f"# Member of: {teams} — list this person under `holders` of their roles there.")
        lines += [f"id: {person_id}", f"name: {json.dumps(str(display), ensure_ascii=False)}"]
        email = _get(user, "spec", "profile", "email")
        if isinstance(email, str) and email.strip():
            lines.append(f"email: {json.dumps(email.strip(), ensure_ascii=False)}")
        path = _write(org_dir / "people" / f"{person_id}.yaml", lines, problems)
        people_written += path is not None
        written.append(path)
    kept = [p for p in written if p is not None]
    return BackstageImported(
        org_dir, teams_written, people_written, dict(skipped), problems, kept, len(groups), len(users)
    )


def _write(path: Path, lines: list[str], problems: list[str]) -> Path | None:
    if path.exists():
        problems.append(f"{path.parent.name}/{path.name} already exists; not replaced")
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
