"""Who works with whom between teams: the counts read from the model's hand-offs, the matrix's
order, and each team's picture of its partners (drawn by the real Graphviz)."""

from __future__ import annotations

import itertools
from pathlib import Path

from charter.model.graph import Org
from charter.render import render
from charter.render.collabmap import SIDE, TeamLinks, matrix, order, spread, team_picture
from charter.render.graphviz_run import svg
from charter.render.palette import PALETTES
from charter.validate.check import validate
from tests.conftest import ROOT, TODAY
from tests.generated import large_org, write_org


def load(folder: Path) -> Org:
    result = validate(str(folder), TODAY)
    assert result.org is not None, result.problems
    return result.org


def test_counts_read_the_models_hand_offs_between_teams(tmp_path: Path) -> None:
    teams = [("sales", "Sales"), ("service", "Service"), ("it", "IT"), ("ops", "Ops")]
    org = load(
        write_org(
            tmp_path,
            teams,
            collaborations=[("sales", "service"), ("sales", "service"), ("it", "sales")],
            outcomes=[
                # sales → sales is the same role (no hand-off); sales → service, service → it,
                # it → service: one each way between service and it.
                ["sales", "sales", "service", "it", "service"],
                # {sales, ops} → {ops}: sales stops, ops carries on: sales → ops only.
                [("sales", "ops"), "ops"],
            ],
        )
    )
    links = org.facts.part(TeamLinks)
    assert dict(links.handoffs) == {
        ("sales", "service"): 1,
        ("service", "it"): 1,
        ("it", "service"): 1,
        ("sales", "ops"): 1,
    }
    assert dict(links.declared) == {("sales", "service"): 2, ("it", "sales"): 1}
    # Every team-level hand-off is one of the model's hand-offs: the counts never re-derive them.
    total = sum(len(org.facts.handoffs(o)) for o in org.outcomes.values())
    assert total == 3 + 1  # three in the first promise (sales → sales is none), one in the second
    assert links.weight["service"] == {"sales": 3, "it": 2}


def test_a_hand_off_between_two_roles_of_one_team_is_not_between_teams(tmp_path: Path) -> None:
    org_dir = write_org(tmp_path, [("sales", "Sales"), ("it", "IT")], outcomes=[["sales", "it"]])
    (org_dir / "roles" / "sales-second.yaml").write_text(
        "id: sales-second\ntitle: Sales Second\nteam: sales\npurpose: Customers are served.\n"
        "owns:\n  - More work\nholders: [sales-person]\n",
        encoding="utf-8",
    )
    text = (org_dir / "outcomes" / "outcome-1.yaml").read_text(encoding="utf-8")
    (org_dir / "outcomes" / "outcome-1.yaml").write_text(
        text.replace("next: [step-1]", "next: [step-x]")
        + "  - id: step-x\n    name: Step x\n    responsible: [sales-second]\n"
        "    accountable: sales-role\n    next: [step-1]\n",
        encoding="utf-8",
    )
    org = load(org_dir)
    outcome = org.outcomes["outcome-1"]
    assert len(org.facts.handoffs(outcome)) == 2  # sales-role → sales-second → it-role
    assert dict(org.facts.part(TeamLinks).handoffs) == {("sales", "it"): 1}
    # The team page lists the same: one hand-off to IT, none from Sales to itself.
    page = render(org, [], org_dir=str(org_dir))["teams/sales/index.md"].decode()
    assert page.count("*(hand-off to them)*") == 1
    assert '<span id="with-it"></span>' in page


def interleaved(tmp_path: Path) -> Org:
    """Two groups of teams that work only among themselves, alternating in id order."""
    a = ["t1", "t3", "t5", "t7"]
    b = ["t2", "t4", "t6", "t8"]
    teams = [(t, f"Team {t}") for t in sorted(a + b)]
    chain = [(x, y) for group in (a, b) for x, y in itertools.pairwise(group)]
    return load(write_org(tmp_path, teams, collaborations=[*chain, ("t1", "t7"), ("t2", "t8")]))


def test_the_order_groups_teams_that_work_together(tmp_path: Path) -> None:
    org = interleaved(tmp_path)
    found = order(org)
    assert sorted(found) == sorted(org.teams)
    groups = {frozenset({"t1", "t3", "t5", "t7"}), frozenset({"t2", "t4", "t6", "t8"})}
    assert {frozenset(found[:4]), frozenset(found[4:])} == groups
    assert spread(org, found) < spread(org, list(org.teams))
    assert spread(org, found) == 3 * 1 + 3 + 3 * 1 + 3  # each group a chain of neighbours closed by one pair 3 apart


def test_the_order_is_deterministic_and_puts_loners_last(tmp_path: Path) -> None:
    org = interleaved(tmp_path / "one")
    again = interleaved(tmp_path / "two")
    assert order(org) == order(again)
    (tmp_path / "one" / "teams" / "t0.yaml").write_text("id: t0\nname: Alone\n", encoding="utf-8")
    assert order(load(tmp_path / "one"))[-1] == "t0"


def test_the_order_at_250_teams_brings_partners_closer(tmp_path: Path) -> None:
    org = load(large_org(tmp_path))
    assert len(org.teams) == 250
    assert spread(org, order(org)) < spread(org, list(org.teams)) / 2


def test_the_matrix_holds_only_the_non_empty_cells() -> None:
    org = load(ROOT / "org")
    found = matrix(org)
    links = org.facts.part(TeamLinks)
    pairs = {(c.source, c.target) for c in found.cells}
    assert pairs == {p for p, n in (links.handoffs + links.declared).items() if n}
    assert all(found.teams[c.row - 1] == c.source and found.teams[c.column - 1] == c.target for c in found.cells)
    assert len(found.cells) < len(org.teams) ** 2


def hub(tmp_path: Path) -> Org:
    """A hub that eleven teams hand work to; it hands work to two of them and to one more, and
    only declares a collaboration with a fourteenth, named as Graphviz's own escapes."""
    feeders = [f"f{i:02d}" for i in range(11)]
    teams = [("hub", "Hub"), *((f, f"Feeder {f}") for f in feeders), ("out", "Out"), ("talk", "\\N Trailing \\")]
    outcomes: list[list[str | tuple[str, ...]]] = [[f, "hub"] for f in feeders]
    outcomes += [["hub", "f00"], ["hub", "f01"], ["hub", "out"], ["f00", "hub"]]
    return load(write_org(tmp_path, teams, collaborations=[("hub", "talk"), ("hub", "f00")], outcomes=outcomes))


def test_a_team_picture_has_givers_left_takers_right_and_at_most_a_side(tmp_path: Path) -> None:
    org = hub(tmp_path)
    source = team_picture(org, "hub", PALETTES[0])
    assert 'rankdir="LR"' in source
    givers = [line for line in source.splitlines() if line.strip().startswith('"in:f') and "->" not in line]
    assert len(givers) == SIDE
    assert givers[0].strip().startswith('"in:f00" [label="Feeder f00\\n2 hand-offs\\n1 collaboration"')
    assert '"in:more" [label="and 3 more"' in source
    # A partner in both directions is on both sides; the right side is not cut short.
    assert '"out:f00" [label="Feeder f00\\n1 hand-off\\n1 collaboration"' in source
    assert '"team" -> "out:out"' in source
    assert "out:more" not in source
    assert '"in:f00" -> "team"' in source
    # Declared only: dashed, with no arrowhead, in a group of its own.
    assert '"declared:talk" [label="\\\\N Trailing \\\\\\n1 collaboration", style="rounded,dashed"' in source
    assert '"team" -> "declared:talk" [style="dashed", dir="none"' in source
    assert " label=" not in "".join(line for line in source.splitlines() if "->" in line)  # no edge labels
    drawn = svg("hub", source, engine="dot").decode()
    assert "and 3 more" in drawn
    assert "\\N Trailing \\" in drawn  # the name, not Graphviz's node name


def test_a_team_with_no_partners_is_drawn_alone(tmp_path: Path) -> None:
    org = load(write_org(tmp_path, [("a", "Alone"), ("b", "Other")]))
    source = team_picture(org, "a", PALETTES[1])
    assert "cluster" not in source
    assert '"team" [label="Alone"' in source
    assert b"Alone" in svg("alone", source, engine="dot")
