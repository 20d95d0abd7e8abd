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
    ("Café", not "Caf\\u00e9")."""
    return json.dumps(text, ensure_ascii=False)


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
