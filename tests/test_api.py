"""The site's JSON API (api/): an index of every role, person, team and outcome, and one
document per entity, each versioned, with its page and the text a person reads."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import OrgDir, run_charter


def rendered(org: OrgDir, tmp_path: Path) -> Path:
    out = tmp_path / "docs"
    done = run_charter("render", str(org.path), "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out / "docs" / "api"


def test_the_index_names_every_entity_and_each_has_its_document(minimal: OrgDir, tmp_path: Path) -> None:
    api = rendered(minimal, tmp_path)
    index = json.loads((api / "index.json").read_text())
    assert (index["version"], index["kind"]) == (1, "index")
    assert [r["id"] for r in index["roles"]] == ["agent", "it-engineer", "service-lead"]
    assert sorted(p["id"] for p in index["people"]) == ["ana", "bo"]
    for kind in ("roles", "people", "teams", "outcomes"):
        for entry in index[kind]:
            document = json.loads((api.parent / entry["api"]).read_text())
            assert document["id"] == entry["id"]
            assert document["version"] == 1
            assert document["text"]
            assert (api.parent / (entry["page"] + "index.md")).is_file() or (
                api.parent / (entry["page"].rstrip("/") + ".md")
            ).is_file()


def test_a_role_document_holds_what_a_chat_bot_needs(minimal: OrgDir, tmp_path: Path) -> None:
    role = json.loads((rendered(minimal, tmp_path) / "roles" / "agent.json").read_text())
    assert role["title"] == "Service Desk Agent"
    assert role["team"] == {"id": "service", "name": "Customer Service", "channel": ""}
    assert role["owns"] == ["Logging every call"]
    assert role["holders"][0]["id"] == "ana"
    assert role["collaborators"][0]["not_when"] == "A known fix applies"
    assert {s["outcome"] for s in role["steps"]} == {"fault-fixed"}
    assert role["page"] == "teams/service/agent/"


def test_an_outcome_document_gives_letters_and_hand_offs(minimal: OrgDir, tmp_path: Path) -> None:
    outcome = json.loads((rendered(minimal, tmp_path) / "outcomes" / "fault-fixed.json").read_text())
    first = outcome["steps"][0]
    assert first["letters"]["accountable"][0]["kind"] == "role"
    assert isinstance(first["hands_off_to"], list)
    assert (
        outcome["accountable"]["id"] == outcome["steps"][0]["letters"]["accountable"][0]["id"] or outcome["accountable"]
    )


def test_two_renders_write_the_same_api(minimal: OrgDir, tmp_path: Path) -> None:
    first = rendered(minimal, tmp_path / "a")
    second = rendered(minimal, tmp_path / "b")
    files = sorted(p.relative_to(first) for p in first.rglob("*.json"))
    assert files == sorted(p.relative_to(second) for p in second.rglob("*.json"))
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)
