"""Built pages lose the indentation of their templates, never white space a reader sees."""

from __future__ import annotations

from charter.publish.compact import compact


def test_indentation_goes_and_line_breaks_stay() -> None:
    page = b"<nav>\n      <ul>\n\t\t<li><a href='x'>A</a></li>\n    </ul>\n</nav>"
    assert compact(page) == b"<nav>\n<ul>\n<li><a href='x'>A</a></li>\n</ul>\n</nav>"


def test_preformatted_text_scripts_and_styles_keep_their_white_space() -> None:
    kept = (
        b"<pre><code>steps:\n  - role: agent\n    letter: R\n</code></pre>",
        b"<PRE class='x'>\n    indented\n</PRE >",
        b"<textarea>\n  typed\n</textarea>",
        b"<script>\n    var a = `\n    two lines`;\n</script>",
        b"<style>\n  .a { color: red }\n</style>",
    )
    for block in kept:
        page = b"<div>\n    <p>before</p>\n" + block + b"\n    <p>after</p>\n</div>"
        assert compact(page) == b"<div>\n<p>before</p>\n" + block + b"\n<p>after</p>\n</div>"


def test_a_compacted_page_is_compacted_already() -> None:
    page = b"<body>\n  <pre>\n  x\n</pre>\n  <p>y</p>\n</body>"
    assert compact(compact(page)) == compact(page)
