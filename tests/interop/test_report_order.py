"""The scaffold's templates filled in, and their values quoted, the one way for charter new and
the stubs charter import raci writes."""

from __future__ import annotations

import pytest

from charter.author.templates import fill, quoted
from charter.load.yamlfile import parse


def test_fill_replaces_in_one_pass_and_leaves_out_a_line_whose_value_is_none() -> None:
    text = "id: @ID@\ntitle: @TITLE@\nowner: @OWNER@  # check it\nend\n"
    assert fill(text, {"@ID@": "a", "@TITLE@": '"@ID@"', "@OWNER@": None}) == 'id: a\ntitle: "@ID@"\nend\n'
    with pytest.raises(KeyError):
        fill(text, {"@ID@": "a"})


@pytest.mark.parametrize("text", ['Say "hi"', "Back\\slash", "Café Ω", "tab\there", "two\nlines", "#: [x]", "null", ""])
def test_quoted_reads_back_as_written(text: str) -> None:
    parsed = parse(f"value: {quoted(text)}\n")
    assert parsed.data is not None
    assert parsed.data["value"] == text
