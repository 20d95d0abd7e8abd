"""Built pages without the indentation their templates leave in them.

Material's templates indent every navigation entry by its depth in the template source: on a
role page of an organisation of 5,000 roles the navigation was 45 KB of a 62 KB page, most of it
spaces. A browser collapses a run of white space to one space in running text, so removing the
spaces and tabs that begin a line (the line break stays) changes nothing a reader sees, except
where white space is kept as written: ``<pre>`` and ``<textarea>``, which are left as they are,
with ``<script>`` and ``<style>``. The policy pass (:mod:`charter.publish.csp`) runs on the
compacted page, so the hashes it writes are those of what is served.
"""

from __future__ import annotations

import re

# Elements whose text is kept exactly: preformatted text, and raw text (scripts, styles).
_KEPT = re.compile(rb"<(pre|textarea|script|style)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_INDENT = re.compile(rb"\n[ \t]+")


def compact(page: bytes) -> bytes:
    """``page`` with the spaces and tabs at the start of its lines removed, outside the
    elements that keep their white space."""
    parts: list[bytes] = []
    done = 0
    for kept in _KEPT.finditer(page):
        parts.append(_INDENT.sub(b"\n", page[done : kept.start()]))
        parts.append(kept.group())
        done = kept.end()
    parts.append(_INDENT.sub(b"\n", page[done:]))
    return b"".join(parts)
