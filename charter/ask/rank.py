"""The roles to ask first for a question typed in staff's own words, and why.

Each word of the question is looked for in the charters as written and, for less, in what it
may mean there (:mod:`charter.ask.meanings`): the organisation's own vocabulary, words of
working life, everyday synonyms and related words, and the charter's word it is a misspelling
of. An entry gives each word of the question it holds (one of its own words answering one of
the question's) its weight (owning a decision says more than being in a team) times the rarity
of the word across roles (inverse document frequency) times how close the meaning is, never
more than the typed word itself would. A role scores its best entry's sum, scaled by how
focused the entry is, and a little of its best entry for each word: "post-incident report"
ranks the role that owns "Writing post-incident reports" above the one that answers for
"Post-incident reports sent within 5 working days".

A question that asks who decides ("who sets the rules for…", "who's in charge of…") puts the
role that a matching role escalates to right above that role: the practitioner's charter says
the most about the subject, but the decision is its manager's.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass

from charter.ask.amounts import MARK
from charter.ask.index import WEIGHTS, Card, Entry, Index
from charter.ask.meanings import Meaning, Slot, slots
from charter.ask.words import STOP, stem, tokens

MIN_SCORE = 0.5
# A role's score: its best entry whole (how much of the question one entry holds, and how
# focused it is), and a little of the best entry for each word of the question (SPREAD).
SPREAD = 0.3
BEST = 1.0
REASONS = 3
# Words that ask who decides, not who does the work ("who decides…", "who sets the rules for…",
# "who's in charge of…"). Nouns that name things as often as authority ("policy", "standard",
# "chair", a "charge") are left out: "who checks the policy covers the claim" asks for no manager.
_AUTHORITY = """allowed assign authorise boss choose chose decide decision gaffer govern oversee permission
prioritise rules sanction supervise veto"""
AUTHORITY = frozenset(stem(word) for word in _AUTHORITY.split())
AUTHORITY_PHRASES = ("in charge",)
# For such a question, a role whose charter says at least ABOVE as much about it as a role that
# escalates to it is ranked just above that role. One step only: a role moved above its team
# is not moved again above its own manager's other roles, nor is its manager moved above it.
ABOVE = 0.7


@dataclass(frozen=True)
class Matched:
    """A word of the question found in other words: "laptops" for "computer"."""

    typed: str
    found: str
    how: str  # what the found word is to the typed one, in words ("same meaning", "a misspelling")

    def said(self) -> str:
        return f'"{self.found}" for "{self.typed}" ({self.how})'


@dataclass(frozen=True)
class Answer:
    card: Card
    score: float
    reasons: tuple[Entry, ...]  # why it matched: its best entries, each once
    matched: tuple[Matched, ...] = ()  # the question's words it matched in other words
    above: str = ""  # for a question of who decides: the matching role that escalates to it

    @property
    def channel(self) -> str:
        """Where to ask: the channel of the best reason (a collaboration's, a step's), else the team's."""
        return (self.reasons[0].channel if self.reasons else "") or self.card.channel


@dataclass(frozen=True)
class Asked:
    question: str
    answers: tuple[Answer, ...]
    nearest: tuple[str, ...]  # subjects close to the question, when nothing matched


@dataclass
class _Found:
    """What one role's entries hold of the question."""

    best: dict[int, float]  # slot → the best value an entry gives it
    entries: list[tuple[float, int, tuple[Meaning, ...]]]  # each entry's score, number, and meanings used


def ask(index: Index, question: str, limit: int = 5) -> Asked:
    """The roles to ask, best first, each with why it matched."""
    asked = slots(index, question)
    per_role = _found(index, asked)
    scored = []
    for role, found in per_role.items():
        score = SPREAD * sum(found.best.values()) + BEST * max(entry[0] for entry in found.entries)
        if score >= MIN_SCORE:
            scored.append((round(score, 3), role))
    scored.sort(key=lambda s: (-s[0], index.cards[s[1]].title.casefold(), s[1]))
    above = _above(index, question, scored)
    scored = _placed(scored, above)
    answers = []
    for score, role in scored[:limit]:  # reasons only for the answers shown: thousands may match
        found = per_role[role]
        found.entries.sort(key=lambda item: (-item[0], item[1]))
        reasons = _reasons(index, found)
        shown = tuple(entry for entry, _meanings in reasons)
        answers.append(Answer(index.cards[role], score, shown, _matched(reasons), above.get(role, "")))
    nearest: tuple[str, ...] = ()
    if not answers:
        nearest = _nearest(index, question)
    return Asked(question, tuple(answers), nearest)


def _placed(scored: list[tuple[float, str]], above: dict[str, str]) -> list[tuple[float, str]]:
    """The roles in order, each role of ``above`` moved right above the role it is above; each
    keeps its own score (a program reading the JSON sees how much its charter said)."""
    if not above:
        return scored
    by_role = {role: (score, role) for score, role in scored}
    order = [role for _score, role in scored if role not in above]
    for boss, under in above.items():
        order.insert(order.index(under), boss)
    return [by_role[role] for role in order]


def _above(index: Index, question: str, scored: list[tuple[float, str]]) -> dict[str, str]:
    """For a question of who decides: each role that a better-scoring role escalates to, if its
    charter says enough about the question (ABOVE) → that role. Each role is in one such pair at
    most, the best-scoring first, so every answer shown above its role is right above it."""
    stems = {word.stem for word in tokens(question)}
    if not (AUTHORITY & stems or any(phrase in question.casefold() for phrase in AUTHORITY_PHRASES)):
        return {}
    scores = {role: score for score, role in scored}
    above: dict[str, str] = {}
    paired: set[str] = set()
    for score, role in sorted(scored, key=lambda s: (-s[0], s[1])):
        boss = index.cards[role].escalates_to
        if boss in scores and boss != role and not {boss, role} & paired and score >= scores[boss] >= ABOVE * score:
            above[boss] = role
            paired |= {boss, role}
    return above


def _found(index: Index, asked: list[Slot]) -> dict[str, _Found]:
    """For each role, the best entry for each word of the question, and each entry's score."""
    # Each meaning under the stem an entry must hold for it: a phrase's first ("purchas" of
    # "purchas order"), whose other stems are checked only in the entries that hold that one.
    wanted: dict[str, list[tuple[int, Meaning]]] = defaultdict(list)
    for position, slot in enumerate(asked):
        for meaning in slot.meanings:
            wanted[meaning.stems[0]].append((position, meaning))
    keys = set(wanted)
    per_role: dict[str, _Found] = {}
    for number, stems in enumerate(index.stems):
        hits = keys.intersection(stems)
        if not hits:
            continue
        held = [
            (place, m)
            for stem in hits
            for place, m in wanted[stem]
            if len(m.stems) == 1 or set(m.stems).issubset(stems)
        ]
        if not held:
            continue
        entry_role, kind = index.role_and_kind(number)
        weight = WEIGHTS[kind]
        values = _values(index, weight, held)
        if all(meaning.stems[0].startswith(MARK) for _value, meaning in values.values()):
            continue  # a sum alone says nothing of what it is for: "20%" of a discount, or of uptime
        found = per_role.setdefault(entry_role, _Found({}, []))
        for place, (value, _meaning) in values.items():
            found.best[place] = max(value, found.best.get(place, 0.0))
        # A focused entry ("Writing post-incident reports") says more than a long one that
        # mentions the same words in passing.
        focus = math.sqrt(len(values) / len(set(stems)))
        meanings = tuple(meaning for _value, meaning in values.values())
        found.entries.append((focus * sum(v for v, _m in values.values()), number, meanings))
    return per_role


def _values(index: Index, weight: float, held: list[tuple[int, Meaning]]) -> dict[int, tuple[float, Meaning]]:
    """What one entry gives each word of the question it holds, best first, each of its words
    used once: "Updating the account's health score" answers "changed" or "release", not both.
    A meaning counts no more than the typed word itself would: a rarer synonym says no more
    about the question than the word that was asked."""
    scored = []
    for slot, meaning in held:
        rarity = max(index.rarity.get(s, 0.0) for s in meaning.stems)
        if not meaning.how and len(meaning.stems) > 1:
            # The question's own words in a row ("account health"): each counts, as it would alone.
            rarity = sum(index.rarity.get(s, 0.0) for s in meaning.stems)
        if meaning.how and meaning.typed_stem in index.rarity:
            rarity = min(rarity, index.rarity[meaning.typed_stem])
        scored.append((weight * meaning.factor * rarity, slot, meaning))
    scored.sort(key=lambda item: (-item[0], item[1]))
    values: dict[int, tuple[float, Meaning]] = {}
    used: set[str] = set()
    for value, slot, meaning in scored:
        if slot in values or used.intersection(meaning.stems):
            continue
        values[slot] = (value, meaning)
        used.update(meaning.stems)
    return values


def _reasons(index: Index, found: _Found) -> list[tuple[Entry, tuple[Meaning, ...]]]:
    """The role's best entries, each said once (two entries can say the same: a collaboration
    both roles wrote down, a step of the same name in two outcomes), with the meanings of the
    question's words each holds."""
    reasons: dict[str, tuple[Entry, tuple[Meaning, ...]]] = {}
    for _score, number, meanings in found.entries:
        entry = index.entry(number)
        reasons.setdefault(entry.said(index), (entry, meanings))
        if len(reasons) == REASONS:
            break
    return list(reasons.values())


def _matched(reasons: list[tuple[Entry, tuple[Meaning, ...]]]) -> tuple[Matched, ...]:
    """The words of the question that the reasons shown hold in other words, as they write them."""
    out: dict[tuple[str, str], Matched] = {}
    for entry, meanings in reasons:
        for meaning in meanings:
            if meaning.how:
                written = meaning.written or _written(entry, meaning.stems)
                out.setdefault((meaning.typed, written), Matched(meaning.typed, written, meaning.how))
    return tuple(out.values())


def _written(entry: Entry, stems: tuple[str, ...]) -> str:
    """How an entry writes the words with these stems: "laptops" for "laptop"."""
    text = " ".join((entry.text, entry.when, entry.extra))
    found = {w.stem: w.written for w in tokens(text)}
    return " ".join(found.get(s, s) for s in stems)


def _nearest(index: Index, question: str) -> tuple[str, ...]:
    """For a question nothing matched: the charters' words spelt like its words (a typo, another
    form), and the subjects that use them."""
    from rapidfuzz import fuzz, process

    vocabulary: dict[str, list[str]] = defaultdict(list)
    for entry in index.entries:
        if entry.kind in ("owns", "answers", "collaborates", "goes-to", "title", "aka"):
            for word in set(re.findall(r"[^\W\d_]{3,}", entry.text.casefold())):
                vocabulary[word].append(entry.text)
    near: list[str] = []
    for word in re.findall(r"[^\W\d_]{3,}", question.casefold()):
        if word in STOP:
            continue
        for found, _score, _i in process.extract(word, list(vocabulary), scorer=fuzz.ratio, limit=2, score_cutoff=75):
            near += [text for text in vocabulary[found] if text not in near]
    return tuple(near[:5])
