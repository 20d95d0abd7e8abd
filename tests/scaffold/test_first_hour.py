"""The first hour, played as a newcomer would: ``charter init`` with no release to name, the
starter files replaced by a small real organisation on a branch, and every command of the
written workflow run as its CI would, on the unchanged repository and on that first pull request."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from charter.author.provenance import UNPINNED
from charter.author.repository import first_commit, pinned
from charter.author.scaffold import init
from tests.conftest import ROOT, TODAY

CHARTER = [sys.executable, "-m", "charter"]
STARTERS = ("teams/service.yaml", "roles/service-lead.yaml", "people/your-name.yaml", "outcomes/first-promise.yaml")


def environment(home: Path) -> dict[str, str]:
    """A user's environment with a name for git and nothing else configured."""
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "PYTHONPATH": str(ROOT),
        "CHARTER_TODAY": TODAY.isoformat(),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Ana Silva",
        "GIT_AUTHOR_EMAIL": "ana@example.com",
        "GIT_COMMITTER_NAME": "Ana Silva",
        "GIT_COMMITTER_EMAIL": "ana@example.com",
    }


def run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)


def workflow_commands(repo: Path) -> list[str]:
    """Every ``charter`` command of the pull-request job, in order, as its shell would run them
    (``$BASE``: the pull request's base branch; the summary's redirection left out)."""
    jobs = yaml.safe_load((repo / ".github/workflows/charter.yml").read_text())["jobs"]
    lines = [line.strip() for step in jobs["check"]["steps"] for line in str(step.get("run", "")).splitlines()]
    return [line.split(">>")[0].strip().replace('"origin/$BASE"', "main") for line in lines if line]


def play_ci(repo: Path, env: dict[str, str]) -> None:
    commands = workflow_commands(repo)
    assert len(commands) == 5
    assert all(command.startswith("charter ") for command in commands)
    for command in commands:
        done = run([*CHARTER, *shlex.split(command)[1:]], repo, env)
        assert done.returncode == 0, f"{command}: {done.stdout}{done.stderr}"


def small_organisation(org: Path) -> None:
    """The newcomer's own files in place of the starters: two teams, three roles, two people
    with GitHub handles, one promise (the fixture's), named in organisation.yaml."""
    for rel in STARTERS:
        (org / rel).unlink()
    source = ROOT / "tests/fixtures/minimal"
    for kind in ("teams", "roles", "people", "outcomes"):
        for path in (source / kind).glob("*.yaml"):
            shutil.copy(path, org / kind / path.name)
    for person, handle in (("ana", "ana-silva"), ("bo", "bolind")):
        path = org / "people" / f"{person}.yaml"
        path.write_text(path.read_text() + f"github: {handle}\n")


def test_the_first_hour_from_init_to_a_green_first_pull_request(tmp_path: Path) -> None:
    env = environment(tmp_path)
    made = run([*CHARTER, "init", "acme"], tmp_path, env)
    assert made.returncode == 0, made.stderr
    repo = tmp_path / "acme"
    said = made.stdout
    assert "git: made the first commit on branch main" in said
    assert ("charter pin OWNER/charter@TAG" in said) is (
        UNPINNED.action in (repo / ".github/workflows/charter.yml").read_text()
    )
    assert run(["git", "status", "--porcelain"], repo, env).stdout == ""  # everything committed

    play_ci(repo, env)  # the unchanged repository passes its own CI

    # The README's steps: pin the release, replace the starters, remake CODEOWNERS, commit on a branch.
    assert run([*CHARTER, "pin", "acme-tools/charter@v0.1.0"], repo / "org", env).returncode == 0
    assert "uses: acme-tools/charter@v0.1.0" in (repo / ".github/workflows/charter.yml").read_text()
    assert run(["git", "switch", "--quiet", "-c", "first-real-files"], repo, env).returncode == 0
    small_organisation(repo / "org")
    step = "charter export codeowners --org org -o .github/CODEOWNERS"
    assert step in (repo / "README.md").read_text()
    assert run([*CHARTER, *shlex.split(step)[1:]], repo, env).returncode == 0
    assert "/org/outcomes/fault-fixed.yaml @ana-silva" in (repo / ".github/CODEOWNERS").read_text()
    assert run(["git", "add", "--all"], repo, env).returncode == 0
    assert run(["git", "commit", "--quiet", "-m", "Our teams"], repo, env).returncode == 0

    play_ci(repo, env)  # the first pull request passes too
    summary = run([*CHARTER, "diff", "main", "--org", "org"], repo, env).stdout
    assert "New role in Customer Service, held by Ana Silva" in summary


def test_the_readme_init_writes_explains_every_step_of_its_ci(tmp_path: Path) -> None:
    init(tmp_path / "acme", UNPINNED, name="Acme")
    readme = (tmp_path / "acme/README.md").read_text()
    for command in workflow_commands(tmp_path / "acme"):
        assert command.replace(" main ", ' "origin/$BASE" ').split(" --format")[0] in readme, command
    assert "CODEOWNERS" in readme
    assert "charter pin OWNER/charter@TAG" in readme


def test_an_unpinned_workflow_names_no_repository_anyone_could_own(tmp_path: Path) -> None:
    init(tmp_path / "acme", UNPINNED, name="Acme")
    jobs = yaml.safe_load((tmp_path / "acme/.github/workflows/charter.yml").read_text())["jobs"]
    uses = [s["uses"] for job in jobs.values() for s in job["steps"] if "charter" in s.get("name", "")]
    assert uses == [UNPINNED.action] * 2
    assert uses[0].startswith("./")  # the repository's own folder: never a repository anyone could own


def test_pin_rewrites_only_the_set_up_steps() -> None:
    text = (
        "      - uses: actions/checkout@v4\n"
        "      - name: Set up charter (Python)\n"
        "        id: setup  # keys in another order\n"
        "        uses: ./charter-release-not-pinned--run-charter-pin  # kept comment\n"
        "      - uses: actions/upload-artifact@v4\n"
    )
    new, steps = pinned(text, "acme/charter@v2")
    assert steps == 1
    assert new.splitlines()[3] == "        uses: acme/charter@v2  # kept comment"
    assert "actions/checkout@v4" in new
    assert "actions/upload-artifact@v4" in new


def test_without_a_name_for_git_the_files_are_staged_and_the_message_says_what_to_type(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    init(tmp_path / "acme", UNPINNED, name="Acme")
    settings = tmp_path / "gitconfig"
    settings.write_text("[user]\n\tuseConfigOnly = true\n")  # git must not guess a name from the machine
    for key, value in {"GIT_CONFIG_GLOBAL": str(settings), "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path)}.items():
        monkeypatch.setenv(key, value)
    for key in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"):
        monkeypatch.delenv(key, raising=False)
    committed = first_commit(tmp_path / "acme", "Start")
    assert committed is not None
    assert not committed.done
    assert "git config --global user.name" in committed.said
    assert "commit -m Start" in committed.said
    staged = subprocess.run(["git", "diff", "--cached", "--name-only"], cwd=tmp_path / "acme", capture_output=True,
                            text=True, check=True).stdout  # fmt: skip
    assert "org/organisation.yaml" in staged


def test_inside_another_repository_no_repository_is_nested(tmp_path: Path) -> None:
    env = environment(tmp_path)
    assert run(["git", "init", "--quiet", str(tmp_path / "mono")], tmp_path, env).returncode == 0
    made = run([*CHARTER, "init", "charter-org"], tmp_path / "mono", env)
    assert made.returncode == 0, made.stderr
    assert "inside the git repository" in made.stdout
    assert not (tmp_path / "mono/charter-org/.git").exists()


def test_pin_refuses_to_leave_a_step_unpinned_and_writes_nothing(tmp_path: Path) -> None:
    init(tmp_path / "acme", UNPINNED, name="Acme")
    workflow = tmp_path / "acme/.github/workflows/charter.yml"
    text = workflow.read_text().replace("- name: Set up charter (Python, Graphviz, charter at a pinned release)\n"
                                        "        uses:", "- name: Install it\n        uses:", 1)  # fmt: skip
    workflow.write_text(text)
    done = run([*CHARTER, "pin", "acme/charter@v1", "--repo", str(tmp_path / "acme")], tmp_path, environment(tmp_path))
    assert done.returncode == 2
    assert "still says ./charter-release-not-pinned--run-charter-pin outside a 'Set up charter' step" in done.stderr
    assert workflow.read_text() == text
    assert "Before the first pull request" in (tmp_path / "acme/README.md").read_text()


def test_init_into_an_empty_clone_commits_there(tmp_path: Path) -> None:
    """GitHub's way: create the repository, clone it (empty), then charter init in it."""
    env = environment(tmp_path)
    assert run(["git", "init", "--quiet", "-b", "main", "clone"], tmp_path, env).returncode == 0
    made = run([*CHARTER, "init", "."], tmp_path / "clone", env)
    assert made.returncode == 0, made.stderr
    assert "git: made the first commit on branch main" in made.stdout
    assert run(["git", "status", "--porcelain"], tmp_path / "clone", env).stdout == ""
    assert (tmp_path / "clone/org/organisation.yaml").is_file()


def test_the_codeowners_check_works_from_inside_the_organisation_folder(tmp_path: Path) -> None:
    init(tmp_path / "acme", UNPINNED, name="Acme")
    env = environment(tmp_path)
    for inside in ("org", "org/roles"):
        done = run([*CHARTER, "export", "codeowners", "--org", "org", "--check"], tmp_path / "acme" / inside, env)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "CODEOWNERS is up to date" in done.stdout


def test_pin_refuses_a_release_that_is_none_and_a_workflow_it_cannot_read(tmp_path: Path) -> None:
    init(tmp_path / "acme", UNPINNED, name="Acme")
    env = environment(tmp_path)
    bad = run([*CHARTER, "pin", "not a release"], tmp_path / "acme", env)
    assert bad.returncode == 2
    assert "charter pin 'not a release': expected OWNER/REPO@REF" in bad.stderr
    (tmp_path / "acme/.github/workflows/charter.yml").write_bytes(b"name: \xff\xfe\n")
    unreadable = run([*CHARTER, "pin", "acme/charter@v1"], tmp_path / "acme", env)
    assert unreadable.returncode == 2
    assert "cannot read" in unreadable.stderr
    assert "Traceback" not in unreadable.stderr + bad.stderr
    nowhere = run([*CHARTER, "pin", "acme/charter@v1", "--repo", str(tmp_path)], tmp_path, env)
    assert nowhere.returncode == 2
    assert "no .github/workflows/charter.yml in" in nowhere.stderr
