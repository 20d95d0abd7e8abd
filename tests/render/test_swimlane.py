"""Swim-lanes: the layout (customer's lane first, lanes by team, stable under small edits) and the
two pictures drawn from it (fit, links, hand-offs and loops told apart without colour).

What the pictures look like in a browser (nothing scrolls, no text under 12 px, no text out of
its box) is measured in tests/browser/test_swimlanes.py.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from charter.model.graph import Org
from charter.render import svg, swimlane_desktop, swimlane_overview, swimlane_phone
from charter.render.entity_pages import flow_pictures
from charter.render.palette import PALETTES, Palette
from charter.render.svg import Picture
from charter.render.swimlane import Layout, layout
from charter.render.swimlane_text import Hrefs
from charter.schema.models import outcome_steps
from charter.validate.check import validate
from tests.conftest import ROOT, TODAY, OrgDir

FLOWS = ROOT / "tests" / "fixtures" / "flows"
HREFS = Hrefs(role=lambda actor: f"role:{actor}", step=lambda step_id: f"#step-{step_id}")

NEW_STEP = """  - id: check-known-issues
    name: Check the known-issues list
    responsible: [agent]
    accountable: service-lead
    next: [fix]
"""


def org_of(path: Path) -> Org:
    result = validate(str(path), TODAY)
    assert result.org is not None, result.problems
    return result.org


def layout_of(org: OrgDir, outcome: str = "fault-fixed") -> Layout:
    found = org_of(org.path)
    return layout(found, found.outcomes[outcome])


def test_lanes_customer_first_then_by_team(minimal: OrgDir) -> None:
    lay = layout_of(minimal)
    assert [lane.actor for lane in lay.lanes] == ["customer", "it-engineer", "agent"]
    assert [lane.group for lane in lay.lanes] == ["Customer", "IT", "Customer Service"]
    assert {sid: (p.lane, p.rank, p.number) for sid, p in lay.placed.items()} == {
        "report": (0, 0, 1),
        "log": (2, 1, 2),
        "fix": (1, 2, 3),
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
            if before.placed[a].rank < before.placed[b].rank:
                assert after.placed[a].rank < after.placed[b].rank
    assert after.placed["check-known-issues"].rank == before.placed["log"].rank + 1


def test_a_loop_is_drawn_dashed_and_does_not_break_the_layout(minimal: OrgDir) -> None:
    minimal.replace("outcomes/fault-fixed.yaml", "    informed: [agent]\n", "    informed: [agent]\n    next: [log]\n")
    lay = layout_of(minimal)
    assert lay.placed["fix"].rank > lay.placed["log"].rank
    assert lay.back == {("fix", "log")}
    org = org_of(minimal.path)
    for draw in (swimlane_desktop.picture, swimlane_phone.picture):
        body = draw(org, layout(org, org.outcomes["fault-fixed"]), None).body
        # One dashed line, the loop; thick too, as it hands the work back to another role.
        assert re.findall(r'class="(c-loop[a-z-]*)"', body) == ["c-loop-handoff", "c-loop-handoff-head"], draw


def test_no_two_steps_of_a_lane_share_a_rank() -> None:
    for path in (ROOT / "org", FLOWS):
        org = org_of(path)
        for outcome in org.outcomes.values():
            cells = [(p.lane, p.rank) for p in layout(org, outcome).placed.values()]
            assert len(cells) == len(set(cells)), outcome.id


def test_a_hand_off_is_what_the_model_calls_one_even_within_a_lane(minimal: OrgDir) -> None:
    """{agent, it-engineer} → {agent} stays in the agent's lane but changes who works: thick."""
    minimal.edit("outcomes/fault-fixed.yaml", lambda d: d["steps"][1].update(responsible=["agent", "it-engineer"]))
    minimal.edit("outcomes/fault-fixed.yaml", lambda d: d["steps"][2].update(responsible=["agent"]))
    org = org_of(minimal.path)
    lay = layout(org, org.outcomes["fault-fixed"])
    links = {(link.before.step.id, link.after.step.id): link for link in lay.links(org)}
    assert links["log", "fix"].before.lane == links["log", "fix"].after.lane
    assert links["log", "fix"].handoff
    assert {(a.id, b.id) for a, b in org.facts.handoffs(org.outcomes["fault-fixed"])} == {
        pair for pair, link in links.items() if link.handoff
    }


def every_picture() -> list[tuple[str, str, Picture]]:
    found = []
    for path in (ROOT / "org", FLOWS):
        org = org_of(path)
        for outcome in org.outcomes.values():
            lay = layout(org, outcome)
            found.append((outcome.id, "desktop", swimlane_desktop.picture(org, lay, HREFS)))
            found.append((outcome.id, "phone", swimlane_phone.picture(org, lay, HREFS)))
    return found


PICTURES = every_picture()


def test_up_to_eight_lanes_fit_a_desktop_page_in_columns() -> None:
    org = org_of(FLOWS)
    widths = {}
    for outcome in org.outcomes.values():
        lay = layout(org, outcome)
        picture = swimlane_desktop.picture(org, lay, HREFS)
        assert picture.width <= swimlane_desktop.TARGET, outcome.id  # 930 px of content at 1400 px
        widths[len(lay.lanes)] = 'class="c-lane-a"' in picture.body  # lanes as columns, or the stack
    assert widths[8]
    assert widths[1]
    assert not widths[9]
    assert not widths[16]


@pytest.mark.parametrize(("outcome", "kind", "picture"), PICTURES, ids=[f"{o}-{k}" for o, k, _ in PICTURES])
def test_every_text_is_whole_and_every_step_is_linked(outcome: str, kind: str, picture: Picture) -> None:
    texts = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", picture.body)
    assert texts
    assert not any(t.endswith("…") for t in texts), "wrapped over more lines, never cut"
    sizes = {float(s) for s in re.findall(r'font-size="([\d.]+)"', picture.body)}
    assert min(sizes) >= 12.5, sizes
    if kind == "phone":
        assert picture.width <= 340 or outcome == "enterprise-renewal-secured"  # 16 lanes: wider
    steps = set(re.findall(r'href="#step-([a-z0-9-]+)"', picture.body))
    assert steps, "every step links to its text"
    # Names are text: "<script>" and "[x](javascript:…)" in a name stay letters, never markup.
    assert "<script" not in picture.body
    assert 'href="javascript' not in picture.body


def test_each_step_and_lane_links_where_the_page_says(example: OrgDir) -> None:
    org = org_of(example.path)
    outcome = org.outcomes["issue-resolved-24h"]
    pictures = flow_pictures(org, outcome, "outcomes/issue-resolved-24h.md")
    for inline in (pictures.desktop, pictures.phone):
        assert set(re.findall(r'href="#step-([a-z0-9-]+)"', inline)) == {s.id for s in outcome_steps(outcome)}
        assert 'href="../../teams/customer-service/service-desk-agent/"' in inline
        assert "<style>" not in inline  # coloured by the page's stylesheet, in either scheme
    assert pictures.switch >= 864  # the desktop's picture only where its text stays 12 px


def test_a_download_stands_alone_in_each_palette() -> None:
    org = org_of(ROOT / "org")
    lay = layout(org, org.outcomes["issue-resolved-24h"])
    picture = swimlane_desktop.picture(org, lay, None)
    light, dark = (picture.standalone(p).decode() for p in PALETTES)
    assert light.startswith("<?xml")
    assert "<style>" in light
    assert "href=" not in light
    assert PALETTES[0].background in light
    assert PALETTES[1].background in dark
    assert light.replace(PALETTES[0].background, "") != dark.replace(PALETTES[1].background, "")


def test_the_same_promise_draws_the_same_bytes() -> None:
    first = [(o, k, p.body) for o, k, p in every_picture()]
    assert first == [(o, k, p.body) for o, k, p in PICTURES]


LONG_NAME = (
    "Log the case in Salesforce, tell the customer its case number, say when they will hear back next, "
    "and stay their one contact until it is fixed"
)


def test_a_long_step_name_makes_its_box_taller_and_moves_no_step(minimal: OrgDir) -> None:
    org = org_of(minimal.path)
    before = layout(org, org.outcomes["fault-fixed"])
    small = swimlane_desktop.picture(org, before, None)
    minimal.edit("outcomes/fault-fixed.yaml", lambda d: d["steps"][1].update(name=LONG_NAME))
    org = org_of(minimal.path)
    after = layout(org, org.outcomes["fault-fixed"])
    tall = swimlane_desktop.picture(org, after, None)
    assert tall.height > small.height
    assert tall.width == small.width
    assert {s: (p.lane, p.rank) for s, p in after.placed.items()} == {
        s: (p.lane, p.rank) for s, p in before.placed.items()
    }


def test_a_long_promise_gets_an_overview_of_its_whole_shape() -> None:
    org = org_of(FLOWS)
    for outcome in org.outcomes.values():
        lay = layout(org, outcome)
        pictures = flow_pictures(org, outcome, f"outcomes/{outcome.id}.md")
        has = "charter-flow__overview" in pictures.desktop
        assert has == (lay.ranks > swimlane_overview.LONG), outcome.id
        if has:
            overview = swimlane_overview.picture(org, lay, HREFS, 900)
            linked = re.findall(r'href="#step-([a-z0-9-]+)"', overview.body)
            assert sorted(linked) == sorted(lay.placed), "a dot for every step, linked to its text"
            assert "<tspan" in overview.body  # its rows are named


@pytest.mark.parametrize("palette", PALETTES, ids=[p.name for p in PALETTES])
def test_hand_offs_loops_and_touchpoints_differ_by_more_than_colour(palette: Palette) -> None:
    rules = dict(re.findall(r"\.(c-[a-z-]+)\{([^}]*)\}", svg.rules(palette, "")))

    def width(cls: str) -> float:
        return float(re.findall(r"stroke-width:([\d.]+)", rules[cls])[0])

    assert width("c-handoff") >= 2 * width("c-flow")  # thick, not only blue
    assert "dasharray" in rules["c-loop"]
    assert "dasharray" not in rules["c-flow"] + rules["c-handoff"]  # dashed only when going back
    assert "dasharray" in rules["c-touch"]
    assert "dasharray" not in rules["c-step"]  # a touchpoint's box is dashed, not only orange
    assert width("c-touch") > width("c-step")


def test_a_step_done_by_two_roles_keeps_the_second_lane_free_for_its_tag(minimal: OrgDir) -> None:
    """The "with 2." tag in the IT engineer's lane never covers a step of that lane."""
    minimal.edit("outcomes/fault-fixed.yaml", lambda d: d["steps"][1].update(responsible=["agent", "it-engineer"]))
    minimal.edit("outcomes/fault-fixed.yaml", lambda d: d["steps"][0].update(next=["log", "fix"]))
    lay = layout_of(minimal)
    it_lane = next(i for i, lane in enumerate(lay.lanes) if lane.actor == "it-engineer")
    assert lay.placed["fix"].lane == it_lane
    assert lay.placed["fix"].rank != lay.placed["log"].rank


def test_a_step_that_repeats_itself_is_drawn_as_an_ear(minimal: OrgDir) -> None:
    minimal.replace("outcomes/fault-fixed.yaml", "    informed: [agent]\n", "    informed: [agent]\n    next: [fix]\n")
    org = org_of(minimal.path)
    body = swimlane_desktop.picture(org, layout(org, org.outcomes["fault-fixed"]), None).body
    loop = re.search(r'<path d="M([\d.]+),([\d.]+) C([\d.]+),[^"]*" class="c-loop', body)
    assert loop is not None
    assert float(loop.group(3)) - float(loop.group(1)) >= 10  # out of the box's side, visibly


def test_loops_go_back_through_the_gaps_and_the_margin_never_over_a_box() -> None:
    org = org_of(FLOWS)
    for outcome_id in ("case-reopened-until-fixed", "promise-audit-cycle", "erp-migration-delivered"):
        lay = layout(org, org.outcomes[outcome_id])
        if len(lay.lanes) > swimlane_desktop.MAX_LANES:
            continue
        body = swimlane_desktop.picture(org, lay, None).body
        boxes = [
            tuple(map(float, m))
            for m in re.findall(r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" rx="6"', body)
        ]
        for d in re.findall(r'<path d="([^"]+)" class="c-loop(?:-handoff)?"', body):
            corners = [tuple(map(float, p.split(","))) for p in re.findall(r"[\d.]+,[\d.]+", d)]
            for (x1, y1), (x2, y2) in itertools.pairwise(corners):
                for bx, by, bw, bh in boxes:  # a straight run never enters a box (ends may touch)
                    inside_x = min(x1, x2) < bx + bw - 1 and max(x1, x2) > bx + 1
                    inside_y = min(y1, y2) < by + bh - 1 and max(y1, y2) > by + 1
                    assert not (inside_x and inside_y), (outcome_id, d)
