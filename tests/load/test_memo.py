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


def test_trees_are_released_once_modelled_and_findings_still_placed_on_their_line(minimal: OrgDir) -> None:
    """Outside a memo, each file's tree is dropped once its model is made (a quarter of a large
    organisation's memory); a finding reported after that is placed from the text the loader read."""
    minimal.replace("roles/agent.yaml", "holders: [ana]", "holders: []")  # vacant: a rule's finding
    found = validate(str(minimal.path), TODAY)
    assert found.org is not None
    # Read again, and kept, for the one file with a finding only.
    assert [r.source.rel for r in found.org.records if r.source.tree is not None] == ["roles/agent.yaml"]
    line = minimal.read("roles/agent.yaml").splitlines().index("holders: []") + 1
    vacant = [p for p in found.problems if p.name == "vacancy"]
    assert [(p.path, p.line, p.column) for p in vacant] == [("roles/agent.yaml", line, len("holders: ") + 1)]
    assert found.org.source("role", "agent").data["holders"] == []  # read again from the loader's text
    with reading_alike(Memo()):
        kept = validate(str(minimal.path), TODAY)
    assert kept.org is not None
    assert all(record.source.tree is not None for record in kept.org.records)  # the memo tells files by them


def test_models_share_their_fields_set_and_a_copy_gets_its_own(minimal: OrgDir) -> None:
    """Every model of a kind given the same fields shares one set of them (170,000 models at
    20,000 roles); ``model_copy(update=...)`` still works, on a set of the copy's own."""
    found = validate(str(minimal.path), TODAY)
    assert found.org is not None
    agent, lead = found.org.roles["agent"], found.org.roles["service-lead"]
    collaborators = [c for role in found.org.roles.values() for c in role.collaborators]
    assert len(collaborators) > 1
    assert (
        len({id(c.model_fields_set) for c in collaborators if c.model_fields_set == collaborators[0].model_fields_set})
        == 1
    )
    moved = agent.model_copy(update={"review_by": None, "id": "agent-2"})
    assert (moved.id, agent.id) == ("agent-2", "agent")
    assert "review_by" in moved.model_fields_set
    assert "review_by" not in agent.model_fields_set
    assert lead.model_copy(deep=True) == lead


def test_a_file_whose_value_the_loader_put_back_keeps_its_tree(minimal: OrgDir) -> None:
    """``name: Null`` is read as the text the manager meant, in the tree alone: that file's tree
    stays, so what a later finding reads of it is what the model was made from."""
    minimal.replace("people/bo.yaml", "name: Bo Lind", "name: Null")
    found = validate(str(minimal.path), TODAY)
    assert [p.path for p in found.problems] == ["people/bo.yaml"]  # the slip is said
    assert found.org is not None
    bo, ana = found.org.source("person", "bo"), found.org.source("person", "ana")
    assert found.org.people["bo"].name == "Null"
    assert bo.tree is not None
    assert bo.data["name"] == "Null"
    assert ana.tree is None  # released: nothing was put back in it


def test_a_released_tree_is_read_again_once_and_dumps_still_work(minimal: OrgDir) -> None:
    found = validate(str(minimal.path), TODAY)
    assert found.org is not None
    agent = found.org.source("role", "agent")
    assert agent.tree is None
    assert agent.data is agent.data  # read again the first time, then kept
    role = found.org.roles["agent"]
    assert set(role.model_dump(exclude_unset=True)) == role.model_fields_set
