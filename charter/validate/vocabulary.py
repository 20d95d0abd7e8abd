"""The organisation's words checked as ``charter ask`` reads them: ``vocabulary:`` in
``organisation.yaml`` and each team's, role's and outcome's ``also_known_as:``.

A word compares with another as ``charter ask`` compares them, by its stems without common
words: "Approving" is "approve" again, "the PO" is "PO". So a word given for itself, a word
given twice, or a word of common words only ("the") would be silently useless; each is said on
its own line instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from charter.ask.words import stem_phrase
from charter.core.codes import CodeId
from charter.core.problem import Problem
from charter.model.graph import Record, touches
from charter.validate.located import KeyPath, coded

NAMED = {"team": "name", "role": "title", "outcome": "name"}  # what also_known_as is beside


def vocabulary_problems(records: Iterable[Record]) -> list[Problem]:
    """Every word that cannot help ``charter ask``, in every file that has some."""
    problems: list[Problem] = []
    for record in records:
        if record.kind == "organisation":
            problems += _vocabulary(record)
        elif record.kind in NAMED:
            problems += _also_known_as(record)
    return problems


def _vocabulary(record: Record) -> Iterator[Problem]:
    words: dict[str, tuple[str, ...]] = getattr(record.model, "vocabulary", {})
    seen: dict[str, str] = {}
    for word, others in words.items():
        at: KeyPath = ("vocabulary", word)
        if _unsure(record, at):
            continue
        key = stem_phrase(word)
        if not key:
            yield _said(record, at, _COMMON.format(word), "write the word staff use", at_key=True)
            continue
        if key in seen:
            first = seen[key]
            yield _said(
                record,
                at,
                f"'{word}' is '{first}' again to charter ask",
                f"give its words under '{first}' and remove this line",
                at_key=True,
            )
            continue
        seen[key] = word
        if not others:
            hint = f"write after the colon what the charters call it: '{word}: [one word, another]'"
            yield _said(record, at, f"'{word}' has no words after it", hint, at_key=True)
        single = len(others) == 1  # written as "PO: purchase order", not as a list
        own = f"is '{word}' again: charter ask always finds a word by itself"
        yield from _listed(record, at, others, key, own, where=f"for '{word}'", single=single)


def _also_known_as(record: Record) -> Iterator[Problem]:
    names: Sequence[str] = getattr(record.model, "also_known_as", ())
    field = NAMED[record.kind]
    title = str(getattr(record.model, field, "") or "")
    own = f"is the {record.kind}'s {field} already: charter ask finds it by that"
    yield from _listed(record, ("also_known_as",), names, stem_phrase(title), own)


_COMMON = "'{}' is only common words, which charter ask leaves out of every question"


def _listed(
    record: Record, at: KeyPath, items: Sequence[str], own: str, is_own: str, *, where: str = "", single: bool = False
) -> Iterator[Problem]:
    """The words of one list: each must say something, and something not already said."""
    taken: dict[str, str] = {}
    for number, item in enumerate(items):
        place = at if single else (*at, number)
        if _unsure(record, place):
            continue
        key = stem_phrase(item)
        if not key:
            yield _said(record, place, _COMMON.format(item), "write the word staff use, or remove it")
        elif key == own:
            yield _said(record, place, f"'{item}' {is_own}", "remove it")
        elif key in taken:
            first = taken[key]
            said = "twice" if first == item else f"twice ('{first}' and '{item}' read the same)"
            yield _said(record, place, f"'{item}' is given {said}{' ' + where if where else ''}", "remove one")
        else:
            taken[key] = item


def _unsure(record: Record, at: KeyPath) -> bool:
    """Whether a value there did not fit its model (its error is said already, and what stands
    in for it is no word of the manager's)."""
    return any(touches(path, at) for path in record.left_out)


def _said(record: Record, at: KeyPath, message: str, hint: str, *, at_key: bool = False) -> Problem:
    return coded(record.source, at, CodeId.VOCABULARY, message, hint, at_key=at_key)
