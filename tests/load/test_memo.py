"""A memo of what files read as, kept from one validation to the next (charter serve's): only
the files an edit changed are parsed again, and the findings are a fresh validation's."""

from __future__ import annotations

from charter.load import discover
from charter.load.discover import Memo, reading_alike
from charter.validate.check import validate
from tests.conftest import TODAY, OrgDir


def parses(memo: Memo, org: OrgDir) -> tuple[int, list[str]]:
    """How many files one validation under ``memo`` parsed, and the codes it found."""
    before = set(memo.parsed)
    with reading_alike(memo):
        found = validate(str(org.path), TODAY)
    memo.forget_unused()
    return len(set(memo.parsed) - before), [p.code for p in found.problems]


def test_only_an_edited_file_is_parsed_again_and_the_findings_are_a_fresh_runs(minimal: OrgDir) -> None:
    memo = Memo()
    files = len(list(org_files(minimal)))
    assert parses(memo, minimal) == (files, [])
    assert parses(memo, minimal) == (0, [])
    minimal.replace("roles/agent.yaml", "team: service", "team: servce")
    parsed, codes = parses(memo, minimal)
    assert parsed == 1
    assert codes == [p.code for p in validate(str(minimal.path), TODAY).problems]
    assert codes  # the unknown team is found, not the file as it was before
    # What the old bytes read as is forgotten, and what was made of them with it.
    assert len(memo.parsed) == files
    assert {key[0] for key in memo.made} <= {id(read.data) for read in memo.parsed.values()}
    minimal.replace("roles/agent.yaml", "team: servce", "team: service")
    assert parses(memo, minimal) == (1, [])


def test_without_a_memo_nothing_is_kept(minimal: OrgDir) -> None:
    validate(str(minimal.path), TODAY)
    assert discover._in_effect == []


def org_files(org: OrgDir) -> list[str]:
    return [p.name for p in org.path.rglob("*.yaml") if ".schema" not in p.parts]
