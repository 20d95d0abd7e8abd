"""Escaping user text for Markdown, DOT and links."""

from __future__ import annotations

import posixpath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from charter.render import paths
from charter.render.escape import dot, md, safe_url, wrap
from charter.render.pages import code


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("<script>", "&lt;script\\>"),
        ("a & b", "a &amp; b"),
        ("[x](javascript:y)", "\\[x\\]\\(javascript&#58;y\\)"),
        ("A | B", "A &#124; B"),
        ("*bold* _it_ `code`", "\\*bold\\* \\_it\\_ \\`code\\`"),
        ("# heading", "\\# heading"),
        ("1. item", "1\\. item"),
        ("two\nlines", "two lines"),
        ("trailing \\", "trailing \\\\"),
        ("~~x~~ ==y== $z$ :e:", "&#126;&#126;x&#126;&#126; &#61;&#61;y&#61;&#61; &#36;z&#36; &#58;e&#58;"),
    ],
)
def test_md(text: str, escaped: str) -> None:
    assert md(text) == escaped


@pytest.mark.parametrize(
    ("text", "escaped"),
    [('say "hi"', 'say \\"hi\\"'), ("\\N", "\\\\N"), ("end\\", "end\\\\"), ("a\nb", "a b"), ("<b>", "<b>")],
)
def test_dot(text: str, escaped: str) -> None:
    assert dot(text) == escaped


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.com/x", True),
        ("http://example.com", True),
        ("mailto:a@example.com", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        (" javascript:alert(1)", False),
        ("data:text/html,x", False),
        ("vbscript:x", False),
        ("java\tscript:alert(1)", False),
        ("relative/path", False),
    ],
)
def test_safe_url(url: str, safe: bool) -> None:
    assert (safe_url(url) is not None) is safe


def test_wrap_keeps_lines_short_and_marks_cuts() -> None:
    assert wrap("Tell everyone who asked when it ships", 24, 3) == ["Tell everyone who asked", "when it ships"]
    assert wrap("x" * 60, 24, 2) == ["x" * 24, "x" * 23 + "…"]
    assert all(len(line) <= 24 for line in wrap("word " * 40, 24, 3))
    assert wrap("日本語" * 10, 10, 1) == ["日本語日…"]


def test_code_spans_fence_backticks() -> None:
    assert code("org/roles/x.yaml") == "`org/roles/x.yaml`"
    assert code("a`b") == "``a`b``"


@given(
    st.lists(st.sampled_from(["teams", "a", "b", "index.md", "x.svg", "people"]), min_size=1, max_size=5),
    st.lists(st.sampled_from(["teams", "a", "b", "index.md", "x.svg", "people"]), min_size=1, max_size=5),
)
def test_links_between_pages_are_what_relpath_gives(here: list[str], target: list[str]) -> None:
    # paths.relative skips relpath's abspath calls; it must give the same link for every pair.
    h, t = "/".join(here), "/".join(target)
    assert paths.relative(h, t) == posixpath.relpath(t, posixpath.dirname(h) or ".")
