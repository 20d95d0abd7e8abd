"""Compare two organisations: every change to who does, answers for, or hears about what.

Changes are computed on the resolved models, not on YAML text, so moving a key, reordering a
list or reformatting a file is no change at all, while a role renamed across twenty files is one
rename. A rename is recognised when an entity disappears and another of the same kind appears
with mostly the same content; the old id is then mapped to the new one everywhere, so the
rename does not also show up as every letter lost and gained.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from rapidfuzz.distance import Indel

from charter.core.words import count
from charter.model.graph import Org
from charter.schema.kinds import KINDS
from charter.schema.models import OutcomeBase, Role, StepBase, outcome_steps, step_letters

RENAME_SIMILARITY = 0.6


@dataclass(frozen=True)
class Change:
    """One change, about one subject (an outcome, a role, a team, a person…)."""

    scope: str  # outcome | role | team | person | external | organisation
    subject: str  # the id it has after the change (before, if it was removed)
    name: str  # its title or name, for headings
    kind: str  # stable, for JSON: added, removed, renamed, accountable-moved, letter-gained…
    text: str  # the sentence a manager reads (plain text; the reporter escapes it)
    data: dict[str, Any] = field(default_factory=dict)


def _plain(model: BaseModel, drop: Iterable[str] = ("id",)) -> str:
    data = model.model_dump(mode="json", exclude=set(drop))
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def similarity(a: str, b: str) -> float:
    """How much of two texts is the same, from 0 to 1: twice their longest common subsequence
    over their total length (RapidFuzz's Indel similarity, in C++; difflib's ``ratio`` is the
    same measure by a greedy Python approximation, and took 37 ms a pair of role texts)."""
    return float(Indel.normalized_similarity(a, b))


RENAME_CANDIDATES = 5  # the most similar-looking additions compared in full with each removal
CLEARLY_RENAMED = 0.9
COMMON_TOKEN_SHARE = 0.2  # a word in more than this share of the entities says nothing about which


def renames(before: Mapping[str, BaseModel], after: Mapping[str, BaseModel]) -> dict[str, str]:
    """Old id → new id for entities that look renamed rather than replaced.

    Exact matches first: an entity whose content (all but its id) is unchanged pairs at once.
    Then, for what is left, a bounded search: each removed entity is compared in full
    (``similarity``, quadratic in the text) only with the few additions that share the most
    of its distinctive words, so a reorganisation renaming hundreds of roles takes seconds, not
    the hours that comparing every removal with every addition would."""
    gone = sorted(i for i in before if i not in after)
    new = sorted(i for i in after if i not in before)
    text = {("old", i): _plain(before[i]) for i in gone} | {("new", i): _plain(after[i]) for i in new}
    mapping = _unchanged(gone, new, text)
    taken = set(mapping.values())
    gone = [i for i in gone if i not in mapping]
    new = [i for i in new if i not in taken]
    if not gone or not new:
        return mapping
    for _ratio, old, fresh in sorted(_similar_pairs(gone, new, text), key=lambda p: (-p[0], p[1], p[2])):
        if old not in mapping and fresh not in taken:
            mapping[old] = fresh
            taken.add(fresh)
    return mapping


_Texts = dict[tuple[str, str], str]  # ("old" or "new", id) → the entity's content, as _plain gives it


def _unchanged(gone: list[str], new: list[str], text: _Texts) -> dict[str, str]:
    """Removed id → added id, for the entities whose content is the same."""
    by_content: dict[str, list[str]] = {}
    for fresh in new:
        by_content.setdefault(text[("new", fresh)], []).append(fresh)
    mapping: dict[str, str] = {}
    for old in gone:
        same = by_content.get(text[("old", old)])
        if same:
            mapping[old] = same.pop(0)
    return mapping


def _similar_pairs(gone: list[str], new: list[str], text: _Texts) -> list[tuple[float, str, str]]:
    """(similarity, removed id, added id) for each removal and the candidates similar enough."""
    words = {key: set(re.findall(r"\w+", value.lower())) for key, value in text.items()}
    holders = _distinctive_holders(gone, new, words)
    pairs = []
    for old in gone:
        for fresh in _candidates(words[("old", old)], holders, new):
            ratio = similarity(text[("old", old)], text[("new", fresh)])
            if ratio >= RENAME_SIMILARITY:
                pairs.append((ratio, old, fresh))
            if ratio >= CLEARLY_RENAMED:
                break  # the likeliest candidate is plainly the same entity: the others cannot beat it by much
    return pairs


def _distinctive_holders(
    gone: list[str], new: list[str], words: dict[tuple[str, str], set[str]]
) -> dict[str, list[str]]:
    """Each distinctive word → the additions that hold it."""
    share: dict[str, int] = {}
    for key in [*(("old", i) for i in gone), *(("new", i) for i in new)]:
        for word in words[key]:
            share[word] = share.get(word, 0) + 1
    limit = max(2, int(COMMON_TOKEN_SHARE * (len(gone) + len(new))))
    holders: dict[str, list[str]] = {}
    for fresh in new:
        for word in words[("new", fresh)]:
            if share[word] <= limit:
                holders.setdefault(word, []).append(fresh)
    return holders


def _candidates(old_words: set[str], holders: dict[str, list[str]], new: list[str]) -> list[str]:
    """The additions that share the most distinctive words with a removal (the first few if none do)."""
    shared: dict[str, int] = {}
    for word in old_words:
        for fresh in holders.get(word, ()):  # a common word has no holders: it says nothing about which
            shared[fresh] = shared.get(fresh, 0) + 1
    return sorted(shared, key=lambda f: (-shared[f], f))[:RENAME_CANDIDATES] or new[:RENAME_CANDIDATES]


class Differ:
    def __init__(self, base: Org, head: Org) -> None:
        self.base = base
        self.head = head
        self.changes: list[Change] = []
        self.role_map = renames(dict(base.roles), dict(head.roles))
        self.actor_map = {**self.role_map, **renames(dict(base.externals), dict(head.externals))}
        self.person_map = renames(dict(base.people), dict(head.people))
        self.team_map = renames(dict(base.teams), dict(head.teams))
        self.outcome_map = renames(dict(base.outcomes), dict(head.outcomes))
        self._step_maps: dict[str, dict[str, str]] = {}

    # --- names -------------------------------------------------------------------------------

    def actor(self, actor_id: str, *, before: bool = False) -> str:
        org = self.base if before else self.head
        if actor_id in org.roles:
            return org.roles[actor_id].title
        if actor_id in org.externals:
            return org.externals[actor_id].name
        other = self.head if before else self.base
        if actor_id in other.roles:
            return other.roles[actor_id].title
        return actor_id

    def actors(self, ids: Iterable[str], *, before: bool = False) -> str:
        names = [self.actor(i, before=before) for i in sorted(ids)]
        return ", ".join(names) if names else "nobody"

    def person(self, person_id: str) -> str:
        for org in (self.head, self.base):
            if person_id in org.people:
                return org.people[person_id].name
        return person_id

    def add(self, scope: str, subject: str, name: str, kind: str, text: str, **data: Any) -> None:
        self.changes.append(Change(scope, subject, name, kind, text, data))

    # --- entities ------------------------------------------------------------------------------

    def entities(self) -> None:
        kinds: tuple[tuple[str, dict[str, Any], dict[str, Any], dict[str, str], str], ...] = (
            ("team", self.base.teams, self.head.teams, self.team_map, "name"),
            ("role", self.base.roles, self.head.roles, self.role_map, "title"),
            ("person", self.base.people, self.head.people, self.person_map, "name"),
            ("external", self.base.externals, self.head.externals, {}, "name"),
            ("outcome", self.base.outcomes, self.head.outcomes, self.outcome_map, "name"),
        )
        for scope, before, after, mapping, label in kinds:
            for old, new in sorted(mapping.items()):
                name = getattr(after[new], label)
                self.add(
                    scope, new, name, "renamed", f"The {KINDS[scope].noun} id '{old}' is renamed '{new}'.", old=old
                )
            for eid, entity in before.items():
                if eid not in after and eid not in mapping:
                    self.add(
                        scope, eid, getattr(entity, label), "removed", self._removed_text(scope, eid, KINDS[scope].noun)
                    )
            for eid, entity in after.items():
                if eid not in before and eid not in mapping.values():
                    self.add(scope, eid, getattr(entity, label), "added", self._added_text(scope, entity))

    def _added_text(self, scope: str, entity: BaseModel) -> str:
        if isinstance(entity, Role):
            team = self.head.teams.get(entity.team)
            holders = ", ".join(self.person(p) for p in entity.holders) or "nobody yet (vacant)"
            owns = f" It owns: {'; '.join(entity.owns)}." if entity.owns else ""
            return f"New role in {team.name if team else entity.team}, held by {holders}.{owns}"
        if isinstance(entity, OutcomeBase):
            return f"New promise: {entity.promise or entity.name}"
        if scope == "person":
            held = [r.title for r in self.head.facts.roles_held(getattr(entity, "id", ""))]
            return f"Joins, holding {', '.join(held)}." if held else "Joins, holding no role yet."
        return "Added."

    def _removed_text(self, scope: str, eid: str, word: str) -> str:
        if scope == "person":
            held = [r.title for r in self.base.facts.roles_held(eid)]
            return f"Leaves; held {', '.join(held)}." if held else "Leaves; held no role."
        if scope == "role":
            load = self._load(self.base, eid)
            return f"Removed role.{' It ' + load + '.' if load else ''}"
        return f"Removed {word}."

    def _load(self, org: Org, role_id: str) -> str:
        """What a role holds, in words: "Responsible for 2 steps and Accountable for 1 step"."""
        counts: dict[str, int] = {}
        for ref in org.steps():
            for letter in org.scheme.letters:
                if role_id in step_letters(ref.step, letter.key):
                    counts[letter.label] = counts.get(letter.label, 0) + 1
        parts = [f"{label} in {count(n, 'step')}" for label, n in counts.items()]
        return ("holds " + " and ".join(parts)) if parts else ""

    # --- outcomes and steps --------------------------------------------------------------------

    def outcomes(self) -> None:
        for old_id, before in self.base.outcomes.items():
            new_id = self.outcome_map.get(old_id, old_id)
            after = self.head.outcomes.get(new_id)
            if after is None or after == before:  # the same file content: nothing in it changed
                continue
            name = after.name
            if before.name != after.name:
                self.add(
                    "outcome",
                    new_id,
                    name,
                    "renamed-title",
                    f"Now called \u201c{after.name}\u201d (was \u201c{before.name}\u201d).",
                )
            if before.promise != after.promise:
                self.add(
                    "outcome", new_id, name, "promise-changed",
                    f"The promise changes from \u201c{before.promise or 'none'}\u201d "
                    f"to \u201c{after.promise or 'none'}\u201d.",
                )  # fmt: skip
            if _measure(before) != _measure(after):
                self.add(
                    "outcome", new_id, name, "measure-changed",
                    f"The measure changes from {_measure(before)} to {_measure(after)}.",
                )  # fmt: skip
            old_acc = self.role_map.get(before.accountable or "", before.accountable)
            if old_acc != after.accountable:
                was = self.actor(before.accountable, before=True) if before.accountable else "nobody"
                now = self.actor(after.accountable) if after.accountable else "nobody"
                self.add(
                    "outcome", new_id, name, "outcome-accountable-moved",
                    f"Accountable end to end moves from {was} to {now}.",
                    before=before.accountable, after=after.accountable,
                )  # fmt: skip
            self.steps(before, after, new_id, name)

    def step_map(self, before: OutcomeBase, after: OutcomeBase) -> dict[str, str]:
        """Old step id → new, for the steps of one outcome whose id changed and whose name did not
        (steps are short and alike: similar content alone would pair a step removed with another
        added); computed once per outcome."""
        found = self._step_maps.get(after.id)
        if found is None:
            old = {s.id: s for s in outcome_steps(before)}
            new = {s.id: s for s in outcome_steps(after)}
            named = {step.name: sid for sid, step in new.items() if sid not in old}
            found = {}
            for sid, step in old.items():
                if sid not in new and named.get(step.name) is not None:
                    found[sid] = named.pop(step.name)
            self._step_maps[after.id] = found
        return found

    def steps(self, before: OutcomeBase, after: OutcomeBase, outcome_id: str, name: str) -> None:
        moved = self.step_map(before, after)
        old_steps = {moved.get(s.id, s.id): s for s in outcome_steps(before)}
        new_steps = {s.id: s for s in outcome_steps(after)}
        for old_id, new_id in sorted(moved.items()):
            self.add(
                "outcome", outcome_id, name, "step-id-renamed",
                f"The step id '{old_id}' is renamed '{new_id}'.", step=new_id, old=old_id,
            )  # fmt: skip
        for sid, step in old_steps.items():
            if sid not in new_steps:
                self.add(
                    "outcome", outcome_id, name, "step-removed", f"Step \u201c{step.name}\u201d is removed.", step=sid
                )
        for sid, step in new_steps.items():
            if sid not in old_steps:
                self.add(
                    "outcome", outcome_id, name, "step-added",
                    f"New step \u201c{step.name}\u201d: {self._letters_text(step)}.", step=sid,
                )  # fmt: skip
                continue
            old = old_steps[sid]
            if old.name != step.name:
                self.add(
                    "outcome",
                    outcome_id,
                    name,
                    "step-renamed",
                    f"Step \u201c{old.name}\u201d is now called \u201c{step.name}\u201d.",
                    step=sid,
                )
            if old.touchpoint != step.touchpoint:
                now = "now a customer touchpoint" if step.touchpoint else "no longer a customer touchpoint"
                self.add(
                    "outcome", outcome_id, name, "touchpoint-changed", f"\u201c{step.name}\u201d is {now}.", step=sid
                )
            self._compare_letters(old, step, outcome_id, name)

    def _letters_text(self, step: StepBase) -> str:
        parts = []
        for letter in self.head.scheme.letters:
            holders = step_letters(step, letter.key)
            if holders:
                parts.append(f"{letter.label} {self.actors(holders)}")
        return "; ".join(parts) or "nobody assigned"

    def _compare_letters(self, old: StepBase, new: StepBase, outcome_id: str, name: str) -> None:
        base_keys = set(self.base.scheme.keys)
        for letter in self.head.scheme.letters:
            before = {
                self.actor_map.get(a, a) for a in (step_letters(old, letter.key) if letter.key in base_keys else ())
            }
            after = set(step_letters(new, letter.key))
            if before == after:
                continue
            if letter.accountable and len(before) <= 1 and len(after) <= 1:
                self.add(
                    "outcome", outcome_id, name, "accountable-moved",
                    f"\u201c{new.name}\u201d: {letter.label} moves from {self.actors(before)} to {self.actors(after)}.",
                    step=new.id, letter=letter.letter, before=sorted(before), after=sorted(after),
                )  # fmt: skip
            else:
                added, removed = sorted(after - before), sorted(before - after)
                words = []
                if added:
                    words.append(f"adds {self.actors(added)}")
                if removed:
                    words.append(f"removes {self.actors(removed)}")
                self.add(
                    "outcome", outcome_id, name, "letters-changed",
                    f"\u201c{new.name}\u201d: {letter.label} {' and '.join(words)}.",
                    step=new.id, letter=letter.letter, added=added, removed=removed,
                )  # fmt: skip
            for actor in sorted(after - before):
                self._role_letter(
                    actor, "letter-gained", "Gains", letter.letter, letter.label, step=new, outcome_id=outcome_id
                )
            for actor in sorted(before - after):
                self._role_letter(
                    actor, "letter-lost", "Loses", letter.letter, letter.label, step=new, outcome_id=outcome_id
                )

    def _role_letter(
        self, actor: str, kind: str, verb: str, code: str, label: str, *, step: StepBase, outcome_id: str
    ) -> None:
        if actor not in self.head.roles and actor not in self.base.roles:
            return
        outcome = self.head.outcomes[outcome_id].name
        self.add(
            "role", actor, self.actor(actor), kind,
            f"{verb} {label} ({code}) on \u201c{step.name}\u201d in \u201c{outcome}\u201d.",
            outcome=outcome_id, step=step.id, letter=code,
        )  # fmt: skip

    # --- roles, teams, people ------------------------------------------------------------------

    def roles(self) -> None:
        for old_id, before in self.base.roles.items():
            new_id = self.role_map.get(old_id, old_id)
            after = self.head.roles.get(new_id)
            if after is None:
                continue
            title = after.title
            if before.title != after.title:
                self.add("role", new_id, title, "title-changed", f"Now called {after.title} (was {before.title}).")
            old_team = self.team_map.get(before.team, before.team)
            if old_team != after.team:
                team = self.head.teams.get(after.team)
                self.add("role", new_id, title, "team-changed", f"Moves to {team.name if team else after.team}.")
            if before.purpose != after.purpose:
                self.add(
                    "role",
                    new_id,
                    title,
                    "purpose-changed",
                    f"Why customers fund it now reads: \u201c{after.purpose or ''}\u201d.",
                )
            for word, field_name in (("owns", "owns"), ("answers for", "accountabilities")):
                old_items, new_items = list(getattr(before, field_name)), list(getattr(after, field_name))
                for item in new_items:
                    if item not in old_items:
                        self.add("role", new_id, title, f"{field_name}-added", f"Now {word}: \u201c{item}\u201d.")
                for item in old_items:
                    if item not in new_items:
                        self.add(
                            "role", new_id, title, f"{field_name}-removed", f"No longer {word}: \u201c{item}\u201d."
                        )
            self._collaborators(before, after, new_id, title)
            self._holders(before, after, new_id, title)
            old_esc = self.role_map.get(before.escalates_to or "", before.escalates_to)
            if old_esc != after.escalates_to:
                to = self.actor(after.escalates_to) if after.escalates_to else "nobody"
                self.add("role", new_id, title, "escalation-changed", f"Now escalates to {to}.")
            if before.review_by != after.review_by and after.review_by is not None:
                self.add("role", new_id, title, "review-changed", f"To be reviewed by {after.review_by.isoformat()}.")

    def _collaborators(self, before: Role, after: Role, role_id: str, title: str) -> None:
        old = {(self.actor_map.get(c.role, c.role), c.on): c for c in before.collaborators}
        new = {(c.role, c.on): c for c in after.collaborators}
        for key, c in new.items():
            if key not in old:
                when = f" when {c.when[0].lower()}{c.when[1:]}" if c.when else ""
                self.add(
                    "role", role_id, title, "collaborator-added",
                    f"Now works with {self.actor(c.role)} on \u201c{c.on}\u201d{when}.", actor=c.role,
                )  # fmt: skip
        for key, c in old.items():
            if key not in new:
                self.add(
                    "role", role_id, title, "collaborator-removed",
                    f"No longer works with {self.actor(key[0])} on \u201c{c.on}\u201d.", actor=key[0],
                )  # fmt: skip

    def _holders(self, before: Role, after: Role, role_id: str, title: str) -> None:
        old = [self.person_map.get(p, p) for p in before.holders]
        new = list(after.holders)
        joined = [p for p in new if p not in old]
        left = [p for p in old if p not in new]
        if joined:
            self.add(
                "role",
                role_id,
                title,
                "holders-joined",
                f"Now also held by {', '.join(self.person(p) for p in joined)}.",
                people=joined,
            )
        if left:
            # Said here too, not only under the person: a reviewer reading the role must not have
            # to look further down to learn that someone was left with no role at all.
            idle = [self.person(p) for p in left if p in self.head.people and not self.head.facts.roles_held(p)]
            now_idle = f" {' and '.join(idle)} now {'holds' if len(idle) == 1 else 'hold'} no role." if idle else ""
            self.add(
                "role",
                role_id,
                title,
                "holders-left",
                f"No longer held by {', '.join(self.person(p) for p in left)}.{now_idle}",
                people=left,
            )
        if old and not new:
            load = self._load(self.head, role_id)
            left_uncovered = f" It {load}, which now need someone to cover them." if load else ""
            self.add("role", role_id, title, "becomes-vacant", f"Becomes vacant: nobody holds it.{left_uncovered}")
        elif new and not old:
            self.add("role", role_id, title, "filled", "Is no longer vacant.")

    def teams(self) -> None:
        for old_id, before in self.base.teams.items():
            new_id = self.team_map.get(old_id, old_id)
            after = self.head.teams.get(new_id)
            if after is None:
                continue
            if before.name != after.name:
                self.add("team", new_id, after.name, "name-changed", f"Now called {after.name} (was {before.name}).")
            if before.purpose != after.purpose:
                self.add(
                    "team",
                    new_id,
                    after.name,
                    "purpose-changed",
                    f"Its purpose now reads: \u201c{after.purpose or ''}\u201d.",
                )
            if self.role_map.get(before.lead or "", before.lead) != after.lead:
                lead = self.actor(after.lead) if after.lead else "nobody"
                self.add("team", new_id, after.name, "lead-changed", f"Now led by {lead}.")

    def people(self) -> None:
        for old_id, before in self.base.people.items():
            after = self.head.people.get(self.person_map.get(old_id, old_id))
            if after is not None and before.name != after.name:
                self.add(
                    "person", after.id, after.name, "name-changed", f"Now called {after.name} (was {before.name})."
                )

    def organisation(self) -> None:
        b, h = self.base.settings, self.head.settings
        if b.common_goal != h.common_goal:
            self.add(
                "organisation", "", h.name, "goal-changed", f"The common goal now reads: \u201c{h.common_goal}\u201d."
            )
        for p in h.principles:
            if p not in b.principles:
                self.add("organisation", "", h.name, "principle-added", f"New principle: \u201c{p}\u201d.")
        for p in b.principles:
            if p not in h.principles:
                self.add("organisation", "", h.name, "principle-removed", f"Principle dropped: \u201c{p}\u201d.")
        if b.scheme != h.scheme:
            self.add(
                "organisation",
                "",
                h.name,
                "scheme-changed",
                f"The responsibility scheme changes from {b.scheme.name} to {h.scheme.name}.",
            )

    def run(self) -> list[Change]:
        self.organisation()
        self.entities()
        self.outcomes()
        self.roles()
        self.teams()
        self.people()
        return self.changes


def _measure(outcome: OutcomeBase) -> str:
    if outcome.measure is None:
        return "none"
    target = f", target {outcome.measure.target}" if outcome.measure.target else ""
    return f"\u201c{outcome.measure.metric}{target}\u201d"


def compare(base: Org, head: Org) -> list[Change]:
    return Differ(base, head).run()
