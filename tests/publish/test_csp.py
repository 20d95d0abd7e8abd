"""The Content-Security-Policy put into every built page (charter.publish.csp)."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest

from charter.publish.build import PublishError, publish
from charter.publish.csp import UnsafePage
from charter.publish.hardening import harden

HEAD = '<!doctype html>\n<html><head>\n<meta charset="utf-8">\n<title>t</title>\n'


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def page(tmp_path: Path, body: str, head: str = HEAD) -> Path:
    path = tmp_path / "site" / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(head + body, encoding="utf-8")
    return path


def directives(path: Path) -> dict[str, list[str]]:
    found = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', path.read_text())
    assert len(found) == 1
    return {part.split()[0]: part.split()[1:] for part in found[0].split("; ")}


def test_inline_scripts_are_allowed_by_their_hash_and_nothing_else(tmp_path: Path) -> None:
    first = 'var a = "é</p>";\n'
    path = page(tmp_path, f"</head><body><script>{first}</script><script type=module>b()</script></body></html>")
    assert harden(tmp_path / "site") == 1
    policy = directives(path)
    assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'", *sorted([sha(first), sha("b()")])]
    assert policy["default-src"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["style-src"] == ["'self'"]  # no inline style on the page: none allowed
    assert "'unsafe-inline'" not in path.read_text()
    assert "'unsafe-eval'" not in path.read_text()
    assert "frame-ancestors" not in policy  # ignored in a <meta>: a header's job


def test_hash_is_of_the_text_as_the_browser_sees_it(tmp_path: Path) -> None:
    path = page(tmp_path, "</head><body><script>a()\r\nb()\r</script></body></html>")
    harden(tmp_path / "site")
    assert directives(path)["script-src"] == ["'self'", "'wasm-unsafe-eval'", sha("a()\nb()\n")]


def test_data_blocks_and_external_scripts_are_not_hashed(tmp_path: Path) -> None:
    config = '{"search": "x.js"}'
    path = page(
        tmp_path,
        f'</head><body><script id="__config" type="application/json">{config}</script>'
        '<script src="assets/bundle.js"></script><!-- <script>old()</script> --></body></html>',
    )
    harden(tmp_path / "site")
    assert directives(path)["script-src"] == ["'self'", "'wasm-unsafe-eval'"]


def test_the_policy_comes_before_any_script(tmp_path: Path) -> None:
    path = page(tmp_path, "<script>early()</script></head><body></body></html>")
    harden(tmp_path / "site")
    text = path.read_text()
    assert text.index('<meta charset="utf-8">') < text.index("Content-Security-Policy") < text.index("<script")
    no_charset = page(tmp_path / "b", "<script>x()</script></head></html>", head="<html><head lang=en>")
    harden(tmp_path / "b" / "site")
    assert no_charset.read_text().startswith('<html><head lang=en><meta http-equiv="Content-Security-Policy"')


def test_style_attributes_are_allowed_only_by_their_exact_value(tmp_path: Path) -> None:
    path = page(tmp_path, '</head><body><td style="text-align: center;">1</td><td style="a&amp;b">2</td></body>')
    harden(tmp_path / "site")
    assert directives(path)["style-src"] == [
        "'self'",
        "'unsafe-hashes'",
        *sorted([sha("text-align: center;"), sha("a&b")]),
    ]


def test_a_stylesheet_the_bundle_inserts_is_allowed_by_its_hash(tmp_path: Path) -> None:
    path = page(tmp_path, "</head><body></body></html>")
    bundle = tmp_path / "site" / "assets" / "javascripts" / "bundle.1.min.js"
    bundle.parent.mkdir(parents=True)
    bundle.write_text("var Tc='.r{color:red}';o.appendChild(C(\"style\",{},Tc.toString()));var x='.no{}';")
    harden(tmp_path / "site")
    assert directives(path)["style-src"] == ["'self'", sha(".r{color:red}")]


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="x.png" onerror="alert(1)">',
        "<p ONCLICK=alert(1)>x</p>",
        '<svg><circle onload="x()"/></svg>',
        '<a href="javascript:alert(1)">x</a>',
        '<a href=" JavaScript:alert(1)">x</a>',
        '<a href="java&#x09;script:alert(1)">x</a>',
        '<a href="&#106;avascript:alert(1)">x</a>',
        "<svg><a xlink:href='javascript:x()'><text>x</text></a></svg>",
        '<iframe src="vbscript:x"></iframe>',
        '<meta http-equiv="content-security-policy" content="script-src *">',
    ],
)
def test_script_outside_the_policy_is_refused(tmp_path: Path, markup: str) -> None:
    path = page(tmp_path, f"</head><body>{markup}</body></html>")
    before = path.read_bytes()
    with pytest.raises(UnsafePage, match=r"index\.html"):
        harden(tmp_path / "site")
    assert path.read_bytes() == before


def test_words_that_only_look_like_script_are_text(tmp_path: Path) -> None:
    body = (
        '<p title="x > onclick=alert(1)">onclick=alert(1) and javascript:alert(1)</p>'
        '<a href="https://example.com/javascript:x" data-on="1">ok</a><code>&lt;script&gt;</code>'
    )
    path = page(tmp_path, f"</head><body>{body}</body></html>")
    assert harden(tmp_path / "site") == 1
    assert directives(path)["script-src"] == ["'self'", "'wasm-unsafe-eval'"]


def test_applying_it_twice_is_refused(tmp_path: Path) -> None:
    page(tmp_path, "<script>a()</script></head><body></body></html>")
    harden(tmp_path / "site")
    with pytest.raises(UnsafePage, match="already has a Content-Security-Policy"):
        harden(tmp_path / "site")


def test_output_is_deterministic(tmp_path: Path) -> None:
    body = '<script>b()</script><script>a()</script></head><body><td style="x:1">1</td></body>'
    for folder in ("one", "two"):
        for name in ("index.html", "sub/index.html"):
            path = tmp_path / folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(HEAD + body)
        assert harden(tmp_path / folder) == 2
    for name in ("index.html", "sub/index.html"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_a_page_without_a_head_is_refused(tmp_path: Path) -> None:
    page(tmp_path, "<p>x</p>", head="<script>a()</script>")
    with pytest.raises(UnsafePage, match="no <head>"):
        harden(tmp_path / "site")


def test_an_event_handler_fails_the_build_and_keeps_the_old_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    config = "site_name: t\ndocs_dir: docs\nsite_dir: site\ntheme: {name: material, custom_dir: theme}\n"
    publish({"index.md": b"# Home\n"}, config, site)
    home = (site / "index.html").read_bytes()
    assert b'<meta http-equiv="Content-Security-Policy"' in home
    with pytest.raises(PublishError, match=r"index\.html: <img> has an event handler 'onerror'"):
        publish({"index.md": b'# Home\n\n<img src="x.png" onerror="alert(1)">\n'}, config, site)
    assert (site / "index.html").read_bytes() == home


def test_a_quote_in_a_tag_s_name_hides_no_event_handler(tmp_path: Path) -> None:
    """A browser reads ``<p"a onclick=…>`` as an element ``p"a`` with an event handler: the name
    gives its quote back, and the handler is found."""
    page(tmp_path, """</head><body><p"a onclick=alert(1) title=it's>click</p>"<b></body></html>""")
    with pytest.raises(UnsafePage, match=r"index\.html: <p> has an event handler 'onclick'"):
        harden(tmp_path / "site")


def test_a_script_inside_a_broken_tag_is_not_allowed(tmp_path: Path) -> None:
    path = page(tmp_path, '</head><body><x-y="a/b"<script>alert(1)</script></body></html>')
    harden(tmp_path / "site")
    assert sha("alert(1)") not in directives(path)["script-src"]


def test_a_style_that_is_not_utf8_is_hashed_as_the_browser_reads_it_and_fails_nothing(tmp_path: Path) -> None:
    path = page(tmp_path, "</head><body><p>x</p></body></html>")
    path.write_bytes(path.read_bytes().replace(b"<p>", b'<p style="color: red\xff">'))
    harden(tmp_path / "site")
    assert sha("color: red\ufffd").encode() in path.read_bytes()
    path.write_bytes(HEAD.encode() + b'</head><body><p style="\xff" onclick=x>x</p>')
    with pytest.raises(UnsafePage, match=r"index\.html: <p> has an event handler 'onclick'"):
        harden(tmp_path / "site")


@pytest.mark.parametrize("element", ["style", "script"])
def test_a_raw_text_element_never_closed_is_not_hashed(tmp_path: Path, element: str) -> None:
    path = page(tmp_path, f"</head><body><p>x</p><{element}>body {{ color: red }}")
    harden(tmp_path / "site")
    assert sha("body { color: red }") not in path.read_text()
