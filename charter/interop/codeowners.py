"""``charter export codeowners``: a GitHub CODEOWNERS file that asks the people accountable for a
part of the charter to review every change to it.

Who answers for a file:

* a team's file: the holders of the team's lead role;
* a role's file: the holders of its team's lead role (a lead's own file: the parent team's lead;
  at the top, the lead's own holders);
* a promise's file: the holders of its accountable role;
* anything else under the organisation folder (``organisation.yaml``, people, external parties):
  the leads of the top-level teams.

A role with nobody holding it (or nobody with a ``github:`` handle) hands the review to the lead
of its team's parent, and so on up; where nobody can be found, a comment line says so and the
file has no owner line of its own. Lines are ordered general first, since in CODEOWNERS the last
matching pattern wins: the organisation folder's default, then teams, roles and promises.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from charter.model.graph import Org

HEADER = (
    "# CODEOWNERS, written by `charter export codeowners` from {org}/: a pull request that changes a\n"
    "# team, role or promise asks for review from the people holding the accountable role (GitHub user\n"
    "# names from the `github:` of people). Do not edit it by hand: change {org}/ and run\n"
    "#   charter export codeowners --org {org} -o {output}\n"
    "# The last matching pattern wins, so the organisation's default comes first, and the files that\n"
    "# decide what the site is and what CI runs (.github/, mkdocs.yml) go to its owners last.\n"
)


# What a pattern may hold, taken literally by CODEOWNERS' gitignore-style matching: letters
# (any script), digits, and . _ - / — nothing that splits a line, starts a comment or globs.
_UNSAFE = frozenset(" \t#*?[]!\\\"'`")


def writable(path: str) -> bool:
    return all(ch.isprintable() and ch not in _UNSAFE for ch in path)


def repository_root(org_dir: Path) -> Path:
    """The folder holding ``.git`` above the organisation folder, where CODEOWNERS patterns are
    rooted; without one (a repository not yet committed), the folder holding the organisation's."""
    here = org_dir.resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here.parent


def _handles(org: Org, role_id: str | None) -> list[str]:
    return [f"@{p.github}" for p in org.holders(role_id or "") if p.github]


def _lead_of(org: Org, team_id: str | None, skip: str | None = None) -> tuple[list[str], list[str]]:
    """The handles of the nearest lead up from a team with someone to ask, and the leads passed
    on the way (for the comment when there is nobody)."""
    passed: list[str] = []
    seen: set[str] = set()
    while team_id and team_id in org.teams and team_id not in seen:
        seen.add(team_id)
        team = org.teams[team_id]
        if team.lead and team.lead != skip:
            found = _handles(org, team.lead)
            if found:
                return found, passed
            passed.append(team.lead)  # ids, not titles: a new title must not make the file out of date
        team_id = team.parent
    return [], passed


def codeowners(org: Org, org_dir: Path, output: str = ".github/CODEOWNERS", *, root: Path | None = None) -> str:
    """The CODEOWNERS text; its patterns are rooted at ``root``, by default the repository's."""
    root = (root or repository_root(org_dir)).resolve()
    try:
        base = PurePosixPath(Path(os.path.relpath(org_dir.resolve(), root)).as_posix())
    except ValueError:  # another drive (Windows): patterns from the organisation folder's name
        base = PurePosixPath(org_dir.name)
    rules: list[str] = []
    missing: list[str] = []

    prefix = "" if str(base) == "." else f"/{base}"

    def pattern(kind: str, entity_id: str) -> str:
        return f"{prefix}/{org.source(kind, entity_id).rel}"

    def add(path: str, owners: list[str], why: str, passed: list[str]) -> None:
        if not writable(path):
            # A line break would start a rule of the attacker's ("* @attacker"), a space would
            # split the pattern, "#" or a glob character would change what it matches.
            missing.append(f"# not written: {path!a} holds characters a CODEOWNERS pattern cannot")
            return
        if owners:
            rules.append(f"{path} {' '.join(dict.fromkeys(owners))}")
        else:
            tried = f" (no holder of {', '.join(passed)} has a github: handle)" if passed else ""
            missing.append(f"# nobody to ask for {path}: {why}{tried}")

    top = [t.id for t in org.teams.values() if t.parent not in org.teams]
    default: list[str] = []
    for team_id in top:
        default += _lead_of(org, team_id)[0]
    add(f"{prefix}/", default, "no top-level team has a lead with a github: handle", [])
    for team in org.teams.values():
        owners, passed = _lead_of(org, team.id)
        add(pattern("team", team.id), owners, f"team {team.id}", passed)
    for role in org.roles.values():
        own = org.teams.get(role.team)
        skip = role.id if own is not None and own.lead == role.id else None
        owners, passed = _lead_of(org, role.team, skip=skip)
        if not owners and skip:  # the lead at the top: nobody above, so its own holders
            owners = _handles(org, role.id)
        add(pattern("role", role.id), owners, f"role {role.id}", passed)
    for outcome in org.outcomes.values():
        owners = _handles(org, outcome.accountable)
        passed = [outcome.accountable] if outcome.accountable in org.roles and not owners else []
        if not owners and outcome.accountable in org.roles:
            owners, more = _lead_of(org, org.roles[outcome.accountable].team)
            passed += more
        add(pattern("outcome", outcome.id), owners, f"promise {outcome.id}", passed)
    # What runs with the repository's rights or decides what the site is: the workflows, the
    # site's settings (which can name Python hooks run at build time) and this file itself.
    # Last, so that no rule above wins over them.
    guarded = ["/.github/", "/mkdocs.yml"]
    if not PurePosixPath(output).is_absolute() and not output.startswith((".github/", "./.github/")):
        guarded.append("/" + PurePosixPath(output).as_posix())
    for path in guarded:
        add(path, default, "no top-level team has a lead with a github: handle", [])
    # The header's comments name the folder and the output as typed: on one line each, always.
    org_name, out_name = (text if writable(text) else ascii(text) for text in (str(base), output))
    blocks = [HEADER.format(org=org_name, output=out_name).rstrip("\n"), "\n".join(rules), "\n".join(missing)]
    return "\n\n".join(block for block in blocks if block) + "\n"
