"""Words as ``charter ask`` compares them: cut out of a text, common words dropped, each stemmed
(Snowball's English stemmer, so "approves" finds "Approving"), and their written forms kept for
saying which word matched.

An abbreviation written in capitals is a word even when its letters spell a common one: "IT"
in "Head of IT" and in "who do I ask about IT" is a subject, "it" in "who fixes it" is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import snowballstemmer  # type: ignore[import-untyped]

_STOP_WORDS = """a about actually after again all also am an and another any anyone anything are as ask at
be been before being but by can could did do does doing done each else even every find for from
get gets go goes going got has have having he her here his how i if in into is it its just me meant
my need needs of off on once one only or other our out over own owns please really reach responsible
shall she should so some somebody someone something still supposed than that the their them then there these they
thing things this those through to too under up us very want was way we were what whatever when
where whereabouts which while who whoever whom whose why will with would you your"""
STOP = frozenset(_STOP_WORDS.split())
_WORD = re.compile(r"[^\W_]+(?:&[^\W_]+)*")  # "R&D", "P&L" and "Q&A" are words of their own
_JOINED = re.compile(r"[^\W_]+(?:[-&][^\W_]+)*")
PERCENT_OFF = re.compile(r"\d+(?:\.\d+)?\s*(?:%|per\s?cent)\s+off\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    # One word at a time, remembered: an organisation says the same words again and again, and
    # Snowball in pure Python is the slow part of making the index.
    return str(_stemmer().stemWord(word))


# Light verbs: the commonest verbs of English, which lend a question its grammar more than its
# subject ("who do I tell", "who sets the rules for"). Each has dozens of senses, so a
# dictionary's synonyms for them ("set" → "launch", "know" → "call") are guesses: they are
# looked for as typed, never in other words.
_LIGHT_VERBS = """come deal get give go happen keep know let like look make put run say see set take tell
think use want"""
LIGHT = frozenset(stem(word) for word in _LIGHT_VERBS.split())


def inflected(word: str) -> str:
    """A word without its inflection, to tell forms of one word ("customers", "customer") from
    other words Snowball gives the same stem ("customize"): a plural, a past, an -ing, a final e."""
    folded = word.casefold()
    for suffix, instead in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if folded.endswith(suffix) and len(folded) - len(suffix) >= 3:
            folded = folded[: -len(suffix)] + instead
            break
    if len(folded) > 3 and folded[-1] == folded[-2] and folded[-1] not in "aeiouls":
        folded = folded[:-1]  # "planned", "planning": plan
    return folded.rstrip("e")


@dataclass(frozen=True, slots=True)
class Word:
    written: str  # as the text has it, folded to lower case: "laptops"
    stem: str  # "laptop"
    common: bool = False  # a common word, kept only when every word is asked for


def _abbreviation(word: str, shouting: bool) -> bool:
    return not shouting and len(word) >= 2 and word.isupper() and word.isalpha()


def tokens(text: str, *, every: bool = False) -> list[Word]:
    """The words of a text that say something, in order. The parts of a word joined by hyphens
    all count ("go-live", "sign-off", "on-call"): a common word there is part of the name. With
    ``every``, common words too: the phrases of working life are made of them ("out of date")."""
    # Several words all in capitals are shouted, not abbreviations ("WHO IS IT"); one is ("IT").
    shouting = not any(c.islower() for c in text) and len(_WORD.findall(text)) > 1
    found = []
    text = PERCENT_OFF.sub(" discount ", text)  # "10% off" is a discount, though "off" says nothing alone
    for joined in _JOINED.findall(text):
        parts = _WORD.findall(joined)
        for word in parts:
            folded = word.casefold()
            if len(folded) == 1 and not folded.isdigit():
                continue  # "who's": the s says nothing
            abbreviation = _abbreviation(word, shouting)
            common = folded in STOP and len(parts) == 1 and not abbreviation
            if common and not every:
                continue
            # An abbreviation is not stemmed: "PAYE" is no form of "pay".
            found.append(Word(folded, folded if abbreviation else stem(folded), common))
    return found


def words(text: str) -> list[str]:
    """The stems of a text's words that say something: lower case, no common words."""
    return [w.stem for w in tokens(text)]


def stem_phrase(text: str) -> str:
    """A word or phrase as one key: its stems joined by spaces ("Purchase orders" → "purchas order")."""
    return " ".join(words(text))


def whole_phrase(text: str) -> str:
    """A phrase as one key, its common words kept: "out of date" → "out of date"."""
    return " ".join(w.stem for w in tokens(text, every=True))
