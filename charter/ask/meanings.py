"""What each word of a question may mean in the charters: itself, the organisation's own words
for it, everyday synonyms and related words (:mod:`charter.ask.lexicon`), or, for a word no
dictionary knows, the charter's word it is a misspelling of. Each meaning counts for less than
the word itself, and says how it was found, so an answer can say which word matched.
"""

from __future__ import annotations

from dataclasses import dataclass

from charter.ask import amounts, lexicon
from charter.ask.index import ORGANISATION, Index
from charter.ask.words import LIGHT, Word, tokens

WORKPLACE = 0.7  # words of working life that stand for one another
SPELLING = 0.8
PHRASE = 4  # the longest phrase the vocabularies are looked up for ("threatening to leave")
MIN_TYPO_LENGTH = 4  # shorter words are too often another word one letter away


@dataclass(frozen=True, slots=True)
class Meaning:
    stems: tuple[str, ...]  # what a charter writes: one word, or a phrase held by one entry
    factor: float  # how much it counts against the word itself
    how: str  # "" for the word itself; else what it is to the typed word, in words
    typed: str  # the question's word (or words) as typed
    typed_stem: str  # and as stems
    written: str = ""  # the charter's word when known here (a misspelling's correction)


@dataclass(frozen=True, slots=True)
class Slot:
    """A word of the question (or two that make a phrase: "purchase order") and its meanings."""

    typed: str
    meanings: tuple[Meaning, ...]


def slots(index: Index, question: str) -> list[Slot]:
    """Each word of the question with what it may mean in this index. A phrase the vocabularies
    know as one ("turning down" for declining, "final say" for deciding, "purchase order" for PO)
    is one slot, longest first, and its words are not also read one by one: "down" in "turning
    down" is no outage."""
    every = tokens(amounts.without(question), every=True)
    taken = [False] * len(every)
    found = []
    for length in range(PHRASE, 1, -1):
        for at in range(len(every) - length + 1):
            run = every[at : at + length]
            if any(taken[at : at + length]):
                continue
            if phrase := _phrase(index, run):
                found.append(phrase)
                taken[at : at + length] = [True] * length
    found += _amounts(index, question)
    seen: set[str] = set()
    for word, used in zip(every, taken, strict=True):
        if not (used or word.common or word.stem in seen):
            seen.add(word.stem)
            found.append(Slot(word.written, tuple(_meanings(index, word.written, word.stem, word))))
    return found


def _amounts(index: Index, question: str) -> list[Slot]:
    """Each sum or share the question names, meaning each limit of the charters it falls
    within: "£40k" means "between £15,000 and £100,000" there, not "over £50,000"."""
    found = []
    for amount in amounts.asked(question):
        meanings = tuple(
            Meaning((limit,), 1.0, "a limit it is within", amount.typed, "", amounts.said(limit))
            for limit in index.limits
            if amounts.holds(limit, amount)
        )
        found.append(Slot(amount.typed, meanings))
    return found


def _phrase(index: Index, run: list[Word]) -> Slot | None:
    """The slot of a run of words that a vocabulary knows as one, or None."""
    said = [w for w in run if not w.common]
    key, typed = " ".join(w.stem for w in said), " ".join(w.written for w in run)
    # A run that starts or ends with a common word ("on turning down") is looked up whole in the
    # words of working life only ("out of date", "sign off"): by its other words it is the
    # shorter run ("turning down"), read next.
    edged = run[0].common or run[-1].common
    meanings = [*_named(index, key, typed), *_lexicon(index, key, typed)] if len(said) > 1 and not edged else []
    meanings += _workplace(index, " ".join(w.stem for w in run), typed)
    if not meanings:
        return None
    if stems := _usable(index, key):  # the phrase as written counts too, as itself
        meanings.insert(0, Meaning(stems, 1.0, "", typed, key))
    return Slot(typed, tuple(meanings))


def _meanings(index: Index, typed: str, stem: str, word: Word) -> list[Meaning]:
    own = [Meaning((stem,), 1.0, "", typed, stem)] if stem in index.rarity else []
    named = _named(index, stem, typed)
    everyday = [] if stem in LIGHT else _everyday(index, stem, typed, word.written)
    if own or named or lexicon.known(stem) or len(word.written) < MIN_TYPO_LENGTH:
        return own + named + everyday
    return everyday + _misspelt(index, word)


def _usable(index: Index, phrase: str) -> tuple[str, ...]:
    """A phrase's stems when every one is in the charters, else nothing."""
    stems = tuple(phrase.split())
    return stems if all(s in index.rarity for s in stems) else ()


def _named(index: Index, key: str, typed: str) -> list[Meaning]:
    """The organisation's vocabulary: ``PO: purchase order``."""
    found = []
    for meant in index.vocabulary.get(key, ()):
        if stems := _usable(index, meant):
            found.append(Meaning(stems, ORGANISATION, "the organisation's word", typed, key))
    return found


def _everyday(index: Index, key: str, typed: str, written: str) -> list[Meaning]:
    """Words of working life, everyday synonyms and related words that the charters use."""
    return _workplace(index, key, typed, written) + _lexicon(index, key, typed)


def _workplace(index: Index, key: str, typed: str, written: str = "") -> list[Meaning]:
    found = []
    for meant in lexicon.workplace(key, written):
        if stems := _usable(index, meant):
            found.append(Meaning(stems, WORKPLACE, "a word at work for it", typed, key))
    return found


def _lexicon(index: Index, key: str, typed: str) -> list[Meaning]:
    found = []
    for meant, kind in lexicon.meanings(key):
        if stems := _usable(index, meant):
            factor, how = lexicon.KINDS[kind]
            found.append(Meaning(stems, factor, how, typed, key))
    return found


def _misspelt(index: Index, word: Word) -> list[Meaning]:
    """The charters' words one slip away from a word no dictionary knows: a letter missing,
    added, changed, or two swapped ("discout", "laptpo"); two slips in a long word."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    allowed = 1 if len(word.written) < 8 else 2
    found = []
    for written, distance, _i in process.extract(
        word.written, list(index.spelled), scorer=OSA.distance, score_cutoff=allowed, limit=3
    ):
        if len(written) >= MIN_TYPO_LENGTH:
            factor = SPELLING if distance == 1 else SPELLING * 0.9
            found.append(Meaning((index.spelled[written],), factor, "a misspelling", word.written, word.stem, written))
    return found
