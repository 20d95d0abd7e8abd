"""Who do I ask about …: one index of what every role owns, answers for, works on with others
(when, and when not), is accountable for, and is also known as, and the organisation's own
words (its vocabulary).

One index, several faces: ``charter ask``, the MCP server's ``ask`` tool, the JSON API of the
site, and the site's "Who do I ask about…" page (its subjects come from here, and its filter
ranks with the words and weights computed here). How a question is read is in
:mod:`charter.ask.words` and :mod:`charter.ask.meanings`; how roles are ranked for it, in
:mod:`charter.ask.rank`.

Each role is a small document of entries (an owned decision, an accountability, a
collaboration…), each of a kind with a weight: owning a decision says "ask me" more than doing
a step. An entry's words are kept as stems (Snowball's English stemmer, so "approves" finds
"Approving"), with their rarity across roles.
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING, Any

from charter.ask.amounts import MARK, limits
from charter.ask.words import stem_phrase, tokens

if TYPE_CHECKING:  # a kept index is read without the model (and pydantic): a fifth of a second
    from charter.model.graph import Org
    from charter.schema.models import Role, Team

# How much an entry of each kind says "this is the role to ask". Owning a decision or answering
# for a result is what staff mean by "who do I ask"; a step the role merely does counts less.
WEIGHTS: dict[str, float] = {
    "owns": 3.0,
    "answers": 3.0,
    "title": 2.5,
    "aka": 2.5,
    "promise": 2.0,
    "accountable": 1.5,
    "collaborates": 1.5,
    # The role a collaboration goes to, with when to go to it: the charter saying whom to bring in.
    "goes-to": 2.5,
    "when": 1.0,
    "responsible": 1.0,
    "team": 0.5,
    "purpose": 0.5,
    "not-when": 0.5,
}
ORGANISATION = 0.9  # a word the organisation's vocabulary gives counts nearly as much as its own

KIND_WORDS = {
    "owns": "owns",
    "answers": "answers for",
    "title": "is called",
    "aka": "is also known as",
    "promise": "is accountable for the promise",
    "accountable": "is accountable for the step",
    "collaborates": "works with others on",
    "goes-to": "is brought in on",
    "when": "is the one to go to when",
    "responsible": "does the step",
    "team": "is in the team",
    "purpose": "exists so that",
    "not-when": "is not for",
}


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
        if self.kind in ("collaborates", "goes-to", "not-when") and about in index.cards:
            about = index.cards[about].title
        words_ = f'{KIND_WORDS[self.kind]} "{self.text}"'
        if self.kind in ("collaborates", "goes-to") and about:
            words_ = f'works with {about} on "{self.text}"'
        elif self.kind == "not-when" and about:
            words_ = f'is not for "{self.text}" ({about} says)'
        elif self.kind == "team" and about:
            words_ = f'is in the team {about}, also known as "{self.text}"'
        elif self.kind in ("accountable", "responsible") and about:
            words_ += f" of {about}"
        if self.when:
            words_ += f", when {self.when}"
        if self.not_when and self.kind in ("collaborates", "goes-to"):
            words_ += f"; not when {self.not_when}"
        return words_


ENTRY_FIELDS = tuple(f.name for f in fields(Entry))  # the order of a kept index's rows
# Between an entry's fields: a control character no organisation file may hold (CH003).
SEPARATOR = "\x1f"


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
    # Each entry's fields in ENTRY_FIELDS order, joined by SEPARATOR: JSON reads 80,000 strings
    # many times faster than 80,000 lists, and an entry is split only when it is used.
    rows: list[str]
    # The organisation's own words: a typed word or phrase (stems) → what the charters write for it.
    vocabulary: dict[str, list[str]] = field(default_factory=dict)
    stems: list[tuple[str, ...]] = field(default_factory=list)
    rarity: dict[str, float] = field(default_factory=dict)
    spelled: dict[str, str] = field(default_factory=dict)  # each word the charters write → its stem

    @functools.cached_property
    def entries(self) -> list[Entry]:
        return [Entry(*row.split(SEPARATOR)) for row in self.rows]

    @functools.cached_property
    def limits(self) -> tuple[str, ...]:
        """The limits the charters set ("up to 15%"), as words of the index (:mod:`charter.ask.amounts`)."""
        return tuple(sorted(stem for stem in self.rarity if stem.startswith(MARK)))

    @functools.cached_property
    def weights(self) -> dict[str, dict[str, float]]:
        """Each role's stems with the best weight of an entry holding them: the site's filter
        ranks and finds with them (:func:`all_terms`, :func:`named_terms`)."""
        best: dict[str, dict[str, float]] = defaultdict(dict)
        for entry, stems in zip(self.entries, self.stems, strict=True):
            mine = best[entry.role]
            for stem in stems:
                if not stem.startswith(MARK):  # a limit is no word to type
                    mine[stem] = max(mine.get(stem, 0.0), WEIGHTS[entry.kind])
        return dict(best)

    def entry(self, number: int) -> Entry:
        return Entry(*self.rows[number].split(SEPARATOR))

    def role_and_kind(self, number: int) -> tuple[str, str]:
        role, kind, _rest = self.rows[number].split(SEPARATOR, 2)
        return role, kind

    def __post_init__(self) -> None:
        if self.rarity:  # a kept index brings its stems, rarities and words
            return
        self.stems = []
        for e in self.entries:
            text = " ".join((e.text, e.when if e.kind in ("collaborates", "goes-to") else "", e.extra))
            found = tokens(text)
            self.stems.append((*(w.stem for w in found), *limits(text)))
            self.spelled.update((w.written, w.stem) for w in found)
        self.spelled = dict(sorted(self.spelled.items()))
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
            "vocabulary": self.vocabulary,
            "stems": [" ".join(s) for s in self.stems],
            "rarity": self.rarity,
            "spelled": self.spelled,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Index:
        cards = {}
        for c in data["cards"]:
            cards[c["role"]] = Card(**{**c, "holders": tuple(Contact(**h) for h in c["holders"])})
        rows = data["entries"]
        seps = len(ENTRY_FIELDS) - 1
        if not all(isinstance(row, str) and row.count(SEPARATOR) == seps for row in rows):
            raise ValueError("a kept entry of another shape")  # split only when used: checked here
        # Kept as one text an entry: JSON reads strings faster than lists, and splitting is faster still.
        stems = [tuple(s.split()) for s in data["stems"]]
        if len(stems) != len(rows):
            raise ValueError("kept stems for other entries")
        return cls(cards, rows, data["vocabulary"], stems, data["rarity"], data["spelled"])


def build(org: Org) -> Index:
    """Every role's entries, in the organisation's order, and the organisation's vocabulary."""
    cards: dict[str, Card] = {}
    entries: list[Entry] = []
    for role in org.roles.values():
        team = org.teams.get(role.team)
        cards[role.id] = _card(org, role, team)
        entries += _role_entries(org, role, team)
    entries += _outcome_entries(org)
    return Index(cards, [SEPARATOR.join(getattr(e, f) for f in ENTRY_FIELDS) for e in entries], vocabulary(org))


def vocabulary(org: Org) -> dict[str, list[str]]:
    """``organisation.yaml``'s vocabulary, both ways: "PO: purchase order" makes "PO" find what
    "purchase order" finds, and "purchase order" find what "PO" finds. By stems, sorted."""
    found: dict[str, set[str]] = defaultdict(set)
    for word, others in org.settings.vocabulary.items():
        key = stem_phrase(word)
        for other in others:
            meant = stem_phrase(other)
            if key and meant and key != meant:
                found[key].add(meant)
                found[meant].add(key)
    return {key: sorted(found[key]) for key in sorted(found)}


def said_otherwise(org: Org, texts: Iterable[str]) -> list[str]:
    """The organisation's words for what these texts say, as its vocabulary gives them: "AP"
    beside a page that says "accounts payable". The site's search indexes them with the page,
    which Pagefind cannot do by itself (it has no synonyms)."""
    present = " | ".join(stem_phrase(text) for text in texts)
    found: list[str] = []
    for word, others in org.settings.vocabulary.items():
        for said, meant in [*((word, o) for o in others), *((o, word) for o in others)]:
            key = stem_phrase(meant)
            if key and f" {key} " in f" {present} " and said not in found:
                found.append(said)
    return found


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
    entries += [Entry(role.id, "aka", name) for name in role.also_known_as]
    entries += [Entry(role.id, "owns", text) for text in role.owns]
    entries += [Entry(role.id, "answers", text) for text in role.accountabilities]
    if role.purpose:
        entries.append(Entry(role.id, "purpose", role.purpose))
    if team is not None:
        entries.append(Entry(role.id, "team", team.name))
        entries += [Entry(role.id, "team", name, team.name) for name in team.also_known_as]
    for c in role.collaborators:
        # Both sides of a collaboration are worth asking about its subject: the role that
        # wrote it down, and, more, the one it goes to (when, and when not).
        for one, other in ((role.id, c.role), (c.role, role.id)):
            if one in org.roles:
                kind = "collaborates" if one == role.id else "goes-to"
                entries.append(Entry(one, kind, c.on, other, c.when or "", c.not_when or "", c.channel or ""))
        if c.not_when and c.role in org.roles and c.role != role.id:
            entries.append(Entry(c.role, "not-when", c.not_when, role.id))
    return entries


def _outcome_entries(org: Org) -> list[Entry]:
    """The promises a role is accountable for, and the steps it answers for or does."""
    from charter.schema.models import outcome_steps

    entries: list[Entry] = []
    for outcome in org.outcomes.values():
        if outcome.accountable in org.roles:
            extra = " ".join((outcome.promise or "", *outcome.also_known_as))
            entries.append(Entry(outcome.accountable, "promise", outcome.name, outcome.id, extra=extra))
        owner = next(letter.key for letter in org.scheme.letters if letter.accountable)
        doer = next(letter.key for letter in org.scheme.letters if letter.performs)
        for step in outcome_steps(outcome):
            letters = org.letters(step)
            for kind, key in (("accountable", owner), ("responsible", doer)):
                for actor in letters.get(key, ()):
                    if actor in org.roles:
                        entries.append(Entry(actor, kind, step.name, f"{outcome.name}", channel=step.channel or ""))
    return entries


def subjects(index: Index, role: str) -> list[Entry]:
    """What the "ask" page lists for a role: what it owns, answers for, and the promises it is
    accountable for, in the charter's order."""
    return [e for e in index.entries if e.role == role and e.kind in ("owns", "answers", "promise")]


def not_for(index: Index, role: str) -> list[Entry]:
    """When not to go to a role, as other roles' charters say."""
    return [e for e in index.entries if e.role == role and e.kind == "not-when"]


def all_terms(index: Index) -> dict[str, str]:
    """Each role's stems with their best weight, for the site's filter to rank with, as the
    ranking here does: 'approv:3 discount:3 …'. The organisation's own words for what a role's
    charter says are among them, for a little less ("ap" beside "account payabl")."""
    best = {role: dict(found) for role, found in index.weights.items()}
    for role, named in named_terms(index).items():
        for stem, weight in named.items():
            best[role][stem] = max(best[role].get(stem, 0.0), weight)
    return {role: " ".join(f"{s}:{w:g}" for s, w in sorted(found.items())) for role, found in best.items()}


def named_terms(index: Index) -> dict[str, dict[str, float]]:
    """For each role, the stems of the organisation's own words for what its charter says
    ("ap" where it says "accounts payable"), with their weights: the site's filter finds a role
    by them though its card does not show them."""
    found: dict[str, dict[str, float]] = {}
    for role, mine in index.weights.items():
        held = set(mine)
        named: dict[str, float] = {}
        for key, meant in index.vocabulary.items():
            matched = [m for m in meant if held.issuperset(m.split())]
            if matched:
                weight = round(ORGANISATION * min(mine[s] for s in matched[0].split()), 2)
                for stem in key.split():
                    if stem not in held:
                        named[stem] = max(named.get(stem, 0.0), weight)
        found[role] = named
    return found
