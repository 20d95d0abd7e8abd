"""Who do I ask about …: one index of what every role owns, answers for, works on with others
(when, and when not), and is accountable for, and the roles it ranks first for a question typed
in staff's own words.

One implementation, several faces: ``charter ask``, the MCP server's ``ask`` tool, the JSON API
of the site, and the site's "Who do I ask about…" page (its subjects come from here, and its
filter ranks with the words and weights computed here).

Ranking: each role is a small document of entries (an owned decision, an accountability, a
collaboration…), each of a kind with a weight. Questions and entries are cut into words, common
words dropped and the rest stemmed (Snowball's English stemmer, so "approves" finds
"Approving"). A role scores, for each word of the question, the word's rarity across roles
(inverse document frequency) times the weight of its best entry holding the word, plus half the
score of its best entry, which counts how much of the question it holds and how focused it is:
"post-incident report" ranks the role that owns "Writing post-incident reports" above the one
that answers for "Post-incident reports sent within 5 working days".
"""

from __future__ import annotations

import functools
import math
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field, fields
from functools import lru_cache
from typing import Any

import snowballstemmer  # type: ignore[import-untyped]

from charter.model.graph import Org
from charter.schema.models import Role, Team, outcome_steps

# How much an entry of each kind says "this is the role to ask". Owning a decision or answering
# for a result is what staff mean by "who do I ask"; a step the role merely does counts less.
WEIGHTS: dict[str, float] = {
    "owns": 3.0,
    "answers": 3.0,
    "title": 2.5,
    "promise": 2.0,
    "accountable": 1.5,
    "collaborates": 1.5,
    "when": 1.0,
    "responsible": 1.0,
    "team": 0.5,
    "purpose": 0.5,
    "not-when": 0.5,
}
KIND_WORDS = {
    "owns": "owns",
    "answers": "answers for",
    "title": "is called",
    "promise": "is accountable for the promise",
    "accountable": "is accountable for the step",
    "collaborates": "works with others on",
    "when": "is the one to go to when",
    "responsible": "does the step",
    "team": "is in the team",
    "purpose": "exists so that",
    "not-when": "is not for",
}
_STOP_WORDS = """a about after again all am an and any are as ask at be been before being but by can could
did do does doing done for from get gets go goes going has have having he her here his how i if in
into is it its me my need needs of off on once or our out over please shall she should so some than
that the their them then there these they this those to too under up us want was we were what when
where which while who whom whose why will with would you your"""
STOP = frozenset(_STOP_WORDS.split())
MIN_SCORE = 0.5


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    # One word at a time, remembered: an organisation says the same words again and again, and
    # Snowball in pure Python is the slow part of making the index.
    return str(_stemmer().stemWord(word))


def words(text: str) -> list[str]:
    """The stems of a text's words that say something: lower case, no common words."""
    return [_stem(w) for w in re.findall(r"[^\W_]+", text.casefold()) if w not in STOP]


@dataclass(frozen=True, slots=True)
class Entry:
    """One thing a role can be asked about, and why."""

    role: str
    kind: str
    text: str
    about: str = ""  # the outcome or step, or the role worked with
    when: str = ""
    not_when: str = ""
    channel: str = ""
    extra: str = ""  # searched, not shown: a promise's words beside its name

    def said(self, index: Index) -> str:
        """The reason in words: 'owns "Approving discounts…"'."""
        about = self.about
        if self.kind in ("collaborates", "not-when") and about in index.cards:
            about = index.cards[about].title
        words_ = f'{KIND_WORDS[self.kind]} "{self.text}"'
        if self.kind == "collaborates" and about:
            words_ = f'works with {about} on "{self.text}"'
        elif self.kind == "not-when" and about:
            words_ = f'is not for "{self.text}" ({about} says)'
        elif self.kind in ("accountable", "responsible") and about:
            words_ += f" of {about}"
        if self.when:
            words_ += f", when {self.when}"
        if self.not_when and self.kind == "collaborates":
            words_ += f"; not when {self.not_when}"
        return words_


ENTRY_FIELDS = tuple(f.name for f in fields(Entry))  # the order of a kept index's rows


@dataclass(frozen=True)
class Contact:
    person: str
    name: str
    email: str = ""
    chat: str = ""
    location: str = ""


@dataclass(frozen=True)
class Card:
    """A role as an answer shows it: who holds it and how to reach them."""

    role: str
    title: str
    team: str
    team_name: str
    channel: str  # the team's channel, where it has one
    holders: tuple[Contact, ...]
    escalates_to: str = ""


@dataclass
class Index:
    cards: dict[str, Card]
    rows: list[list[str]]  # each entry's fields, in ENTRY_FIELDS order: an Entry is made when one is shown
    stems: list[tuple[str, ...]] = field(default_factory=list)
    rarity: dict[str, float] = field(default_factory=dict)

    @functools.cached_property
    def entries(self) -> list[Entry]:
        return [Entry(*row) for row in self.rows]

    def entry(self, number: int) -> Entry:
        return Entry(*self.rows[number])

    def __post_init__(self) -> None:
        if self.rarity:  # a kept index brings its stems and rarities
            return
        if not self.stems:
            self.stems = [
                tuple(words(" ".join((e.text, e.when if e.kind == "collaborates" else "", e.extra))))
                for e in self.entries
            ]
        holders: dict[str, set[str]] = defaultdict(set)
        for entry, stems in zip(self.entries, self.stems, strict=True):
            for stem in stems:
                holders[stem].add(entry.role)
        roles = max(len(self.cards), 1)
        self.rarity = {stem: math.log(1 + roles / len(found)) for stem, found in holders.items()}

    def as_json(self) -> dict[str, Any]:
        return {
            "cards": [asdict(c) for c in self.cards.values()],
            "entries": self.rows,
            "stems": [" ".join(s) for s in self.stems],
            "rarity": self.rarity,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Index:
        cards = {}
        for c in data["cards"]:
            cards[c["role"]] = Card(**{**c, "holders": tuple(Contact(**h) for h in c["holders"])})
        stems = [tuple(s.split()) for s in data["stems"]]
        return cls(cards, data["entries"], stems, data["rarity"])


def build(org: Org) -> Index:
    """Every role's entries, in the organisation's order."""
    cards: dict[str, Card] = {}
    entries: list[Entry] = []
    for role in org.roles.values():
        team = org.teams.get(role.team)
        cards[role.id] = _card(org, role, team)
        entries += _role_entries(org, role, team)
    entries += _outcome_entries(org)
    return Index(cards, [[getattr(e, f) for f in ENTRY_FIELDS] for e in entries])


def _card(org: Org, role: Role, team: Team | None) -> Card:
    """What an answer shows of a role: its title, team, where to ask, and who holds it."""
    holders = tuple(Contact(p.id, p.name, p.email or "", p.chat or "", p.location or "") for p in org.holders(role.id))
    return Card(
        role.id,
        role.title,
        role.team,
        team.name if team is not None else role.team,
        (team.channel or "") if team is not None else "",
        holders,
        role.escalates_to or "",
    )


def _role_entries(org: Org, role: Role, team: Team | None) -> list[Entry]:
    """What a role's own file says it is asked about, and its collaborations (both ways)."""
    entries = [Entry(role.id, "title", role.title)]
    entries += [Entry(role.id, "owns", text) for text in role.owns]
    entries += [Entry(role.id, "answers", text) for text in role.accountabilities]
    if role.purpose:
        entries.append(Entry(role.id, "purpose", role.purpose))
    if team is not None:
        entries.append(Entry(role.id, "team", team.name))
    for c in role.collaborators:
        # Both sides of a collaboration are worth asking about its subject: the role that
        # wrote it down, and the one it goes to (when, and when not).
        for one, other in ((role.id, c.role), (c.role, role.id)):
            if one in org.roles:
                entries.append(Entry(one, "collaborates", c.on, other, c.when or "", c.not_when or "", c.channel or ""))
        if c.not_when and c.role in org.roles and c.role != role.id:
            entries.append(Entry(c.role, "not-when", c.not_when, role.id))
    return entries


def _outcome_entries(org: Org) -> list[Entry]:
    """The promises a role is accountable for, and the steps it answers for or does."""
    entries: list[Entry] = []
    for outcome in org.outcomes.values():
        if outcome.accountable in org.roles:
            entries.append(Entry(outcome.accountable, "promise", outcome.name, outcome.id, extra=outcome.promise or ""))
        owner = next(letter.key for letter in org.scheme.letters if letter.accountable)
        doer = next(letter.key for letter in org.scheme.letters if letter.performs)
        for step in outcome_steps(outcome):
            letters = org.letters(step)
            for kind, key in (("accountable", owner), ("responsible", doer)):
                for actor in letters.get(key, ()):
                    if actor in org.roles:
                        entries.append(Entry(actor, kind, step.name, f"{outcome.name}", channel=step.channel or ""))
    return entries


@dataclass(frozen=True)
class Answer:
    card: Card
    score: float
    reasons: tuple[Entry, ...]  # why it matched: its best entries

    @property
    def channel(self) -> str:
        """Where to ask: the channel of the best reason (a collaboration's, a step's), else the team's."""
        return (self.reasons[0].channel if self.reasons else "") or self.card.channel


@dataclass(frozen=True)
class Asked:
    question: str
    answers: tuple[Answer, ...]
    nearest: tuple[str, ...]  # subjects close to the question, when nothing matched


def ask(index: Index, question: str, limit: int = 5) -> Asked:
    """The roles to ask, best first, each with why it matched."""
    wanted = list(dict.fromkeys(words(question)))
    per_role: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for number, stems in enumerate(index.stems):
        hits = [w for w in wanted if w in stems]
        if hits:
            entry = index.entry(number)
            # A focused entry ("Writing post-incident reports") says more than a long one that
            # mentions the same words in passing.
            focus = math.sqrt(len(hits) / len(set(stems)))
            weight = WEIGHTS[entry.kind]
            per_role[entry.role].append((weight * focus * sum(index.rarity.get(w, 0.0) for w in hits), number))
    answers = []
    for role, found in per_role.items():
        best: dict[str, float] = {}
        for _score, number in found:
            entry = index.entry(number)
            for w in set(wanted) & set(index.stems[number]):
                best[w] = max(best.get(w, 0.0), WEIGHTS[entry.kind] * index.rarity.get(w, 0.0))
        found.sort(key=lambda item: (-item[0], item[1]))
        score = sum(best.values()) + 0.5 * found[0][0]
        if score < MIN_SCORE:
            continue
        reasons = tuple(index.entry(n) for _s, n in found[:3])
        answers.append(Answer(index.cards[role], round(score, 3), reasons))
    answers.sort(key=lambda a: (-a.score, a.card.title.casefold(), a.card.role))
    nearest: tuple[str, ...] = ()
    if not answers:
        nearest = _nearest(index, question)
    return Asked(question, tuple(answers[:limit]), nearest)


def _nearest(index: Index, question: str) -> tuple[str, ...]:
    """For a question nothing matched: the charters' words spelt like its words (a typo, another
    form), and the subjects that use them."""
    from rapidfuzz import fuzz, process

    vocabulary: dict[str, list[str]] = defaultdict(list)
    for entry in index.entries:
        if entry.kind in ("owns", "answers", "collaborates", "title"):
            for word in set(re.findall(r"[^\W\d_]{3,}", entry.text.casefold())):
                vocabulary[word].append(entry.text)
    near: list[str] = []
    for word in re.findall(r"[^\W\d_]{3,}", question.casefold()):
        if word in STOP:
            continue
        for found, _score, _i in process.extract(word, list(vocabulary), scorer=fuzz.ratio, limit=2, score_cutoff=75):
            near += [text for text in vocabulary[found] if text not in near]
    return tuple(near[:5])


def subjects(index: Index, role: str) -> list[Entry]:
    """What the "ask" page lists for a role: what it owns, answers for, and the promises it is
    accountable for, in the charter's order."""
    return [e for e in index.entries if e.role == role and e.kind in ("owns", "answers", "promise")]


def not_for(index: Index, role: str) -> list[Entry]:
    """When not to go to a role, as other roles' charters say."""
    return [e for e in index.entries if e.role == role and e.kind == "not-when"]


def all_terms(index: Index) -> dict[str, str]:
    """Each role's stems with their best weight, for the site's filter to rank with, as the
    ranking here does: 'approv:3 discount:3 …'."""
    best: dict[str, dict[str, float]] = defaultdict(dict)
    for entry, stems in zip(index.entries, index.stems, strict=True):
        mine = best[entry.role]
        for stem in stems:
            mine[stem] = max(mine.get(stem, 0.0), WEIGHTS[entry.kind])
    return {role: " ".join(f"{s}:{w:g}" for s, w in sorted(found.items())) for role, found in best.items()}
