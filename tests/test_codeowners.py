"""``charter export codeowners``: every line valid CODEOWNERS syntax, each file of the charter
routed (the last matching pattern winning) to the people holding the accountable role, the
fallbacks said, and ``--check`` keeping the committed file current."""

from __future__ import annotations

import re
from pathlib import Path

from charter.interop.codeowners import codeowners
from tests.conftest import ROOT, OrgDir, run_charter

# GitHub's documented CODEOWNERS syntax: a pattern (gitignore rules, no "!" negation, no "[ ]"
# ranges, a "#" starts a comment), then owners as @user, @org/team or an e-mail address.
USER = r"@[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}"
TEAM = r"@[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9_.-]+"
LINE = re.compile(rf"^(?P<pattern>/[^\s!\[\]#]*)(?P<owners>(?: (?:{TEAM}|{USER}|\S+@\S+))+)$")


def parse(text: str) -> list[tuple[str, list[str]]]:
    rules = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        match = LINE.match(line)
        assert match, f"not a CODEOWNERS line: {line!r}"
        rules.append((match["pattern"], match["owners"].split()))
    return rules


def owners_of(rules: list[tuple[str, list[str]]], path: str) -> list[str]:
    """The owners GitHub asks for a file: the last rule whose pattern matches it."""
    found: list[str] = []
    for pattern, owners in rules:
        if path == pattern or (pattern.endswith("/") and path.startswith(pattern)):
            found = owners
    return found


def test_the_committed_file_is_current_and_valid() -> None:
    done = run_charter("export", "codeowners", "--org", "org", "--check", cwd=ROOT)
    assert (done.returncode, done.stdout) == (0, ".github/CODEOWNERS is up to date\n"), done.stderr
    rules = parse((ROOT / ".github" / "CODEOWNERS").read_text())
    assert rules[0] == ("/org/", ["@grace-okafor"])  # the default first: the last match wins
    assert owners_of(rules, "/org/outcomes/issue-resolved-24h.yaml") == ["@hannah-brooks"]  # its accountable role
    assert owners_of(rules, "/org/roles/account-executive.yaml") == ["@priya-raman"]  # its team's lead
    assert owners_of(rules, "/org/roles/head-of-sales.yaml") == ["@grace-okafor"]  # a lead: the parent team's
    assert owners_of(rules, "/org/teams/sales.yaml") == ["@priya-raman"]
    assert owners_of(rules, "/org/people/priya-raman.yaml") == ["@grace-okafor"]  # the default
    assert owners_of(rules, "/org/roles/chief-executive.yaml") == ["@grace-okafor"]  # the top lead: its holder


def test_nobody_to_ask_falls_back_up_and_says_so(minimal: OrgDir) -> None:
    minimal.write("people/ana.yaml", minimal.read("people/ana.yaml") + "github: ana-gh\n")
    minimal.replace("teams/it.yaml", "lead: it-engineer", "lead: it-engineer\nparent: service")
    done = run_charter("export", "codeowners", "--org", str(minimal.path))
    assert done.returncode == 0, done.stderr
    rules = parse(done.stdout)
    # IT's lead (it-engineer, held by bo, who has no handle) hands over to Customer Service's lead.
    assert owners_of(rules, "/minimal/teams/it.yaml") == ["@ana-gh"]
    assert owners_of(rules, "/minimal/outcomes/fault-fixed.yaml") == ["@ana-gh"]
    minimal.replace("roles/service-lead.yaml", "holders: [ana]", "holders: []")
    out = run_charter("export", "codeowners", "--org", str(minimal.path)).stdout
    assert parse(out) == []
    nobody = "# nobody to ask for /minimal/teams/it.yaml: team it (no holder of it-engineer, service-lead has a "
    assert nobody + "github: handle)\n" in out


def test_check_fails_on_an_out_of_date_file_and_says_how_to_fix(minimal: OrgDir, tmp_path: Path) -> None:
    target = tmp_path / "CODEOWNERS"
    assert run_charter("export", "codeowners", "--org", str(minimal.path), "-o", str(target)).returncode == 0
    assert run_charter("export", "codeowners", "--org", str(minimal.path), "-o", str(target), "--check").returncode == 0
    minimal.write("people/ana.yaml", minimal.read("people/ana.yaml") + "github: ana-gh\n")
    done = run_charter("export", "codeowners", "--org", str(minimal.path), "-o", str(target), "--check")
    assert done.returncode == 1
    assert "is out of date: run `charter export codeowners --org" in done.stderr
    assert "  +/minimal/roles/agent.yaml @ana-gh\n" in done.stdout
    missing = run_charter("export", "codeowners", "--org", str(minimal.path), "-o", str(tmp_path / "none"), "--check")
    assert missing.returncode == 1
    assert "is missing" in missing.stderr


def test_a_handle_that_is_no_github_user_name_is_an_error(minimal: OrgDir) -> None:
    minimal.write("people/ana.yaml", minimal.read("people/ana.yaml") + 'github: "ana--gh-"\n')
    done = run_charter("validate", str(minimal.path))
    assert done.returncode == 1
    assert "error CH023 expected a GitHub user name (letters, digits and single hyphens, at most 39" in done.stdout


def test_check_is_only_for_codeowners(minimal: OrgDir) -> None:
    done = run_charter("export", "raci", "--org", str(minimal.path), "--check")
    assert done.returncode == 2
    assert "--check is for export codeowners" in done.stderr


HOSTILE_FOLDERS = ["x\n* @attacker\n#", "a b", "#team", "r[1]", "*"]


def test_a_folder_name_never_becomes_a_rule_of_its_own(minimal: OrgDir) -> None:
    """A folder under roles/ named "x⏎* @attacker⏎#" once wrote the line "* @attacker", making
    that account the owner of every file no later line matched (issue 28, item 1)."""
    minimal.write("people/ana.yaml", minimal.read("people/ana.yaml") + "github: ana-gh\n")
    agent = minimal.read("roles/agent.yaml")
    (minimal.path / "roles" / "agent.yaml").unlink()
    for i, folder in enumerate(HOSTILE_FOLDERS):
        text = agent if i == 0 else agent.replace("id: agent", f"id: agent-{i}").replace("title: ", f"title: {i} ")
        minimal.write(f"roles/{folder}/{'agent' if i == 0 else f'agent-{i}'}.yaml", text)
    # Validation names each folder (an error, so CI fails and export refuses) ...
    found = minimal.problems("CH017")
    assert len(found) == len(HOSTILE_FOLDERS)
    assert all("\n" not in p.path and "rename the folder" in p.hint for p in found)
    done = run_charter("export", "codeowners", "--org", str(minimal.path))
    assert done.returncode == 1
    assert done.stdout == ""  # the report goes to standard error, never into the file written
    assert "folder-name" in done.stderr
    # ... and the writer of CODEOWNERS, given such a model all the same, writes no rule of them.
    result = minimal.validate()
    assert result.org is not None
    text = codeowners(result.org, minimal.path)
    rules = parse(text)  # every line that is not a comment is a valid rule
    assert all(pattern.startswith("/minimal/") for pattern, _ in rules[:-2])
    assert [pattern for pattern, _ in rules[-2:]] == ["/.github/", "/mkdocs.yml"]
    assert "@attacker" not in [owner for _, owners in rules for owner in owners]
    skipped = [line for line in text.splitlines() if line.startswith("# not written: ")]
    assert len(skipped) == len(HOSTILE_FOLDERS)
