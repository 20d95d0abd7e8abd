"""Counting in words: "1 file", "2 files", "3 entities"."""

from __future__ import annotations


def plural(n: int, word: str, many: str | None = None) -> str:
    """``word`` or its plural for ``n`` (``many``, or ``word`` + s)."""
    return word if n == 1 else (many or f"{word}s")


def count(n: int, word: str, many: str | None = None) -> str:
    """``n`` and the word in the right number: ``count(2, "file")`` → "2 files"."""
    return f"{n} {plural(n, word, many)}"
