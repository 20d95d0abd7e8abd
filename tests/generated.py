"""Small synthetic organisations for tests: teams of one role each, the collaborations and the
hand-offs a test asks for, written as YAML files that validate cleanly."""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from pathlib import Path


def write_org(
    target: Path,
    teams: Sequence[tuple[str, str]],
    collaborations: Sequence[tuple[str, str]] = (),
    outcomes: Sequence[Sequence[str | tuple[str, ...]]] = (),
    people: bool = True,
) -> Path:
    """An organisation of ``teams`` (id, name), each with one role ``<team>-role`` held by one
    person; each (a, b) in ``collaborations`` is a collaborator of a's role naming b's role;
    each outcome is a chain of steps, each performed by the roles of the team(s) named."""
    for folder in ("teams", "roles", "people", "outcomes", "external"):
        (target / folder).mkdir(parents=True, exist_ok=True)
    q = json.dumps
    (target / "organisation.yaml").write_text(
        "name: Generated Co\ncommon_goal: Customers get what we promise.\n"
        "principles:\n  - Around here we hand work on with care.\nscheme: raci\n",
        encoding="utf-8",
    )
    (target / "external" / "customer.yaml").write_text("id: customer\nname: Customer\nkind: customer\n", "utf-8")
    declared: dict[str, list[str]] = {}
    for a, b in collaborations:
        declared.setdefault(a, []).append(b)
    for team_id, name in teams:
        (target / "teams" / f"{team_id}.yaml").write_text(
            f"id: {team_id}\nname: {q(name)}\npurpose: Customers are served.\nlead: {team_id}-role\n", "utf-8"
        )
        lines = [
            f"id: {team_id}-role",
            f"title: {q(name + ' Lead')}",
            f"team: {team_id}",
            "purpose: Customers fund this job so that the team's work is done.",
            "owns:\n  - The team's work",
            f"holders: [{team_id}-person]" if people else "holders: []",
        ]
        if team_id in declared:
            lines.append("collaborators:")
            for other in declared[team_id]:
                lines.append(f"  - role: {other}-role\n    on: Shared work")
        (target / "roles" / f"{team_id}-role.yaml").write_text("\n".join(lines) + "\n", "utf-8")
        if people:
            (target / "people" / f"{team_id}-person.yaml").write_text(
                f"id: {team_id}-person\nname: {q('Person of ' + name)}\n", "utf-8"
            )
    for number, chain in enumerate(outcomes, start=1):
        performers = [(step,) if isinstance(step, str) else step for step in chain]
        lead = f"{performers[0][0]}-role"
        lines = [
            f"id: outcome-{number}",
            f"name: Promise {number}",
            f"promise: Promise {number} is kept.",
            "measure: {metric: Promises kept, target: '>= 95%'}",
            f"accountable: {lead}",
            "steps:",
        ]
        for index, step in enumerate(performers):
            roles = ", ".join(f"{t}-role" for t in step)
            lines += [f"  - id: step-{index}", f"    name: Step {index}", f"    responsible: [{roles}]",
                      f"    accountable: {lead}"]  # fmt: skip
            if index + 1 < len(performers):
                lines.append(f"    next: [step-{index + 1}]")
        (target / "outcomes" / f"outcome-{number}.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    return target


def large_org(target: Path, teams: int = 250, seed: int = 3) -> Path:
    """``teams`` teams in divisions of ten (not in id order), names of every length; a few dozen promises, each
    handing work between teams of one division (now and then another's), and collaborations
    declared mostly within a division. Nobody holds the roles: no person pages to build."""
    rnd = random.Random(seed)
    words = ["Payments", "Regional", "Customer", "Operations", "Billing", "Platform", "Success", "Risk", "Data",
             "Field", "Partner", "Onboarding", "Infrastructure", "Reliability", "Compliance", "Renewals"]  # fmt: skip
    found = []
    for i in range(1, teams + 1):
        name = " ".join(rnd.sample(words, rnd.randint(1, 3))) + f" {i}"
        found.append((f"team-{i:03d}", name))
    ids = [t for t, _n in found]
    rnd.shuffle(ids)  # ids[i]'s division is i // 10: a division's teams are scattered in id order

    def near(i: int) -> str:
        division = i // 10 * 10
        return ids[min(division + rnd.randrange(10), teams - 1)] if rnd.random() < 0.9 else rnd.choice(ids)

    collaborations = [(ids[i], near(i)) for i in range(teams) for _ in range(rnd.randint(0, 2))]
    collaborations = [(a, b) for a, b in dict.fromkeys(collaborations) if a != b]
    outcomes = []
    for _ in range(40):
        start = rnd.randrange(teams)
        outcomes.append([ids[start]] + [near(start) for _ in range(rnd.randint(3, 6))])
    return write_org(target, found, collaborations, outcomes, people=False)
