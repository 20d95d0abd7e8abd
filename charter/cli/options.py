"""Checks of what was typed on the command line, made once, here: the stages trust what they
are given. Each answers with a value or raises a :class:`UsageError` (or, for argparse's own
types, an ``ArgumentTypeError``) saying what was found and what to type instead."""

from __future__ import annotations

import argparse
import datetime
import os
from pathlib import Path

from charter.cli.places import UsageError
from charter.core.suggest import hint_for

QUIET_HELP = "no progress on standard error (shown on a terminal; in a log, a line for each step over a second)"
TODAY_HELP = "the date to check expiries against"


def today(value: str | None) -> datetime.date:
    """``--today``, else ``$CHARTER_TODAY``, else today."""
    # An empty --today is a slip to report; an empty CHARTER_TODAY is the variable left unset.
    raw = value if value is not None else os.environ.get("CHARTER_TODAY")
    if raw is None or (value is None and not raw):
        return datetime.date.today()
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        shaped = len(raw) == 10 and raw[4] == raw[7] == "-" and raw.replace("-", "").isdigit()
        raise UsageError(
            f"--today / CHARTER_TODAY must be a date written YYYY-MM-DD, not {raw!r}"
            + (" (there is no such day)" if shaped else "")
        ) from None


def input_file(name: str, what: str) -> Path:
    """A file to read, or a usage error naming what is there instead (with a "did you mean" from
    the files beside it)."""
    path = Path(name)
    if path.is_dir():
        raise UsageError(f"'{name}' is a folder; give the {what}")
    if not path.exists():
        try:
            beside = [p.name for p in path.parent.iterdir() if p.is_file()] if path.parent.is_dir() else []
        except OSError:
            beside = []
        hint = hint_for(path.name, beside)
        raise UsageError(f"there is no file '{name}'" + (f"; {hint}" if hint else ""))
    return path


def limit(text: str) -> int:
    if not (text.isascii() and text.isdigit() and 0 < int(text) <= 100):
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of answers from 1 to 100")
    return int(text)


def port(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = -1
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a port: give a number from 1 to 65535 (0 picks any free port)"
        )
    return number


def table_number(text: str) -> tuple[int, ...]:
    """``--table``: one table's number (``2``), or several read as one matrix (``2,3,4`` or ``2-4``)."""
    numbers: list[int] = []
    for part in text.split(","):
        low, _dash, high = part.strip().partition("-")
        ends = [low, high] if high else [low]
        if not all(e.isascii() and e.isdigit() and 0 < int(e) < 10_000 for e in ends) or int(ends[0]) > int(ends[-1]):
            raise argparse.ArgumentTypeError(
                f"'{text}' is not a table's number (the first table of the file is 1), nor numbers such as 2,3,4 or 2-4"
            )
        numbers += range(int(ends[0]), int(ends[-1]) + 1)
    return tuple(dict.fromkeys(numbers))
