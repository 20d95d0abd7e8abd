"""Swim-lane layout: the customer's lane first, lanes by team, stable under small edits."""

from __future__ import annotations

from charter.render import swimlane
from charter.render.palette import PALETTES
from charter.render.swimlane import Layout, layout
from charter.validate.check import validate
from tests.conftest import ROOT, TODAY, OrgDir

NEW_STEP = """  - id: check-known-issues
    name: Check the known-issues list
    responsible: [agent]
    accountable: service-lead
    next: [fix]
"""


def layout_of(org: OrgDir, outcome: str = "fault-fixed") -> Layout:
    result = validate(str(org.path), TODAY)
    assert result.org is not None, result.problems
    return layout(result.org, result.org.outcomes[outcome])


def test_lanes_customer_first_then_by_team(minimal: OrgDir) -> None:
    lay = layout_of(minimal)
    assert [lane.actor for lane in lay.lanes] == ["customer", "it-engineer", "agent"]
    assert [lane.group for lane in lay.lanes] == ["Customer", "IT", "Customer Service"]
    assert {sid: (p.lane, p.column) for sid, p in lay.placed.items()} == {
        "report": (0, 0),
        "log": (2, 1),
        "fix": (1, 2),
    }


def test_adding_a_step_keeps_lanes_and_relative_positions(minimal: OrgDir) -> None:
    before = layout_of(minimal)
    minimal.replace("outcomes/fault-fixed.yaml", "    next: [fix]\n", "    next: [check-known-issues]\n")
    minimal.write("outcomes/fault-fixed.yaml", minimal.read("outcomes/fault-fixed.yaml") + NEW_STEP)
    after = layout_of(minimal)
    assert [lane.actor for lane in after.lanes] == [lane.actor for lane in before.lanes]
    old = list(before.placed)
    for a in old:
        assert after.placed[a].lane == before.placed[a].lane
        for b in old:
            if before.placed[a].column < before.placed[b].column:
                assert after.placed[a].column < after.placed[b].column
    assert after.placed["check-known-issues"].column == before.placed["log"].column + 1


def test_loops_do_not_break_the_layout(minimal: OrgDir) -> None:
    minimal.replace("outcomes/fault-fixed.yaml", "    informed: [agent]\n", "    informed: [agent]\n    next: [log]\n")
    lay = layout_of(minimal)
    assert lay.placed["fix"].column > lay.placed["log"].column


def test_no_two_steps_share_a_cell() -> None:
    result = validate(str(ROOT / "org"), TODAY)
    assert result.org is not None
    for outcome in result.org.outcomes.values():
        cells = [(p.lane, p.column) for p in layout(result.org, outcome).placed.values()]
        assert len(cells) == len(set(cells)), outcome.id


def test_no_text_is_cut_and_every_box_fits_its_lane() -> None:
    result = validate(str(ROOT / "org"), TODAY)
    assert result.org is not None
    for outcome in result.org.outcomes.values():
        source = swimlane.source(result.org, outcome, PALETTES[0])
        assert "…" not in source, outcome.id  # wrapped over more lines, never cut
        lay = layout(result.org, outcome)
        for p in lay.placed.values():
            assert p.height + 24 <= lay.heights[p.lane], (outcome.id, p.step.id)
            assert len(swimlane.step_lines(result.org, p.step)) * swimlane.LINE_H + 16 <= p.height


LONG_NAME = (
    "Log the case in Salesforce, tell the customer its case number, say when they will hear back next, "
    "and stay their one contact until it is fixed"
)


def test_a_long_step_name_makes_its_lane_taller_and_moves_nothing_sideways(minimal: OrgDir) -> None:
    before = layout_of(minimal)
    minimal.edit(
        "outcomes/fault-fixed.yaml",
        lambda d: d["steps"][1].update(name=LONG_NAME),
    )
    after = layout_of(minimal)
    grown = after.placed["log"].lane
    assert after.heights[grown] > before.heights[grown]
    assert {s: (p.lane, p.column) for s, p in after.placed.items()} == {
        s: (p.lane, p.column) for s, p in before.placed.items()
    }
