"""A Content-Security-Policy for every page of a freshly built site, and a last check for script.

User text is escaped long before the site is built (charter.render.escape), but a policy in the
page itself is the second wall: should any markup ever get through, the browser still runs no
script but the site's own. Material writes three small inline scripts into every page (its
storage helpers, the saved colour palette, the open tab); they are allowed by their SHA-256 hash,
so the policy needs neither ``'unsafe-inline'`` nor ``'unsafe-eval'`` for script (only
``'wasm-unsafe-eval'``, so that the search's WebAssembly can be compiled). Python-Markdown
aligns table columns with ``style="text-align: …"`` attributes; those exact values are allowed by
hash under ``'unsafe-hashes'``, so no other inline style applies either. Zensical's search box
lives in a shadow root with a ``<style>`` its bundle inserts; that constant stylesheet is read
from the bundle and allowed by hash too.

The policy goes into a ``<meta http-equiv>`` right after ``<meta charset>``, before any script
or stylesheet, because the site is static files that any web server may serve: it travels with
the pages. A ``<meta>`` policy cannot carry ``frame-ancestors``, ``report-uri`` or ``sandbox``;
those need an HTTP header from the server (see RELIABILITY.md).

A page that holds an inline event handler (``onclick=``…) or a ``javascript:`` URL is refused:
such markup must never be built, and the policy would only hide it. The work is one linear
regular-expression pass per page, and the output depends on nothing but the input.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import re
from pathlib import Path
from typing import NamedTuple

from charter.publish.compact import compact
from charter.publish.engine import EngineError

# The directives that do not depend on the page; see RELIABILITY.md for why each is there.
FIXED = (
    ("default-src", "'none'"),  # anything not named below: frames, media, manifests, prefetches
    ("img-src", "'self' data:"),  # Material's stylesheet draws its icons from data: SVGs
    ("font-src", "'self'"),
    ("connect-src", "'self'"),  # the search index, fetched by the search worker
    ("worker-src", "'self'"),  # Material's search runs in a web worker
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
META_START = b'<meta http-equiv="Content-Security-Policy" content="'

# One token at a time: a comment, a raw-text element (script, style) with its text, or a tag.
# The alternatives begin differently, and a quoted attribute value is taken whole, so a ">"
# inside quotes does not end a tag. An attribute list splits into quoted values and runs of other
# characters in one way only, so the runs are taken whole and never given back (possessive
# quantifiers): the same tokens, in half the time of a character at a time. A tag's name is not
# taken so: it may hold a quote (``<p"a onclick=…>``), which the name must give back for the tag
# to be read at all.
_TOKEN = re.compile(
    rb"<!--.*?-->"
    rb"|<(script|style)\b((?:\"[^\"]*\"|'[^']*'|[^'\">]++)*+)>(.*?)</\1\s*>"
    rb"|<([a-zA-Z][^\s/>]*)((?:\"[^\"]*\"|'[^']*'|[^'\">]++)*+)>",
    re.DOTALL | re.IGNORECASE,
)
_ATTRIBUTE = re.compile(rb"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
# HTML's JavaScript MIME types: a <script> of any other type is a data block, never run.
_JS_TYPES = frozenset(
    b"text/" + name
    for name in (
        b"javascript",
        b"ecmascript",
        b"javascript1.0",
        b"javascript1.1",
        b"javascript1.2",
        b"javascript1.3",
        b"javascript1.4",
        b"javascript1.5",
        b"jscript",
        b"livescript",
        b"x-ecmascript",
        b"x-javascript",
    )
) | {b"", b"module", b"application/javascript", b"application/ecmascript", b"application/x-javascript"}
_URL_ATTRIBUTES = frozenset(
    (b"href", b"xlink:href", b"src", b"action", b"formaction", b"poster", b"data", b"background", b"cite")
)
# A stylesheet a bundle inserts as a constant: ``h("style",{},Tc.toString())`` … ``Tc='…'``
# (Zensical's search box). Only literals without escapes: their text is the text hashed.
_INSERTED_STYLE = re.compile(rb'\("style",\{\},([A-Za-z_$][\w$]*)(?:\.toString\(\))?\)')
_LITERAL = rb"""\s*=\s*(?:'([^'\\\n]*)'|"([^"\\\n]*)"|`([^`\\$]*)`)"""
_BAD_SCHEME = re.compile(r"^(?:javascript|vbscript):", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


class UnsafePage(EngineError):
    """A built page holds markup that runs script outside the policy (an event handler, a
    ``javascript:`` URL) or a policy charter did not write. An ``EngineError``, so ``publish``
    fails the build and leaves the previous site as it was."""


def digest(text: bytes) -> str:
    """The CSP source expression for an inline script's or style's text, as the browser sees it
    (HTML turns CR LF and lone CR into LF before the text reaches the DOM)."""
    normal = text.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return "'sha256-" + base64.b64encode(hashlib.sha256(normal).digest()).decode("ascii") + "'"


def _attributes(raw: bytes) -> dict[bytes, bytes]:
    found: dict[bytes, bytes] = {}
    for match in _ATTRIBUTE.finditer(raw):
        name, value = match.group(1).lower(), match.group(2) or b""
        if value[:1] in (b'"', b"'"):
            value = value[1:-1]
        found.setdefault(name, value)
    return found


class _Tag(NamedTuple):
    """What the policy needs of one tag, the same wherever the same tag is written."""

    name: bytes
    unsafe: str | None  # why it runs script outside any policy, if it does
    is_policy: bool  # a Content-Security-Policy of its own
    style: str | None  # the hash of its style attribute
    inline_script: bool  # a <script> whose text runs (no src, a JavaScript type)


def _unsafe(tag: bytes, attributes: dict[bytes, bytes]) -> str | None:
    for name, value in attributes.items():
        if name.startswith(b"on"):
            return f"<{tag.decode(errors='replace')}> has an event handler '{name.decode()}'"
        if name in _URL_ATTRIBUTES:
            url = _INVISIBLE.sub("", html.unescape(value.decode("utf-8", "replace")))
            if _BAD_SCHEME.match(url):
                return f"<{tag.decode(errors='replace')} {name.decode()}> is a script URL"
    return None


# The navigation repeats the same tags on every page: each is read once per process (at 5,000
# roles, half of a page's time went into reading its tags' attributes again). Long attribute
# lists (a diagram's paths) are each on one page only: read every time, never kept.
_KEPT_UP_TO = 256


def _tag(raw_name: bytes, raw_attributes: bytes) -> _Tag:
    if len(raw_attributes) > _KEPT_UP_TO:
        return _read_tag(raw_name, raw_attributes)
    return _kept_tag(raw_name, raw_attributes)


def _read_tag(raw_name: bytes, raw_attributes: bytes) -> _Tag:
    name = raw_name.lower()
    attributes = _attributes(raw_attributes)
    unsafe = _unsafe(name, attributes)
    is_policy = name == b"meta" and attributes.get(b"http-equiv", b"").lower() == b"content-security-policy"
    style = None
    if b"style" in attributes and unsafe is None and not is_policy:
        # As the browser reads it: a byte that is not UTF-8 is U+FFFD.
        style = digest(html.unescape(attributes[b"style"].decode("utf-8", "replace")).encode("utf-8"))
    runs = name == b"script" and b"src" not in attributes
    return _Tag(name, unsafe, is_policy, style, runs and attributes.get(b"type", b"").strip().lower() in _JS_TYPES)


_kept_tag = functools.lru_cache(maxsize=1 << 16)(_read_tag)


def inserted_styles(site: Path) -> list[str]:
    """The hashes of the constant stylesheets the site's own JavaScript bundles insert."""
    found: set[str] = set()
    for bundle in sorted(site.glob("assets/javascripts/*.js")):
        code = bundle.read_bytes()
        for name in sorted(set(_INSERTED_STYLE.findall(code))):
            for literal in re.finditer(rb"(?<![\w$.])" + re.escape(name) + _LITERAL, code):
                found.add(digest(next(text for text in literal.groups() if text is not None)))
    return sorted(found)


def policy(page: bytes, where: str = "page", styles_inserted: list[str] | None = None) -> str:
    """The policy for one page: the fixed directives plus the hashes of its inline scripts and
    styles (and of ``styles_inserted``, from ``inserted_styles``). Raises ``UnsafePage`` on an
    event handler, a script URL or a policy already there."""
    scripts: list[str] = []
    styles: list[str] = list(styles_inserted or ())
    attribute_styles: list[str] = []
    for match in _TOKEN.finditer(page):
        raw_name, raw_attributes = match.group(1) or match.group(4), match.group(2) or match.group(5)
        if raw_name is None:
            continue  # a comment
        tag = _tag(raw_name, raw_attributes or b"")
        if tag.unsafe is not None:
            raise UnsafePage(f"{where}: {tag.unsafe}")
        if tag.is_policy:
            raise UnsafePage(f"{where}: already has a Content-Security-Policy")
        if tag.style is not None:
            attribute_styles.append(tag.style)
        text = match.group(3)
        if text is None:
            continue  # a <script> or <style> never closed: not hashed, so the policy blocks it
        if tag.inline_script:
            scripts.append(digest(text))
        elif tag.name == b"style":
            styles.append(digest(text))
    # Pagefind's search runs as WebAssembly, which must be compiled: 'wasm-unsafe-eval' allows
    # exactly that, and no eval() of JavaScript.
    script_src = " ".join(["'self'", "'wasm-unsafe-eval'", *sorted(set(scripts))])
    style_src = "'self'"
    if styles or attribute_styles:
        style_src = " ".join(
            ["'self'", *(["'unsafe-hashes'"] if attribute_styles else []), *sorted(set(styles + attribute_styles))]
        )
    directives = [FIXED[0], ("script-src", script_src), ("style-src", style_src), *FIXED[1:]]
    return "; ".join(f"{directive} {sources}" for directive, sources in directives)


_CHARSET = re.compile(rb"<meta\s+charset\s*=\s*[\"']?[\w-]+[\"']?\s*/?>", re.IGNORECASE)
_HEAD = re.compile(rb"<head\b(?:\"[^\"]*\"|'[^']*'|[^'\">])*>", re.IGNORECASE)
_FIRST_SCRIPT = re.compile(rb"<script\b", re.IGNORECASE)


def protect(page: bytes, where: str = "page", styles_inserted: list[str] | None = None) -> bytes:
    """``page`` with its policy in a ``<meta>`` right after ``<meta charset>`` (or ``<head>``)."""
    meta = META_START + policy(page, where, styles_inserted).encode("ascii") + b'">'
    first_script = _FIRST_SCRIPT.search(page)
    limit = first_script.start() if first_script else len(page)
    anchor = _CHARSET.search(page, 0, limit) or _HEAD.search(page, 0, limit)
    if anchor is None:
        raise UnsafePage(f"{where}: no <head> before the first script to hold the policy")
    return page[: anchor.end()] + meta + page[anchor.end() :]


def harden_page(rel: str, path: Path, styles_inserted: list[str]) -> bytes:
    """The built page at ``path`` (``rel`` from the site's root) compacted and with its policy
    put in, written back; returns it."""
    page = path.read_bytes()
    protected = protect(compact(page), rel, styles_inserted)
    if protected != page:
        path.unlink()  # a new file: the page may be a hard link shared with the preview's copy
        path.write_bytes(protected)
    return protected
