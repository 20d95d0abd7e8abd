"""Amounts: a question that names a sum or a share ("who signs off a £40k settlement", "a 20%
discount") finds the entries whose limits hold it ("between £15,000 and £100,000", "above
15%"), and not those whose limits leave it out ("up to 15%").

A charter's limits become words of the index of their own (``§£>60000``), so they are ranked
like any other word, by how few roles hold them; a question's amount is a meaning of each limit
it falls within. A sum typed without its currency sign ("a 40k deal") is taken in any currency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from charter.ask.words import PERCENT_OFF as _PERCENT_OFF

MARK = "§"  # no word of a text starts with it: limits never meet typed words
_NUMBER = r"(?P<{n}>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)\s*(?P<{n}s>k|m|bn|thousand|million)?"
_MONEY = r"(?P<{n}c>[£$€])\s*" + _NUMBER
_PERCENT = _NUMBER + r"\s*(?P<{n}p>%|per\s?cent)"
_SCALE = {"": 1, "k": 1_000, "thousand": 1_000, "m": 1_000_000, "million": 1_000_000, "bn": 1_000_000_000}
_AT_MOST = ("up to", "no more than", "not more than", "at most", "under", "below", "less than", "within")
_AT_LEAST = ("over", "above", "more than", "greater than", "exceeding", "beyond", "at least", "from")


def _amount(name: str) -> str:
    return rf"(?:{_MONEY.format(n=name)}|{_PERCENT.format(n=name + 'q')})"


_ANY = re.compile(_amount("a"), re.IGNORECASE)
_SIGNS = re.compile(r"[%£$€]|per\s?cent", re.IGNORECASE)
_BETWEEN = re.compile(rf"\bbetween\s+{_amount('a')}\s+and\s+{_amount('b')}", re.IGNORECASE)
_WORDS = "|".join(w.replace(" ", r"\s+") for w in (*_AT_MOST, *_AT_LEAST))
_LIMIT = re.compile(rf"\b(?P<cmp>{_WORDS})\s+(?:the\s+|a\s+)?{_amount('a')}", re.IGNORECASE)
_OR = re.compile(rf"{_amount('a')}\s+(?P<cmp>or\s+more|or\s+less|and\s+above|and\s+over|and\s+below)", re.IGNORECASE)
# A money amount needs its sign, or a scale ("a 40k deal"); a bare number is a count of anything.
_SCALED = re.compile(r"(?<![\w.,])(?P<a>\d+(?:\.\d+)?)\s*(?P<as>k|m|bn)\b", re.IGNORECASE)


ANY_CURRENCY = "¤"


@dataclass(frozen=True, slots=True)
class Asked:
    typed: str  # as the question writes it: "£40k"
    unit: str  # its currency sign, "%" for a share, or ANY_CURRENCY
    value: float


def _value(match: re.Match[str], name: str) -> tuple[str, float] | None:
    """The unit and value of the amount named ``name`` in a match."""
    for group in (name, name + "q"):
        number = match.group(group)
        if number is not None:
            scale = (match.group(group + "s") or "").casefold()
            unit = "%" if group.endswith("q") else match.group(group + "c")
            value = float(number.replace(",", "")) * _SCALE[scale]
            # A number of hundreds of digits is no sum anyone means, and float makes it infinite.
            return (unit, value) if value < LARGEST else None
    return None


LARGEST = 1e15  # past a million billion, a "sum" is a typing slip or an attack on the index


def _number(value: float) -> str:
    return f"{value:g}"


def limits(text: str) -> list[str]:
    """The limits a text sets, as words of the index: "up to 15%" is ``§%<=15``, "over £60,000"
    ``§£>60000``, "between £15,000 and £100,000" ``§£15000..100000``."""
    if not _SIGNS.search(text):
        return []  # most texts name no sum: the patterns below are not tried on them
    found: list[str] = []
    taken: set[int] = set()  # where the amounts of the limits found so far start
    for match in _BETWEEN.finditer(text):
        low, high = _value(match, "a"), _value(match, "b")
        if low and high and low[0] == high[0]:
            found.append(f"{MARK}{low[0]}{_number(low[1])}..{_number(high[1])}")
            taken |= {match.start("a") if match.group("a") else match.start("aq")}
            taken |= {match.start("b") if match.group("b") else match.start("bq")}
    for pattern in (_LIMIT, _OR):
        for match in pattern.finditer(text):
            if (amount := _value(match, "a")) is None:
                continue
            taken.add(match.start("a") if match.group("a") else match.start("aq"))
            said = " ".join(match.group("cmp").casefold().split())
            if said in _AT_MOST or said in ("or less", "and below"):
                sign = "<="
            elif said in ("at least", "from", "or more", "and above", "and over"):
                sign = ">="
            else:
                sign = ">"
            found.append(f"{MARK}{amount[0]}{sign}{_number(amount[1])}")
    for match in _ANY.finditer(text):  # an amount with no limit is itself: "availability of 99.9%"
        start = match.start("a") if match.group("a") else match.start("aq")
        if start not in taken and (amount := _value(match, "a")):
            found.append(f"{MARK}{amount[0]}={_number(amount[1])}")
    return list(dict.fromkeys(found))


def asked(question: str) -> list[Asked]:
    """The sums and shares a question names: "£40k", "20%", "a 40k deal"."""
    found = []
    for match in _ANY.finditer(question):
        if amount := _value(match, "a"):
            found.append(Asked(match.group(0).strip(), *amount))
    for match in _SCALED.finditer(question):
        if not any(a.typed.endswith(match.group(0)) for a in found):
            value = float(match.group("a")) * _SCALE[match.group("as").casefold()]
            if value < LARGEST:
                found.append(Asked(match.group(0), ANY_CURRENCY, value))
    return found


def without(question: str) -> str:
    """The question without its amounts, which are looked for as limits, not as numbers: "15"
    alone would find "within 15 minutes". "10% off" leaves its discount."""
    return _SCALED.sub(" ", _ANY.sub(" ", _PERCENT_OFF.sub(" discount ", question)))


def holds(limit: str, amount: Asked) -> bool:
    """Whether an amount falls within a limit (a word made by :func:`limits`)."""
    unit, rule = limit[len(MARK)], limit[len(MARK) + 1 :]
    if unit != amount.unit and not (amount.unit == ANY_CURRENCY and unit != "%"):
        return False
    if ".." in rule:
        low, high = rule.split("..")
        return float(low) <= amount.value <= float(high)
    for sign in ("<=", ">=", ">", "="):
        if rule.startswith(sign):
            bound = float(rule[len(sign) :])
            return {
                "<=": amount.value <= bound,
                ">=": amount.value >= bound,
                ">": amount.value > bound,
                "=": amount.value == bound,
            }[sign]
    return False


def said(limit: str) -> str:
    """A limit in words, for saying which one an amount matched: "over £60,000"."""
    unit, rule = limit[len(MARK)], limit[len(MARK) + 1 :]

    def written(number: str) -> str:
        value = float(number)
        shown = f"{value:,.0f}" if value == int(value) else f"{value:,}"
        return f"{shown}%" if unit == "%" else f"{unit}{shown}"

    if ".." in rule:
        low, high = rule.split("..")
        return f"between {written(low)} and {written(high)}"
    for sign, words in (("<=", "up to"), (">=", "at least"), (">", "over"), ("=", "")):
        if rule.startswith(sign):
            return f"{words} {written(rule[len(sign) :])}".strip()
    return rule
