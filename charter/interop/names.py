"""Names as people wrote them in a table, made clean for titles and ids.

A matrix in a README writes ``[Prerequisites](Prerequisites_Guide.md)``, ``**Deploy**`` and
`` `terraform apply` ``; a reader of the imported charter wants "Prerequisites", "Deploy" and
"terraform apply", and an id made of those words, not of the link's target.
"""

from __future__ import annotations

import html
import re
import unicodedata

from anyascii import anyascii

_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])")
_CODE = re.compile(r"`+([^`]*)`+")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])|(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)")
_STRIKE = re.compile(r"~~(.+?)~~")
_BREAK = re.compile(r"<br\s*/?>", re.I)
# Only the tags people put in table cells: "<id>" in "#inc-<id>" is text.
_TAG = re.compile(r"</?(?:b|i|u|s|em|strong|span|sup|sub|small|code|mark|del|ins|a|p|div|font)\b[^>]*>", re.I)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")

ID_LIMIT = 60


def clean(text: str) -> str:
    """The words of a cell without Markdown or HTML marks, on one line."""
    value = _IMAGE.sub(r"\1", text)
    value = _LINK.sub(r"\1", value)
    value = _CODE.sub(r"\1", value)
    value = _STRONG.sub(r"\2", value)
    value = _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), value)
    value = _STRIKE.sub(r"\1", value)
    value = _ESCAPE.sub(r"\1", _TAG.sub("", _BREAK.sub(" ", value)))
    return " ".join(html.unescape(value).split())


def slug(text: str, limit: int = ID_LIMIT) -> str:
    """An id from a name: lower-case ASCII words joined by dashes, cut after a whole word."""
    # Transliterated, not dropped: a Cyrillic or Greek name must not become an empty id.
    words = "".join(" " if unicodedata.category(ch)[0] == "S" else ch for ch in clean(text))  # no emoji names
    plain = anyascii(unicodedata.normalize("NFC", words)).lower()
    value = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    if len(value) > limit:
        head = value[: limit + 1]
        value = head.rsplit("-", 1)[0] if "-" in head else value[:limit]
    return value.strip("-") or "step"
