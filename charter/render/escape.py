"""User text into Markdown, DOT and links, literally.

Every name, purpose and promise is typed by someone; none of it may become markup. Markdown
text is escaped character by character (HTML's ``<`` and ``&`` as entities, Markdown's
punctuation with a backslash) and newlines are collapsed where they would break a table or a
list. DOT labels are always double-quoted strings (never HTML-like labels, never records), with
backslashes escaped so that ``\\N`` or a trailing ``\\`` stays text. Links keep only the
``http``, ``https`` and ``mailto`` schemes.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from urllib.parse import urlsplit

# Python-Markdown's own backslash escapes; the other characters Material's extensions give a
# meaning to (tables' |, tilde, mark, caret, emoji's :, maths' $) become numeric entities.
_MD_BACKSLASH = re.compile(r"([\\`*_{}\[\]()#+\-.!>])")
_MD_ENTITY = {"|": "&#124;", "~": "&#126;", "=": "&#61;", "^": "&#94;", ":": "&#58;", "$": "&#36;"}
_SPACES = re.compile(r"\s+")


def one_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


_MD_ENTITIES = str.maketrans(_MD_ENTITY)


def md(text: object) -> str:
    """Escape text for inline Markdown (also safe in table cells and list items)."""
    return _md(str(text))


# The same names (a role's title, a team's, a person's) are escaped on hundreds of pages of a
# large site: one escape per distinct text.
@functools.lru_cache(maxsize=1 << 16)
def _md(text: str) -> str:
    value = one_line(text)
    value = value.replace("&", "&amp;").replace("<", "&lt;")
    value = _MD_BACKSLASH.sub(r"\\\1", value)
    return value.translate(_MD_ENTITIES)


_TEXT_SPECIAL = re.compile(r"([\\`*_\[\]~>])")


def md_text(text: object) -> str:
    """A lighter escape for running text that never starts a line (a list item's sentence):
    only what would make markup anywhere in a line — emphasis, code, links, HTML — is escaped,
    so the Markdown stays readable in a terminal too."""
    value = re.sub(r"&(?=#?\w+;)", "&amp;", one_line(str(text))).replace("<", "&lt;")
    return _TEXT_SPECIAL.sub(r"\\\1", value)


def dot(text: str) -> str:
    """Escape text for a double-quoted DOT string; ``\\n`` in the result is a line break."""
    return one_line(text).replace("\\", "\\\\").replace('"', '\\"')


def dot_lines(lines: list[str]) -> str:
    return "\\n".join(dot(line) for line in lines)


SAFE_SCHEMES = frozenset(("http", "https", "mailto"))


def safe_url(url: str) -> str | None:
    """The URL when its scheme is http, https or mailto; None otherwise."""
    candidate = url.strip()
    if any(ord(ch) < 0x20 for ch in candidate):
        return None
    try:
        scheme = urlsplit(candidate).scheme.lower()
    except ValueError:
        return None
    return candidate if scheme in SAFE_SCHEMES else None


def url_in_md(url: str) -> str:
    """A URL for a Markdown link target: angle-bracketed with its brackets and spaces encoded."""
    encoded = url.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E").replace("\\", "%5C")
    return f"<{encoded}>"


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def wrap(
    text: str, width: float, max_lines: int, measure: Callable[[str], float] = _width, *, hyphen: bool = False
) -> list[str]:
    """Break text into lines of at most ``width`` (by default columns, wide characters counting
    two; ``measure`` gives another width to each character), cutting long words (with a hyphen
    between two letters, when ``hyphen``), and end with "…" when it needs more than
    ``max_lines``."""

    def size(s: str) -> float:
        return sum(map(measure, s))

    words = one_line(text).split(" ")
    lines: list[str] = []
    current = ""
    for whole in words:
        word = whole
        while size(word) > width:  # a word longer than a line is cut
            room = width - (size(current) + measure(" ") if current else 0)
            if room < 4 * measure("n"):
                lines.append(current)
                current, room = "", width
            dash = measure("-") if hyphen else 0.0
            cut, used = 0, 0.0
            while cut < len(word) and used + measure(word[cut]) + dash <= room:
                used += measure(word[cut])
                cut += 1
            cut = max(cut, 1)  # a line always takes a character, however narrow
            piece = word[:cut] + ("-" if hyphen and word[cut - 1].isalpha() and word[cut : cut + 1].isalpha() else "")
            current = f"{current} {piece}" if current else piece
            lines.append(current)
            current, word = "", word[cut:]
        candidate = f"{current} {word}" if current else word
        if size(candidate) <= width:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and size(last) + measure("…") > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines
