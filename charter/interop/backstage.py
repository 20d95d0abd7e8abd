"""Backstage software catalogs in and out: Groups are teams, Users are people.

A catalog file may hold many documents of any kind; Groups and Users are read
(``metadata.name``, ``spec.profile.displayName`` and ``email``, ``spec.parent``,
``spec.children``, ``spec.members``, ``spec.memberOf``), other kinds are skipped and counted, and
every reference that names no Group or User in the files given is reported. Charter links people
to roles, not to teams, so memberships are written as a comment in each person's file for the
manager to turn into role holdings.

The import goes in steps: the entities by their identity (:func:`_by_key`), the links between
them as both ends say them (:class:`_Links`), an id for each (:func:`_ids`), then a file each
(:func:`_team_lines`, :func:`_person_lines`), never over a file that is there.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from charter.author.templates import comment_text, quoted
from charter.core import writer
from charter.core.words import count
from charter.interop.names import slug
from charter.load.yamlfile import decode, parse_all
from charter.schema.jsonschema import comment_for


class CatalogError(Exception):
    """A catalog file cannot be read."""


MAX_CATALOG_BYTES = 20 << 20  # a catalog of 10,000 people is about 5 MiB
MAX_FILES = 10_000  # team and person files one import writes

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
        by_slug.setdefault(_usable(slug(key[1]), kind), []).append(key)
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
            problems.append(f"{count(len(same), kind)} {why}: imported {names}")
    return ids


def _usable(value: str, kind: str) -> str:
    """``value``, or with the kind added when it cannot be an id as it is (``con``, a device name
    on Windows, becomes ``con-user``; ``null``, an empty value in YAML, ``null-group``)."""
    from charter.schema.types import id_problem

    if id_problem(value) is None:
        return value
    return f"{value[:50].rstrip('-')}-{kind.lower()}"


def _get(node: Any, *keys: str) -> Any:
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    return node


def read_catalog(paths: list[Path]) -> tuple[list[dict[str, Any]], Counter[str], list[str]]:
    entities: list[dict[str, Any]] = []
    skipped: Counter[str] = Counter()
    problems: list[str] = []
    for path in paths:
        text, issues = decode(_read(path))
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


def _read(path: Path) -> bytes:
    """The catalog file's bytes, refused unread when larger than MAX_CATALOG_BYTES."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CATALOG_BYTES + 1)
    except OSError as exc:
        raise CatalogError(f"cannot read {path}: {exc.strerror}") from None
    if len(raw) > MAX_CATALOG_BYTES:
        raise CatalogError(
            f"{path} is larger than {MAX_CATALOG_BYTES >> 20} MiB, more than charter imports from one catalog file; "
            "split it (one file per department)"
        )
    return raw


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
    """A team file for each Group and a person file for each User, and every problem on the way;
    all the files written, or (a refusal, an error, an interrupt) none."""
    try:
        return _imported(paths, org_dir)
    except CatalogError as exc:
        from charter.interop.raci import InteropError

        raise InteropError(str(exc)) from None


def _imported(paths: list[Path], org_dir: Path) -> BackstageImported:
    entities, skipped, problems = read_catalog(paths)
    groups, users = _by_key(entities, problems)
    links = _Links(groups, users, problems)
    links.read()
    team_ids = _ids(list(groups), problems, "Group")
    person_ids = _ids(list(users), problems, "User")
    teams = _new_files(
        org_dir,
        {f"teams/{team_ids[k]}.yaml": _team_lines(k, g, team_ids, links) for k, g in sorted(groups.items())},
        problems,
    )
    people = _new_files(
        org_dir,
        {f"people/{person_ids[k]}.yaml": _person_lines(k, u, person_ids, team_ids, links) for k, u in users.items()},
        problems,
    )
    if len(teams) + len(people) > MAX_FILES:
        raise CatalogError(
            f"the catalog would write {len(teams) + len(people)} files, more than the {MAX_FILES} one import writes; "
            "import it in parts (one catalog file per department); nothing was written"
        )
    kept = writer.write(org_dir, teams | people)  # every file or none
    return BackstageImported(org_dir, len(teams), len(people), dict(skipped), problems, kept, len(groups), len(users))


Entities = dict[Key, dict[str, Any]]


def _by_key(entities: list[dict[str, Any]], problems: list[str]) -> tuple[Entities, Entities]:
    """The Groups and the Users by their identity; of two with one identity, the second is kept."""
    groups: Entities = {}
    users: Entities = {}
    for entity in entities:
        found = groups if entity["kind"] == "Group" else users
        key = _key(entity)
        if key in found:
            problems.append(
                f"{entity['kind']} {_shown(key)} is defined twice ({found[key]['_where']} and "
                f"{entity['_where']}); the second is kept"
            )
        found[key] = entity
    return groups, users


@dataclass
class _Links:
    """Which Group is whose parent, and which Groups each User is a member of, as the catalog says
    them from both ends (``parent`` and ``children``, ``members`` and ``memberOf``); every
    reference to nothing, and every two ends that disagree, is a problem."""

    groups: Entities
    users: Entities
    problems: list[str]
    parent: dict[Key, Key] = field(default_factory=dict)
    members: dict[Key, set[Key]] = field(default_factory=dict)  # user → groups

    def read(self) -> None:
        self.members = {u: set() for u in self.users}
        self.read_parents()
        declared = dict(self.parent)  # the children's own word, before the parents' lists add to it
        for key, group in self.groups.items():
            listed = self.read_children(key, group)
            self.check_parents(key, listed, declared)
            self.read_members(key, group)
        self.read_member_of()
        self.break_cycles()

    def break_cycles(self) -> None:
        """A Group that is its own parent, or its own ancestor, would make a team file that does
        not validate: the link that closes the loop is left out and reported."""
        for start in sorted(self.parent):
            seen: list[Key] = []
            key: Key | None = start
            while key is not None and key not in seen:
                seen.append(key)
                key = self.parent.get(key)
            if key is not None:  # back at a Group on the way: a loop
                loop = seen[seen.index(key) :]
                last = max(loop)
                del self.parent[last]
                path = " → ".join(_shown(k) for k in [*loop, key])
                self.problems.append(f"Groups form a loop of parents ({path}); left out {_shown(last)}'s parent")

    def read_parents(self) -> None:
        for key, group in self.groups.items():
            up = _ref(_get(group, "spec", "parent"), "group", key[0])
            if up is None:
                continue
            if up in self.groups:
                self.parent[key] = up
            else:
                self.problems.append(f"Group {_shown(key)}: parent '{_shown(up)}' is not in the catalog")

    def read_children(self, key: Key, group: dict[str, Any]) -> set[Key]:
        """The Groups a Group lists as its children; a child without a parent of its own gets it."""
        listed = set()
        for child in _get(group, "spec", "children") or []:
            ref = _ref(child, "group", key[0])
            if ref is None or ref not in self.groups:
                self.problems.append(f"Group {_shown(key)}: child '{child}' is not in the catalog")
                continue
            listed.add(ref)
            if ref not in self.parent:
                self.parent[ref] = key
            elif self.parent[ref] != key:
                self.problems.append(
                    f"Group {_shown(key)} lists {_shown(ref)} as a child, but {_shown(ref)} names "
                    f"{_shown(self.parent[ref])} as its parent; kept {_shown(self.parent[ref])}"
                )
        return listed

    def check_parents(self, key: Key, listed: set[Key], declared: dict[Key, Key]) -> None:
        """The Groups that name ``key`` as their parent but that its children do not list."""
        for child, up in sorted(declared.items()):
            if up == key and child not in listed:
                self.problems.append(
                    f"Group {_shown(child)} names {_shown(key)} as its parent, but {_shown(key)}'s children "
                    f"do not list it; kept the parent"
                )

    def read_members(self, key: Key, group: dict[str, Any]) -> None:
        for member in _get(group, "spec", "members") or []:
            ref = _ref(member, "user", key[0])
            if ref is not None and ref in self.users:
                self.members[ref].add(key)
            else:
                self.problems.append(f"Group {_shown(key)}: member '{member}' is not in the catalog")

    def read_member_of(self) -> None:
        for key, user in self.users.items():
            for group in _get(user, "spec", "memberOf") or []:
                ref = _ref(group, "group", key[0])
                if ref is not None and ref in self.groups:
                    self.members[key].add(ref)
                else:
                    self.problems.append(f"User {_shown(key)}: memberOf '{group}' is not in the catalog")


def _team_lines(key: Key, group: dict[str, Any], team_ids: dict[Key, str], links: _Links) -> list[str]:
    """A Group's team file: its name, its purpose (the description), its parent."""
    display = _get(group, "spec", "profile", "displayName") or _get(group, "metadata", "title") or key[1]
    description = _get(group, "metadata", "description")
    lines = [
        comment_for("team", f"teams/{team_ids[key]}.yaml"),
        f"# Imported from Backstage Group '{comment_text(_shown(key))}'.",
        f"id: {team_ids[key]}",
        f"name: {quoted(str(display))}",
        f"purpose: {quoted(str(description))}" if description else 'purpose: "TODO: why customers need this team"',
    ]
    if key in links.parent:
        lines.append(f"parent: {team_ids[links.parent[key]]}")
    return lines


def _person_lines(
    key: Key, user: dict[str, Any], person_ids: dict[Key, str], team_ids: dict[Key, str], links: _Links
) -> list[str]:
    """A User's person file: name and email, and the teams they are a member of, as a comment
    (charter links people to roles, which the manager chooses)."""
    person_id = person_ids[key]
    display = _get(user, "spec", "profile", "displayName") or key[1]
    lines = [
        comment_for("person", f"people/{person_id}.yaml"),
        f"# Imported from Backstage User '{comment_text(_shown(key))}'.",
    ]
    if links.members[key]:
        teams = ", ".join(team_ids[g] for g in sorted(links.members[key]))
        lines.append(f"# Member of: {teams} — list this person under `holders` of their roles there.")
    lines += [f"id: {person_id}", f"name: {quoted(str(display))}"]
    email = _get(user, "spec", "profile", "email")
    if isinstance(email, str) and email.strip():
        lines.append(f"email: {quoted(email.strip())}")
    return lines


def _new_files(org_dir: Path, files: dict[str, list[str]], problems: list[str]) -> dict[str, str]:
    """The files to write, in order, leaving out those already there (the report says so)."""
    kept = {}
    for rel, lines in sorted(files.items()):
        if os.path.lexists(org_dir / rel):
            problems.append(f"{rel} already exists; not replaced")
        else:
            kept[rel] = "\n".join(lines) + "\n"
    return kept
