"""Fuzzing the renderer: every valid organisation the fuzzer builds renders and builds a site.

The organisations grow from the minimal fixture: every text a manager types is replaced by
generated text (any printable Unicode, markup, Markdown and template syntax, long words), and
extra roles, people and collaborations are added. Each must validate without errors, render
pages whose user text never becomes markup and diagrams that are well-formed SVG, and keep every
text exactly as typed (model.json); a few are built into a whole site with MkDocs.
"""

from __future__ import annotations

import copy
import json
import re
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from charter.core.problem import Problem, Severity
from charter.load.tree import plain
from charter.load.yamlfile import parse
from charter.model.graph import Org
from charter.publish.build import build_site
from charter.render import render
from charter.validate.check import validate
from tests.conftest import FIXTURES, ROOT, TODAY, examples

BASE = {  # read by charter's loader: PyYAML would take the key ``on`` for the boolean true
    rel.relative_to(FIXTURES / "minimal").as_posix(): plain(parse(rel.read_text(encoding="utf-8")).data)
    for rel in sorted((FIXTURES / "minimal").rglob("*.yaml"))
}
MARKUP = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "A | B {c}",
          "*bold* _it_ `code`", "{{ 7 * 7 }}", "{% if %}", "&amp; &lt;", "# heading", "<!-- x -->", "\\", "]]>",
          '"quoted" \'single\'', "x" * 300]  # fmt: skip
# Printable text: the loader refuses control, format (bidi, zero-width), separator and private
# characters, so a valid organisation never holds them.
PRINTABLE = st.characters(codec="utf-8", exclude_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))
TEXT = st.one_of(
    st.sampled_from(MARKUP),
    st.text(PRINTABLE, min_size=1, max_size=40),
    st.lists(st.sampled_from(MARKUP), min_size=2, max_size=4).map(" ".join),
).filter(lambda text: text.strip() == text and text != "")


@st.composite
def organisations(draw: st.DrawFn) -> dict[str, Any]:
    files = copy.deepcopy(BASE)
    texts = []

    def text() -> str:
        value = draw(TEXT)
        texts.append(value)
        return value

    files["organisation.yaml"].update(name=text(), common_goal=text(), principles=[text()])
    for rel, data in files.items():
        if rel.startswith("teams/"):
            data.update(name=text(), purpose=text())
        elif rel.startswith("people/") or rel.startswith("external/"):
            data["name"] = text()
        elif rel.startswith("roles/"):
            data.update(title=text(), purpose=text(), owns=[text()])
            for collaborator in data.get("collaborators", []):
                collaborator["on"] = text()
        elif rel.startswith("outcomes/"):
            data.update(name=text(), promise=text())
            for step in data["steps"]:
                step["name"] = text()
    for index in range(draw(st.integers(0, 4))):
        team = draw(st.sampled_from(["service", "it"]))
        partner = draw(st.sampled_from(["agent", "it-engineer", "service-lead"]))
        files[f"people/p{index}.yaml"] = {"id": f"p{index}", "name": text()}
        files[f"roles/r{index}.yaml"] = {
            "id": f"r{index}",
            "title": text(),
            "team": team,
            "purpose": text(),
            "owns": [text()],
            "collaborators": [{"role": partner, "on": text()}],
            "holders": [f"p{index}"],
        }
        files[f"roles/{partner}.yaml"].setdefault("collaborators", []).append({"role": f"r{index}", "on": text()})
    files["texts"] = texts
    return files


def write(folder: Path, files: dict[str, Any]) -> None:
    for rel, data in files.items():
        if rel == "texts":
            continue
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


@contextmanager
def valid(files: dict[str, Any]) -> Iterator[tuple[Path, Org, tuple[Problem, ...]]]:
    """The organisation written to a temporary folder and validated: it must have no error."""
    with tempfile.TemporaryDirectory(prefix="charter-orgs-") as tmp:
        folder = Path(tmp) / "org"
        write(folder, files)
        result = validate(str(folder), TODAY)
        errors = [p for p in result.problems if p.severity is Severity.ERROR]
        assert errors == [], errors
        assert result.org is not None
        yield folder, result.org, result.problems


def assert_no_user_markup(page: str, texts: list[str], where: object) -> None:
    """No text the manager typed that looks like a tag stands in ``page`` unescaped."""
    for text in texts:
        if re.search(r"<[a-zA-Z!/]", text):
            assert text not in page, (where, text)


@settings(max_examples=examples(25))
@given(organisations())
def test_every_valid_organisation_renders_safely(files: dict[str, Any]) -> None:
    with valid(files) as (folder, org, problems):
        rendered = render(org, problems, org_dir=str(folder))
    stored = json.dumps(json.loads(rendered["downloads/model.json"]), ensure_ascii=False)
    for text in files["texts"]:
        assert json.dumps(text, ensure_ascii=False)[1:-1] in stored  # kept exactly as typed
    for path, content in rendered.items():
        if path.endswith(".svg"):
            svg = ET.fromstring(content)  # well-formed: no user text broke out of its element
            for element in svg.iter():
                assert not element.tag.endswith(("script", "foreignObject")), path
                assert not [name for name in element.attrib if name.lower().startswith("on")], path
        elif path.endswith(".md"):
            assert_no_user_markup(content.decode("utf-8"), files["texts"], path)


@settings(max_examples=examples(3))
@given(organisations())
def test_every_valid_organisation_builds_a_site(files: dict[str, Any]) -> None:
    with valid(files) as (folder, org, problems):
        site = folder.parent / "site"
        built = build_site(org, problems, org_dir=str(folder), target=site, base_config=ROOT / "mkdocs.yml")
        assert built.pages >= 15
        for page in site.rglob("*.html"):
            assert_no_user_markup(page.read_text(encoding="utf-8"), files["texts"], page)
