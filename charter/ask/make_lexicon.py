"""How ``charter/ask/lexicon.tsv.gz``, the everyday words ``charter ask`` knows, is made from
Open English WordNet (CC BY 4.0; see ``charter/ask/LEXICON.md``).

Run by a developer, never by charter itself, from a checkout of the ``english-wordnet``
repository at a release tag (its ``src/yaml`` folder), with ``wordfreq`` installed beside charter
to keep only words people use (it is not one of charter's dependencies)::

    pip install wordfreq==3.1.1
    python -m charter.ask.make_lexicon ENGLISH_WORDNET/src/yaml 2025-edition

WordNet groups words into senses (synsets) joined by relations. For each common word, only its
first sense is read (WordNet lists a word's senses most frequent first): every further sense
brought more wrong answers than right ones on the questions charter is measured with ("bug" is
a fault, not also a hidden microphone). Each line of the output is the stem of
a word a person may type, then the stems a charter may have written for it, by how the person's
word relates to the charter's:

- ``s`` the same sense: "okay" for approve, "bill" for invoice;
- ``d`` the same root in another part of speech: "payment" for pay, "training" for train;
- ``g`` more general: "computer" for laptop, the noun one step up (and the head of a general
  phrase: "portable computer" gives "computer"). Very general senses ("act", "entity") lead to
  everything, so they are skipped; so are verbs' (to "change" is more general than to "fix", and
  than nearly everything else).
"""

from __future__ import annotations

import gzip
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from charter.ask.words import stem_phrase

SENSES = 1  # a word's first sense: the rest are rare, and bring words nobody means
TOO_GENERAL = 40  # a sense with more specific senses than this names a category, not a subject
MEANINGS = 60  # at most this many charter words for one typed word, the closest and most common first
KINDS = "sdg"
_WORD = re.compile(r"^[a-z]+(?: [a-z]+)?$")


def read(folder: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The lexical entries and the synsets of an ``english-wordnet/src/yaml`` folder."""
    entries: dict[str, Any] = {}
    synsets: dict[str, Any] = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.name == "frames.yaml":
            continue
        with path.open(encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        (entries if path.name.startswith("entries-") else synsets).update(data)
    return entries, synsets


def relations(
    entries: Mapping[str, Any], synsets: Mapping[str, Any], common: Callable[[str], float]
) -> dict[str, dict[str, str]]:
    """For each common word or two-word phrase a person may type, the charter's words it may
    mean, by kind."""
    usable = _Usable(common)
    specific: dict[str, list[str]] = defaultdict(list)
    for sid, synset in synsets.items():
        for general in synset.get("hypernym", ()):
            specific[general].append(sid)
    found: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
    for lemma, parts in entries.items():
        word = str(lemma)
        if not usable(word):
            continue
        for pos, entry in parts.items():
            for sense in entry.get("sense", ())[:SENSES]:
                for kind, other in _related(sense, pos, synsets, specific):
                    if usable(other):
                        _add(found, other, kind, word)
    return {typed: _closest(meant, usable) for typed, meant in found.items()}


class _Usable:
    """A word worth keeping: letters only, one or two words, and common (wordfreq's Zipf scale:
    3 is a word met about once in a million words). Abbreviations in capitals ("IT", "PO") are
    kept whatever their frequency."""

    def __init__(self, common: Callable[[str], float], threshold: float = 3.0) -> None:
        self._common = common
        self._threshold = threshold
        self._known: dict[str, bool] = {}

    def __call__(self, word: str) -> bool:
        if word not in self._known:
            plain = word.casefold()
            abbreviation = word.isupper() and 2 <= len(word) <= 5 and word.isalpha()
            self._known[word] = bool(_WORD.match(plain)) and (abbreviation or self._common(plain) >= self._threshold)
        return self._known[word]

    def frequency(self, word: str) -> float:
        return self._common(word.casefold())


def _related(
    sense: Mapping[str, Any],
    pos: str,
    synsets: Mapping[str, Any],
    specific: Mapping[str, list[str]],
) -> Iterable[tuple[str, str]]:
    sid = sense["synset"]
    for member in synsets.get(sid, {}).get("members", ()):
        yield "s", member
    for other in sense.get("derivation", ()):
        yield "d", other.split("%")[0].replace("_", " ")
    if pos != "n":
        return
    for general in synsets.get(sid, {}).get("hypernym", ()):
        if len(specific[general]) > TOO_GENERAL:
            continue
        for member in synsets[general].get("members", ()):
            yield "g", member
            if " " in member:
                yield "g", member.rsplit(" ", 1)[1]  # "portable computer": a computer


def _add(found: dict[str, dict[str, tuple[str, str]]], typed: str, kind: str, written: str) -> None:
    """Remember that ``typed`` may mean ``written`` (by stems), keeping the closest kind when two
    senses meet."""
    key, meant = stem_phrase(typed), stem_phrase(written)
    if not meant or meant == key or not key:
        return
    known = found[key].get(meant)
    if known is None or KINDS.index(kind) < KINDS.index(known[0]):
        found[key][meant] = (kind, written)


def _closest(meant: Mapping[str, tuple[str, str]], usable: _Usable) -> dict[str, str]:
    """At most MEANINGS of a typed word's meanings: the same sense first, then the same root…,
    and within a kind the most common words."""
    order = sorted(meant.items(), key=lambda m: (KINDS.index(m[1][0]), -usable.frequency(m[1][1]), m[0]))
    return {stem: kind for stem, (kind, _word) in order[:MEANINGS]}


def written(found: Mapping[str, Mapping[str, str]], edition: str) -> bytes:
    """The lexicon file: a header naming its source, then one sorted line a stem (deterministic:
    gzip without a name or a time)."""
    lines = [
        f"# charter ask's everyday words, from Open English WordNet {edition} (CC BY 4.0), by stem:",
        "# STEM<TAB>KIND:STEM,STEM;KIND:… with KIND s (same sense), d (same root), g (more general), p (more specific)",
    ]
    for key in sorted(found):
        by_kind: dict[str, list[str]] = defaultdict(list)
        for other, kind in sorted(found[key].items()):
            by_kind[kind].append(other)
        lines.append(key + "\t" + ";".join(f"{k}:{','.join(by_kind[k])}" for k in KINDS if k in by_kind))
    return gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), compresslevel=9, mtime=0)


def main(argv: list[str]) -> int:
    from wordfreq import zipf_frequency  # type: ignore[import-not-found]  # a developer's tool only

    folder, edition = Path(argv[0]), argv[1]
    entries, synsets = read(folder)
    found = relations(entries, synsets, lambda word: float(zipf_frequency(word, "en")))
    target = Path(__file__).with_name("lexicon.tsv.gz")
    target.write_bytes(written(found, edition))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
