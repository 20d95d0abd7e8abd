"""Finding and reading the organisation's files: what is read, what is refused, never a hang."""

from __future__ import annotations

import os

from charter.core.problem import shown_path
from charter.load.discover import discover, load_files
from charter.load.yamlfile import MAX_FILE_BYTES
from tests.conftest import OrgDir


def test_files_are_found_sorted_with_their_kind(minimal: OrgDir) -> None:
    minimal.write("roles/sub/extra.yaml", "id: extra\n")
    minimal.write("roles/notes.md", "not yaml\n")
    minimal.write("roles/.hidden.yaml", "ignored: true\n")
    minimal.write("people/cy.yml", "id: cy\nname: Cy\n")
    listing, problems, _ = discover(str(minimal.path))
    assert problems == []
    assert ("roles/sub/extra.yaml", "role") in listing
    assert ("people/cy.yml", "person") in listing
    assert listing == sorted(listing)
    assert not any("notes" in rel or "hidden" in rel for rel, _ in listing)


def test_oversized_file_is_refused_before_reading(minimal: OrgDir) -> None:
    minimal.write("people/big.yaml", "id: big\nname: " + "x" * MAX_FILE_BYTES + "\n")
    (problem,) = minimal.validate().problems
    assert (problem.code, problem.line) == ("CH001", 0)
    assert problem.path == "people/big.yaml"  # inside the organisation folder; shown with it


def test_fifo_is_refused_without_hanging(minimal: OrgDir) -> None:
    os.mkfifo(minimal.path / "people" / "pipe.yaml")
    (problem,) = minimal.validate().problems
    assert (problem.code, problem.message) == ("CH014", "is not a regular file")


def test_linked_folder_is_not_followed(minimal: OrgDir) -> None:
    outside = minimal.path.parent / "outside"
    outside.mkdir()
    (outside / "x.yaml").write_text("id: x\nname: X\n")
    os.symlink(outside, minimal.path / "people" / "more")
    problems = minimal.validate().problems
    assert [(p.code, p.path) for p in problems] == [("CH014", "people/more")]


def test_one_bad_file_does_not_hide_problems_in_others(minimal: OrgDir) -> None:
    minimal.write("people/bo.yaml", "id: bo\nname: [\n")
    minimal.replace("roles/agent.yaml", "title:", "tittle:")
    assert sorted(minimal.codes()) == ["CH004", "CH020"]


def test_files_that_fail_to_load_are_not_passed_on(minimal: OrgDir) -> None:
    minimal.write("people/bo.yaml", "id: bo\nname: [\n")
    loaded = load_files(str(minimal.path))
    assert loaded.count == 10
    assert len(loaded.files) == 9
    assert [(p.path, p.code) for p in loaded.problems] == [("people/bo.yaml", "CH004")]
    assert [(u.rel, u.kind, u.id) for u in loaded.unread] == [("people/bo.yaml", "person", "bo")]
    assert loaded.texts["people/bo.yaml"] == "id: bo\nname: [\n"  # the excerpts' text: read once


def test_a_duplicate_key_is_reported_and_the_file_still_read(minimal: OrgDir) -> None:
    # The first value is kept, so the file's other mistakes are reported in the same run.
    minimal.write("people/bo.yaml", "id: bo\nid: bo\nnmae: Bo\n")
    loaded = load_files(str(minimal.path))
    assert len(loaded.files) == 10
    assert loaded.unread == []
    assert [p.code for p in loaded.problems] == ["CH005"]
    assert sorted(minimal.codes()) == ["CH005", "CH020"]  # 'nmae', did you mean 'name'?


def test_unknown_keys_are_capped_per_file(minimal: OrgDir) -> None:
    minimal.write("people/bo.yaml", "id: bo\nname: Bo\n" + "".join(f"k{i}: v\n" for i in range(5000)))
    problems = minimal.validate().problems
    assert len(problems) == 51
    assert "… and 4950 more problems in this file" in [p.message for p in problems]


def test_file_names_that_are_not_utf8_are_shown_escaped(minimal: OrgDir) -> None:
    name = os.fsdecode(b"\xff.yaml")
    (minimal.path / "people" / name).write_text("id: x\nname: X\n")
    paths = {shown_path("org", p.path) for p in minimal.validate().problems}
    assert "org/people/\\xff.yaml" in paths


def test_linked_organisation_file_is_one_problem(minimal: OrgDir) -> None:
    real = minimal.path.parent / "settings.yaml"
    (minimal.path / "organisation.yaml").rename(real)
    os.symlink(real, minimal.path / "organisation.yaml")
    assert minimal.codes() == ["CH014"]


def test_wrong_suffix_in_a_kind_folder_is_reported(minimal: OrgDir) -> None:
    minimal.write("people/cy.json", "{}")
    minimal.write("people/README.md", "notes")
    (problem,) = minimal.validate().problems
    assert (problem.code, problem.hint) == ("CH013", "charter reads .yaml files: name it 'cy.yaml'")
