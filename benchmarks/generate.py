"""A seeded generator of synthetic organisations, realistic in shape and clean to validate.

Sizes (roles / outcomes): S 500 / 100, M 5,000 / 1,000 (~20,000 steps), L 20,000 / 4,000
(~80,000 steps). Teams of 5–40 roles grouped under divisions; outcomes of 5–40 steps performed by a
cast of at most four roles from one or two teams, with the customer first; every cross-team
hand-off informs the next team; collaborations are reciprocated; people hold one to three roles;
about 3% of roles are vacant, each waived with a reason. The same seed gives the same files.

Usage: python benchmarks/generate.py SIZE DIR [--seed N]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

SIZES = {"XS": (60, 12), "S": (500, 100), "M": (5_000, 1_000), "L": (20_000, 4_000)}

ADJECTIVES = ["Senior", "Lead", "Regional", "Principal", "Associate", "Field", "Global", "Junior", "Chief", "Staff"]
NOUNS = ["Billing", "Onboarding", "Payments", "Support", "Renewals", "Integration", "Data", "Security", "Partner",
         "Quality", "Logistics", "Claims", "Compliance", "Training", "Pricing", "Capacity", "Release",
         "Supplier"]  # fmt: skip
JOBS = ["Analyst", "Manager", "Engineer", "Specialist", "Coordinator", "Consultant", "Advisor", "Agent", "Planner"]
VERBS = ["Review", "Approve", "Prepare", "Confirm", "Schedule", "Reconcile", "Check", "Publish", "Escalate", "Record"]
OBJECTS = ["the request", "the invoice", "the contract", "the change", "the forecast", "the incident report",
           "the onboarding plan", "the renewal quote", "the data export", "the release notes"]  # fmt: skip
FIRST = ["Ana", "Bo", "Chen", "Dara", "Eli", "Farah", "Gus", "Hana", "Ivo", "Jo", "Kai", "Lea", "Mo", "Nia", "Oli"]
LAST = ["Silva", "Lind", "Okafor", "Nguyen", "Haddad", "Kowalski", "Iyer", "Martin", "Petrova", "Tanaka", "Adeyemi"]


def q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


@dataclass
class Role:
    id: str
    title: str
    team: str
    holders: list[str] = field(default_factory=list)
    collaborators: set[str] = field(default_factory=set)
    accountable_steps: int = 0
    accountable_outcomes: set[str] = field(default_factory=set)
    outcomes_led: int = 0


def generate(size: str, target: Path, seed: int = 7) -> dict[str, int]:
    roles_wanted, outcomes_wanted = SIZES[size]
    rnd = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    for folder in ("teams", "roles", "people", "outcomes", "external"):
        (target / folder).mkdir(parents=True)

    # Teams of 5–40 roles, eight to a division; each division has one head role.
    teams: dict[str, list[str]] = {}
    parent: dict[str, str] = {}
    roles: dict[str, Role] = {}
    division = ""
    count = 0
    while len(roles) < roles_wanted:
        if count % 8 == 0:
            division = f"division-{count // 8 + 1:03d}"
            teams[division] = []
            head = Role(f"head-of-{division}", f"Head of Division {count // 8 + 1}", division)
            roles[head.id] = head
            teams[division].append(head.id)
        count += 1
        team = f"team-{count:04d}"
        teams[team] = []
        parent[team] = division
        for _ in range(min(rnd.randint(5, 40), max(roles_wanted - len(roles), 1))):
            number = len(roles) + 1
            title = f"{rnd.choice(ADJECTIVES)} {rnd.choice(NOUNS)} {rnd.choice(JOBS)}"
            role = Role(f"role-{number:05d}", title, team)
            roles[role.id] = role
            teams[team].append(role.id)

    # Outcomes: a cast of up to four roles from one or two teams of the same division.
    working = [t for t in teams if t in parent]
    steps_total = 0
    outcome_texts = []
    for number in range(1, outcomes_wanted + 1):
        oid = f"outcome-{number:05d}"
        home = rnd.choice(working)
        near = [t for t in working if parent[t] == parent[home] and t != home]
        cast_teams = [home] + ([rnd.choice(near)] if near and rnd.random() < 0.6 else [])
        pool = [r for t in cast_teams for r in teams[t] if roles[r].accountable_steps < 10]
        if len(pool) < 2:
            pool = [r for t in cast_teams for r in teams[t]]
        cast = rnd.sample(pool, min(len(pool), rnd.randint(2, 4)))
        leaders = [r for r in cast if roles[r].outcomes_led < 3 and len(roles[r].accountable_outcomes) < 3]
        leader = leaders[0] if leaders else roles[cast[0]].id
        roles[leader].outcomes_led += 1
        roles[leader].accountable_outcomes.add(oid)
        n_steps = rnd.randint(5, 40)
        steps = []
        for index in range(n_steps):
            performer = "customer" if index == 0 else cast[(index - 1) * len(cast) // max(n_steps - 1, 1)]
            owner = performer if performer != "customer" else leader
            candidates = [owner, leader, *cast, *(r for t in cast_teams for r in teams[t])]

            def free(r: str, oid: str = oid) -> bool:
                return roles[r].accountable_steps < 12 and (
                    oid in roles[r].accountable_outcomes or len(roles[r].accountable_outcomes) < 3
                )

            owner = next((r for r in candidates if free(r)), None) or next(r for r in roles if free(r))
            roles[owner].accountable_steps += 1
            roles[owner].accountable_outcomes.add(oid)
            steps.append({"id": f"s{index + 1:02d}", "performer": performer, "owner": owner})
        lines = [
            "# yaml-language-server: $schema=../.schema/outcome.schema.json",
            f"id: {oid}",
            f"name: {q(f'{rnd.choice(VERBS)} {rnd.choice(OBJECTS)} for customer {number}')}",
            f"promise: {q('Every customer gets a confirmed answer within two working days.')}",
            f"measure: {{metric: {q('Answers confirmed within 2 days')}, target: {q('>= 95%')}}}",
            f"accountable: {leader}",
            "steps:",
        ]
        for index, step in enumerate(steps):
            nxt = steps[index + 1] if index + 1 < len(steps) else None
            informed = []
            if (
                nxt is not None
                and "customer" not in (nxt["performer"], step["performer"])
                and roles[nxt["performer"]].team != roles[step["performer"]].team
            ):
                informed.append(nxt["performer"])
            lines += [
                f"  - id: {step['id']}",
                f"    name: {q(f'{rnd.choice(VERBS)} {rnd.choice(OBJECTS)}')}",
                f"    responsible: [{step['performer']}]",
                f"    accountable: {step['owner']}",
            ]
            if informed:
                lines.append(f"    informed: [{', '.join(informed)}]")
            if index == 0 or rnd.random() < 0.15:
                lines.append("    touchpoint: true")
            if nxt is not None:
                lines.append(f"    next: [{nxt['id']}]")
        steps_total += len(steps)
        for a in cast:
            for b in cast:
                if a != b and rnd.random() < 0.3:
                    roles[a].collaborators.add(b)
                    roles[b].collaborators.add(a)
        outcome_texts.append((oid, "\n".join(lines) + "\n"))

    # Roles in no outcome collaborate within their team, so nothing is an orphan.
    involved = {r for r in roles if roles[r].accountable_steps or roles[r].collaborators}
    for text_oid, text in outcome_texts:
        (target / "outcomes" / f"{text_oid}.yaml").write_text(text, encoding="utf-8")
        involved.update(part.strip(" []") for part in text.split() if part.strip(" [],").startswith("role-"))
    for members in teams.values():
        for r in members:
            if r not in involved and len(members) > 1:
                other = next(m for m in members if m != r)
                roles[r].collaborators.add(other)
                roles[other].collaborators.add(r)
    # Heads of division work with one role of each of their teams.
    for team, up in parent.items():
        head_id = f"head-of-{up}"
        roles[head_id].collaborators.add(teams[team][0])
        roles[teams[team][0]].collaborators.add(head_id)

    # People hold one to three roles; about 3% of roles stay vacant (and are waived).
    people: list[str] = []
    vacant: list[str] = []
    ids = list(roles)
    rnd.shuffle(ids)
    cursor = 0
    while cursor < len(ids):
        role_id = ids[cursor]
        if rnd.random() < 0.03 and roles[role_id].accountable_steps == 0:
            vacant.append(role_id)
            cursor += 1
            continue
        person = f"person-{len(people) + 1:05d}"
        people.append(person)
        for r in ids[cursor : cursor + rnd.choice((1, 1, 1, 2, 3))]:
            roles[r].holders.append(person)
        cursor += len([r for r in ids[cursor : cursor + 3] if person in roles[r].holders])
    for role in roles.values():
        if len(role.holders) == 1 and len(role.accountable_outcomes) >= 4:
            role.holders.append(rnd.choice(people))

    for team, members in teams.items():
        lines = ["# yaml-language-server: $schema=../.schema/team.schema.json", f"id: {team}",
                 f"name: {q(team.replace('-', ' ').title())}", f"purpose: {q('Customers get what was promised.')}",
                 f"lead: {members[0]}"]  # fmt: skip
        if team in parent:
            lines.append(f"parent: {parent[team]}")
        (target / "teams" / f"{team}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for role in roles.values():
        lines = [
            "# yaml-language-server: $schema=../.schema/role.schema.json",
            f"id: {role.id}",
            f"title: {q(role.title)}",
            f"team: {role.team}",
            f"purpose: {q('Customers fund this job so that their requests are handled right the first time.')}",
            "owns:",
            f"  - {q(f'{rnd.choice(VERBS)} {rnd.choice(OBJECTS)}')}",
            "collaborators:",
        ]
        for other in sorted(role.collaborators):
            lines += [f"  - role: {other}", f"    on: {q(rnd.choice(OBJECTS).capitalize())}",
                      f"    when: {q('A request needs both of us')}"]  # fmt: skip
        if not role.collaborators:
            lines[-1] = "collaborators: []"
        lines.append(f"holders: [{', '.join(role.holders)}]")
        (target / "roles" / f"{role.id}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for index, person in enumerate(people):
        name = f"{FIRST[index % len(FIRST)]} {LAST[(index // len(FIRST)) % len(LAST)]} {index + 1}"
        text = f"# yaml-language-server: $schema=../.schema/person.schema.json\nid: {person}\nname: {q(name)}\n"
        (target / "people" / f"{person}.yaml").write_text(text, encoding="utf-8")
    (target / "external" / "customer.yaml").write_text(
        "# yaml-language-server: $schema=../.schema/external.schema.json\n"
        "id: customer\nname: Customer\nkind: customer\n",
        encoding="utf-8",
    )
    waivers = "".join(
        f"  - {{rule: vacancy, target: 'role:{r}', reason: Hiring, expires: 2099-12-31}}\n" for r in sorted(vacant)
    )
    (target / "organisation.yaml").write_text(
        "# yaml-language-server: $schema=.schema/organisation.schema.json\n"
        f"name: {q(f'Synthetic {size}')}\ncommon_goal: {q('Customers get what we promise.')}\n"
        "scheme: raci\nsite: {url: 'https://charter.example.com/'}\n"
        + (f"waivers:\n{waivers}" if waivers else "waivers: []\n"),
        encoding="utf-8",
    )
    return {"teams": len(teams), "roles": len(roles), "people": len(people), "outcomes": outcomes_wanted,
            "steps": steps_total, "vacant": len(vacant)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("size", choices=sorted(SIZES))
    parser.add_argument("target", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(json.dumps(generate(args.size, args.target, args.seed)))


if __name__ == "__main__":
    main()
