"""One meaning per concept: the site's pages, the JSON API and the MCP server read the model's
derived facts, so they agree on every hand-off and on who holds every role.

Checked on the example organisation, on a generated one, and on a small one built to hold the
cases two earlier definitions of a hand-off disagreed on ({a, b} → {a}, {a} → {a, b})."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import anyio
import pytest

from benchmarks.generate import generate
from charter.mcp.server import Charter, server
from charter.render import render
from charter.schema.models import outcome_steps
from tests.conftest import ROOT, TODAY, OrgDir, copy_fixture

HANDOFFS_SAID = re.compile(r"\*\*(\d+) hand\\-offs?\*\* between roles")  # Markdown escapes the dash

SHARED = """
  - id: together
    name: Agent and engineer look at it
    responsible: [agent, it-engineer]
    accountable: service-lead
    next: [agent-alone]
  - id: agent-alone
    name: Agent writes it up
    responsible: [agent]
    accountable: service-lead
    next: [agent-again]
  - id: agent-again
    name: Agent closes it
    responsible: [agent]
    accountable: service-lead
    next: [both-again]
  - id: both-again
    name: Both confirm with the customer
    responsible: [agent, it-engineer]
    accountable: service-lead
"""


def shared_steps(tmp_path: Path) -> OrgDir:
    org = copy_fixture("minimal", tmp_path)
    org.write("outcomes/shared-work.yaml", (ROOT / "tests/fixtures/minimal/outcomes/fault-fixed.yaml").read_text()
              .replace("id: fault-fixed", "id: shared-work").split("steps:")[0] + "steps:" + SHARED)  # fmt: skip
    return org


def organisations(tmp_path: Path) -> dict[str, str]:
    generated = tmp_path / "generated"
    generate("XS", generated)
    return {"example": str(ROOT / "org"), "generated": str(generated), "shared": str(shared_steps(tmp_path).path)}


def mcp_answers(org_dir: str, tool: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    """The MCP server's structured answer for each id, its tools called as the SDK calls them
    (in a thread of its own: a worker that also drives the browser has an event loop running)."""
    mcp = server(org_dir, TODAY)

    async def calls() -> dict[str, dict[str, Any]]:
        found = {}
        for entity_id in ids:
            result = await mcp.call_tool(tool, {"id": entity_id})
            found[entity_id] = getattr(result, "structured_content", None) or {}
        return found

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(anyio.run, calls).result()


def pairs_from_api(document: dict[str, Any]) -> set[tuple[str, str]]:
    steps = document["steps"]
    assert isinstance(steps, list)
    return {(step["id"], after) for step in steps for after in step["hands_off_to"]}


@pytest.mark.parametrize("name", ["example", "generated", "shared"])
def test_pages_api_and_mcp_agree_on_every_handoff(name: str, tmp_path: Path) -> None:
    org_dir = organisations(tmp_path)[name]
    charter = Charter(org_dir, TODAY)  # what the MCP server's tools answer from
    org = charter.org
    assert org is not None, charter.result.problems
    files = render(org, charter.result.problems, org_dir=org_dir)
    answered = mcp_answers(org_dir, "outcome", list(org.outcomes))
    checked = 0
    for outcome in org.outcomes.values():
        model = {(a.id, b.id) for a, b in org.facts.handoffs(outcome)}
        api = pairs_from_api(json.loads(files[f"api/outcomes/{outcome.id}.json"]))
        mcp = pairs_from_api(answered[outcome.id])
        page = files[f"outcomes/{outcome.id}.md"].decode()
        said = HANDOFFS_SAID.search(page)
        assert said is not None, page[:400]
        assert api == mcp == model, outcome.id
        assert int(said.group(1)) == len(model), outcome.id
        checked += len(model)
    assert checked > 0


def test_handoffs_are_listed_as_next_is_written(tmp_path: Path) -> None:
    """A ``next`` list that names a step twice lists the hand-off twice, as the file says."""
    org = shared_steps(tmp_path)
    org.replace("outcomes/shared-work.yaml", "next: [agent-alone]", "next: [agent-alone, agent-alone]")
    charter = Charter(str(org.path), TODAY)
    assert charter.org is not None, charter.result.problems
    outcome = charter.org.outcomes["shared-work"]
    together = outcome_steps(outcome)[0]
    assert charter.org.facts.hands_off_to(outcome, together) == ["agent-alone", "agent-alone"]


def test_a_change_of_performers_is_a_handoff_either_way(tmp_path: Path) -> None:
    """{a, b} → {a} and {a} → {a, b} both hand off; {a} → {a} does not."""
    charter = Charter(str(shared_steps(tmp_path).path), TODAY)
    assert charter.org is not None
    outcome = charter.org.outcomes["shared-work"]
    assert [(a.id, b.id) for a, b in charter.org.facts.handoffs(outcome)] == [
        ("together", "agent-alone"),
        ("agent-again", "both-again"),
    ]


@pytest.mark.parametrize("name", ["example", "generated"])
def test_pages_api_and_mcp_name_the_same_holders(name: str, tmp_path: Path) -> None:
    org_dir = organisations(tmp_path)[name]
    charter = Charter(org_dir, TODAY)
    org = charter.org
    assert org is not None
    files = render(org, charter.result.problems, org_dir=org_dir)
    answered = mcp_answers(org_dir, "role", list(org.roles))
    assert sum(len(org.holders(r)) for r in org.roles) > 0
    for role_id in org.roles:
        model = [p.id for p in org.holders(role_id)]
        api = [h["id"] for h in json.loads(files[f"api/roles/{role_id}.json"])["holders"]]
        assert api == [h["id"] for h in answered[role_id]["holders"]] == model, role_id
        for person in model:
            held = json.loads(files[f"api/people/{person}.json"])["roles"]
            assert role_id in [r["id"] for r in held]


def test_every_step_of_the_example_is_counted_once() -> None:
    charter = Charter(str(ROOT / "org"), TODAY)
    assert charter.org is not None
    steps = sum(len(outcome_steps(o)) for o in charter.org.outcomes.values())
    assert len(charter.org.steps()) == steps
