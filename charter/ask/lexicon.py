"""Everyday words: what a word a person types may mean in a charter, from Open English WordNet
(``lexicon.tsv.gz`` beside this module; how it is made: :mod:`charter.ask.make_lexicon`).

Only the lines of the words asked about are read: the whole file, 40,000 words, would take
longer to make into a dictionary than ``charter ask`` takes to answer.
"""

from __future__ import annotations

import gzip
from collections import defaultdict
from functools import lru_cache
from importlib import resources

# How much a word found through each relation counts, against the word itself (1): the same
# sense is nearly as good, the same root nearly too; a more general word is a guess.
KINDS: dict[str, tuple[float, str]] = {
    "s": (0.7, "same meaning"),
    "d": (0.75, "same root"),
    "g": (0.4, "more general"),
}


@lru_cache(maxsize=1)
def _text() -> str:
    data = resources.files("charter.ask").joinpath("lexicon.tsv.gz").read_bytes()
    return "\n" + gzip.decompress(data).decode("utf-8")


@lru_cache(maxsize=4096)
def meanings(typed: str) -> tuple[tuple[str, str], ...]:
    """The charter stems (or stem phrases) a typed stem may mean, each with its kind (a key of
    :data:`KINDS`), closest first; none for a word the lexicon does not know."""
    text = _text()
    at = text.find(f"\n{typed}\t")
    if at < 0:
        return ()
    line = text[at + len(typed) + 2 : text.find("\n", at + 1)]
    found = []
    for part in line.split(";"):
        kind, _, stems = part.partition(":")
        found += [(stem, kind) for stem in stems.split(",")]
    return tuple(found)


@lru_cache(maxsize=1)
def _lines() -> tuple[tuple[str, str], ...]:
    """Each line of ``workplace.txt``, in lower case (to find it by) and as written (its
    abbreviations in capitals, read as abbreviations)."""
    text = resources.files("charter.ask").joinpath("workplace.txt").read_text(encoding="utf-8")
    return tuple((line.casefold(), line) for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1024)
def _forms(line: str) -> dict[str, frozenset[str]]:
    """One line of ``workplace.txt``: each single-word term's stem → the words written for it,
    without their inflections ("customize" under "custom")."""
    from charter.ask.words import inflected, stem_phrase

    found: dict[str, set[str]] = defaultdict(set)
    for term in line.split(","):
        if (term := term.strip()) and " " not in term and "-" not in term:
            found[stem_phrase(term)].add(inflected(term))
    return {key: frozenset(forms) for key, forms in found.items()}


@lru_cache(maxsize=1024)
def _line(line: str) -> dict[str, frozenset[str]]:
    """One line of ``workplace.txt``: each term (its stems, common words kept: "out of date") →
    the line's terms as a charter would hold them (common words left out, as the index leaves
    them). A term that loses words that way ("sign off" is "sign" in an index) is typed, never
    looked for: "okay" must not find every "signed"."""
    from charter.ask.words import stem_phrase, whole_phrase

    terms = [term.strip() for term in line.split(",") if term.strip()]
    typed = {whole_phrase(term) for term in terms} - {""}
    # Numbers alone ("W-4" is "4" once its letter is gone) say nothing to look for.
    held = {stem_phrase(t) for t in terms if stem_phrase(t) == whole_phrase(t) and not stem_phrase(t).isdigit()}
    return {key: frozenset(held - {key, ""}) for key in typed}


def _candidates(typed: str) -> list[str]:
    """The lines that may hold a typed stem: a stem is the start of its words, but for a letter
    or two ("happi" for happy), so only the lines holding its first letters are stemmed."""
    start = typed.split(" ", maxsplit=1)[0][:4]
    return [line for folded, line in _lines() if start in folded]


@lru_cache(maxsize=4096)
def workplace(typed: str, written: str = "") -> tuple[str, ...]:
    """The words of working life a typed stem (or phrase of stems, common words kept) stands
    for: "okay" for approve, "out of date" for wrong, "PO" for purchase order
    (``workplace.txt`` beside this module). A word typed as ``written`` finds only the lines
    holding a form of it: Snowball gives "customers" the stem of "customize", whose line is
    about settings."""
    from charter.ask.words import inflected

    found: set[str] = set()
    for line in _candidates(typed):
        held = _line(line).get(typed)
        if not held:
            continue
        forms = _forms(line).get(typed)
        if written and forms is not None and inflected(written) not in forms:
            continue
        found |= held
    return tuple(sorted(found))


def known(typed: str) -> bool:
    """Whether a stem is an everyday word (then it is not taken for a misspelling)."""
    return f"\n{typed}\t" in _text() or any(typed in _line(line) for line in _candidates(typed))
