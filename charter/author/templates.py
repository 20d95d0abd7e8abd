"""The files charter starts for people to fill in, made from the templates in templates/scaffold/.

``charter new`` and ``charter init`` write a template per kind (``role.yaml``, ``team.yaml`` …);
``charter import raci`` writes its stubs from ``imported-*.yaml`` beside them. Every one is
filled in by :func:`fill`, and every text put into one is quoted by :func:`quoted`, so a title
that reads back right in one file reads back right in all of them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from charter.render import TEMPLATES

SCAFFOLD = TEMPLATES / "scaffold"
PLACEHOLDER = re.compile(r"@[A-Z_]+@")


def quoted(text: str) -> str:
    """``text`` as a YAML double-quoted string that reads back as exactly ``text``.

    JSON's strings are YAML's double-quoted ones, escapes included, so ``json.dumps`` writes it:
    quotes and backslashes escaped, a line break as ``\\n`` (a raw one would be folded into a
    space), other control characters as ``\\uXXXX`` (raw, YAML refuses the whole file; escaped,
    the file reads and charter names the character), and every other character as typed
    ("Café", not "Caf\\u00e9").

    Characters charter's loader refuses even escaped (bidirectional and zero-width controls, the
    line and paragraph separators, C0/C1 controls other than tab and line feed) are left out, a
    separator as a space: what charter writes, charter reads. ``charter new`` refuses a title
    holding one before it gets here (:func:`refused_character`)."""
    return json.dumps(readable(text), ensure_ascii=False)


def readable(text: str) -> str:
    """``text`` without the characters charter's loader refuses in a file."""
    from charter.load.yamlfile import FORBIDDEN

    return FORBIDDEN.sub(lambda m: " " if m.group(0) in ("\u2028", "\u2029", "\x85", "\r") else "", text)


def refused_character(text: str) -> str | None:
    """The first character of ``text`` charter's loader would refuse, described, or None."""
    from charter.load.yamlfile import FORBIDDEN, describe_char

    found = FORBIDDEN.search(text)
    return describe_char(found.group(0)[0]) if found else None


def comment_text(text: str) -> str:
    """``text`` safe inside a ``# …`` comment: on one line, every line break or other control
    or format character written as its escape (``\\n``), so a name can never end the comment
    and start a key of its own ("x\\nparent: y")."""
    import unicodedata

    return "".join(
        ch.encode("unicode_escape").decode("ascii") if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch
        for ch in text
    )


def template(name: str) -> str:
    """The text of a template in templates/scaffold/."""
    return (SCAFFOLD / name).read_text(encoding="utf-8")


def fill(text: str, values: Mapping[str, str | None]) -> str:
    """``text`` with each ``@PLACEHOLDER@`` replaced by its value.

    In one pass over the template, so that a value that happens to hold ``@TEAM@`` is written as
    it is. A line with a placeholder whose value is None is left out: an optional line, such as
    the accountable role an import could not name. A placeholder with no value is a KeyError (a
    template and its caller out of step)."""

    def value(match: re.Match[str]) -> str:
        found = values[match.group(0)]
        assert found is not None  # its line was left out
        return found

    lines = text.splitlines(keepends=True)
    kept = [line for line in lines if all(values[name] is not None for name in PLACEHOLDER.findall(line))]
    return "".join(PLACEHOLDER.sub(value, line) for line in kept)
