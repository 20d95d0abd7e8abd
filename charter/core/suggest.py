""" "Did you mean …?" for keys, folders and ids."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The closest choice to ``word``, or None when nothing is close enough to help.

    A choice that is ``word`` in capitals (``Claims`` for ``claims``) is never suggested: keys,
    folders and ids are lower-case, so that choice is itself written wrongly where it is
    defined, and its own finding asks for ``word``."""
    lower = word.lower()
    options = sorted({c for c in choices if not (word == lower and c != word and c.lower() == lower)})
    if not options:
        return None
    lowered = {c.lower(): c for c in options}
    if word.lower() in lowered and lowered[word.lower()] != word:
        return lowered[word.lower()]
    match = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if match:
        return match[0]
    # A prefix or suffix of a long id ("service-lead" for "lead") is often what was meant.
    contains = [c for c in options if c.startswith(word) or (len(word) >= 3 and (word in c or c in word))]
    return contains[0] if len(contains) == 1 else None


def hint_for(word: str, choices: Iterable[str]) -> str:
    guess = did_you_mean(word, choices)
    return f"did you mean '{guess}'?" if guess else ""
