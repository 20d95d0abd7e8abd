"""The hostile-names organisation: every name renders literally, in every page and diagram.

Pages are converted to HTML with Python-Markdown and the extensions the site uses, then parsed:
no element or attribute may come from user text, no link may use a scheme other than http,
https or mailto, and each hostile name must appear as text. Diagrams are drawn by the real
Graphviz and their SVG parsed the same way.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from charter.render import render
from charter.validate.check import validate
from tests.conftest import FIXTURES, TODAY

NAMES = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "A | B {c}",
    "\\N",
    'Say "hi"',
    "Trailing \\",
    "{{ 7*7 }}",
    "<svg onload=alert(1)>",
    "</td><script>alert(2)</script>",
    "[click](javascript:alert(3))",
]
ALLOWED_TAGS = {
    "p", "h1", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "code", "table", "thead", "tbody", "tr",
    "th", "td", "div", "hr", "br", "img", "blockquote", "span", "kbd", "input",  # input: the ask filter
    # A promise's swim-lanes, inline SVG. Two kinds of <style>, neither with anything typed: the
    # swim-lanes' width in pixels, the collaboration matrix's placement rules (numbers only).
    "style", "svg", "title", "rect", "line", "circle", "path", "text", "tspan",
}  # fmt: skip
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.keys"]


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        (self.styles if self._in_style else self.text).append(data)


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    result = validate(str(FIXTURES / "hostile"), TODAY)
    assert result.org is not None
    assert result.problems == ()
    return render(result.org, result.problems, org_dir=str(FIXTURES / "hostile"))


def html_of(page: bytes) -> Page:
    text = page.decode()
    body = text.split("\n---\n", 1)[1]  # drop the front matter, as MkDocs does
    parsed = Page()
    parsed.feed(markdown.markdown(body, extensions=EXTENSIONS))
    return parsed


def test_no_user_text_becomes_markup(files: dict[str, bytes]) -> None:
    pages = [rel for rel in files if rel.endswith(".md")]
    assert len(pages) == 16
    for rel in pages:
        page = html_of(files[rel])
        for tag, attrs in page.tags:
            assert tag in ALLOWED_TAGS, f"{rel}: <{tag}>"
            if tag == "style":
                style = page.styles.pop(0)
                swimlanes = re.fullmatch(r"@container charter-flow \(width < \d+px\) \{[^<>]*\}", style)
                matrix = re.fullmatch(r"(\.charter-matrix \.[rc]\d+\{grid-(row|column):\d+\})*", style)
                assert swimlanes or matrix, f"{rel}: {style[:80]}"
            assert not any(name.startswith("on") for name in attrs), f"{rel}: {tag} {attrs}"
            href = attrs.get("href") or attrs.get("src") or ""
            assert not re.match(r"\s*(javascript|data|vbscript):", href, re.I), f"{rel}: {href}"
            if tag == "img":
                assert (attrs.get("src") or "").startswith("../") or (attrs.get("src") or "").startswith("diagrams/")


def test_every_name_reads_literally(files: dict[str, bytes]) -> None:
    text = "\n".join("".join(html_of(files[rel]).text) for rel in files if rel.endswith(".md"))
    for name in NAMES:
        assert name in text, name


def test_front_matter_titles_are_escaped(files: dict[str, bytes]) -> None:
    home = files["index.md"].decode()
    assert 'title: "&lt;script&gt;alert(1)&lt;/script&gt;"' in home


def test_diagrams_hold_names_as_text(files: dict[str, bytes]) -> None:
    svgs = [rel for rel in files if rel.endswith(".svg")]
    seen = ""
    for rel in svgs:
        page = Page()
        page.feed(files[rel].decode())
        for tag, attrs in page.tags:
            assert tag not in ("script", "foreignobject", "iframe"), rel
            assert not any(name.startswith("on") for name in attrs), rel
        seen += "\n".join(page.text)
    # "\\N" was a role title in the team maps; team pictures name teams (tests/render/test_collabmap.py
    # draws a team named "\\N"). A name may be wrapped over lines, a long word cut with a hyphen.
    whole = re.sub(r"-\n|\s+", "", seen)
    for name in ["A | B {c}", 'Say "hi"', "<svg onload=alert(1)>", "[x](javascript:alert(1))"]:
        assert re.sub(r"\s+", "", name) in whole, name


def test_emails_with_unsafe_schemes_are_not_links(files: dict[str, bytes]) -> None:
    page = html_of(files["people/ana.md"])
    assert not any(tag == "a" and "javascript" in (attrs.get("href") or "") for tag, attrs in page.tags)
    assert "javascript:alert(4)" in "".join(page.text)


def test_fixture_is_the_hostile_one() -> None:
    assert "<script>" in (Path(FIXTURES / "hostile" / "organisation.yaml")).read_text()
