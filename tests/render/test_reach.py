"""Who to go to and how to reach them: holders with their contacts, the ask answers grouped by
team, what other charters say a role is not for, the team tree and the navigation built on it."""

from __future__ import annotations

from charter.model.graph import Org
from charter.publish.config import navigation
from charter.render import diagrams, paths, reach, render
from charter.render.collabmap import TeamLinks, partners
from charter.render.pages import Links
from charter.validate.check import validate
from tests.conftest import ROOT, TODAY, OrgDir


def load(folder: str) -> Org:
    org = validate(folder, TODAY).org
    assert org is not None
    return org


def test_holders_come_in_file_order_once_each_and_unknown_ids_are_left_out(minimal: OrgDir) -> None:
    minimal.edit("roles/agent.yaml", lambda d: d.update(holders=["bo", "ana", "bo"]))
    org = load(str(minimal.path))
    assert [p.id for p in org.holders("agent")] == ["bo", "ana"]  # the model's one definition
    assert org.holders("no-such-role") == ()
    assert [r.id for r in org.facts.roles_held("bo")] == ["agent", "it-engineer"]  # each role once, in id order


def test_a_contact_line_names_the_person_and_every_way_to_reach_them() -> None:
    org = load(str(ROOT / "org"))
    line = Links(org, paths.role(org, "service-lead"), None).contact(org.people["amira-haddad"])
    assert line.startswith("[Amira Haddad](<../../people/amira-haddad.md>)")
    assert "(<mailto:amira.haddad@kestrelpayables.com>)" in line
    assert line.endswith(" · @amira · Leeds")


def test_a_role_named_in_a_step_shows_its_first_holders() -> None:
    org = load(str(ROOT / "org"))
    links = Links(org, paths.outcome("issue-resolved-24h"), None)
    agent = links.staffed("service-desk-agent", shown=2)
    assert "[Chloé Martin]" in agent
    assert "[Yusuf Demir]" in agent
    assert agent.endswith(" and 1 more)")
    assert links.staffed("customer") == links.actor("customer")  # an external party has no holders


def test_answers_group_every_role_by_team_in_the_organisations_order() -> None:
    org = load(str(ROOT / "org"))
    groups = reach.answers(org)
    assert next(g.team for g in groups) == "leadership"  # the top team first, then its departments
    assert sorted(a.role for g in groups for a in g.answers) == sorted(org.roles)
    sales = next(g for g in groups if g.team == "sales")
    titles = [org.roles[a.role].title for a in sales.answers]
    assert titles == sorted(titles, key=str.casefold)
    head = next(a for a in sales.answers if a.role == "head-of-sales")
    assert any("discounts" in s.text for s in head.subjects if s.kind == "owns")
    assert [p.id for p in head.holders] == ["priya-raman"]


def test_not_for_comes_from_what_other_charters_say() -> None:
    org = load(str(ROOT / "org"))
    head = next(a for g in reach.answers(org) for a in g.answers if a.role == "head-of-sales")
    said = {(n.said_by, n.text) for n in head.not_for}
    assert ("account-executive", "Standard-price deals inside the usual scope") in said


def test_a_promise_a_role_leads_is_a_subject_to_ask_it_about() -> None:
    org = load(str(ROOT / "org"))
    lead = next(a for g in reach.answers(org) for a in g.answers if a.role == "head-of-service")
    promises = [s.text for s in lead.subjects if s.kind == "promise"]
    assert promises == [org.outcomes["issue-resolved-24h"].name]


def test_the_team_tree_puts_parents_first_and_loses_no_team(minimal: OrgDir) -> None:
    minimal.edit("teams/it.yaml", lambda d: d.update(parent="service"))
    org = load(str(minimal.path))
    assert reach.team_tree(org) == [("service", 0), ("it", 1)]
    # A parent that is not a team: the team is at the top, not lost.
    minimal.edit("teams/it.yaml", lambda d: d.update(parent="nowhere"))
    org = load(str(minimal.path))
    assert sorted(reach.team_tree(org)) == [("it", 0), ("service", 0)]


def test_a_lone_top_team_has_its_departments_listed_beside_it() -> None:
    org = load(str(ROOT / "org"))
    teams = next(entry["Teams"] for entry in navigation(org) if "Teams" in entry)
    names = [next(iter(entry)) for entry in teams[1:]]
    assert names[0] == "Leadership"
    assert len(names) == len(org.teams)  # every department at the first level, none hidden under it
    leadership = teams[1]["Leadership"]
    assert all(isinstance(item, str) for item in leadership)  # its own page and roles only


def test_several_top_teams_are_listed_as_they_are(minimal: OrgDir) -> None:
    org = load(str(minimal.path))
    teams = next(entry["Teams"] for entry in navigation(org) if "Teams" in entry)
    assert sorted(next(iter(entry)) for entry in teams[1:]) == sorted(t.name for t in org.teams.values())


def test_partners_count_both_directions_most_first() -> None:
    org = load(str(ROOT / "org"))
    links = org.facts.part(TeamLinks)
    found = dict(partners(org))
    assert list(found) == list(org.teams)
    for team_id, others in found.items():
        counts = [n for _other, n in others]
        assert counts == sorted(counts, reverse=True)
        for other, n in others:
            both = [(team_id, other), (other, team_id)]
            assert n == sum(links.handoffs[p] + links.declared[p] for p in both)


def test_no_ring_of_every_team_is_drawn_at_any_size(minimal: OrgDir) -> None:
    """The collaboration page is a matrix of every team, at 2 teams as at 14: there is no
    picture of the whole organisation, and every team is listed in the text table."""
    for i in range(12):
        minimal.write(f"teams/extra-{i}.yaml", f"id: extra-{i}\nname: Extra {i}\n")
    org = load(str(minimal.path))
    assert {d.stem for d in diagrams(org)} == {f"team-{t}" for t in org.teams}
    page = render(org, [], org_dir=str(minimal.path))["organisation/collaboration.md"].decode()
    assert "diagrams/organisation" not in page
    assert page.count('class="cm-row ') == len(org.teams) == 14
    assert page.count("| [Extra ") == 12  # every team is still listed as text
