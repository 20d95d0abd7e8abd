"""The way a new organisation's repository gets charter: the workflow ``charter init`` writes
sets charter up with this repository's GitHub Action (``action.yml``), pinned to a release.

The install is run for real: this checkout stands in for the release, a fresh virtual
environment for the runner's Python; the Action's own shell steps install charter from the
lock, then the workflow's ``charter`` commands run in the new repository."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from charter import __version__
from charter.author import provenance
from tests.conftest import ROOT, run_charter

RELEASE = "acme-tools/charter@v0.1.0"


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=repo, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout.strip()


def release_copy(target: Path) -> Path:
    """The files of this checkout that a release holds: tracked ones and new ones not ignored."""
    listed = git(ROOT, "ls-files", "--cached", "--others", "--exclude-standard", "-z").split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            (target / name).write_bytes(source.read_bytes())
    return target


def test_the_generated_workflow_installs_charter_for_real_and_runs_its_commands(tmp_path: Path) -> None:
    repo = tmp_path / "acme"
    done = run_charter("init", str(repo), "--charter-from", RELEASE)
    assert done.returncode == 0, done.stderr
    assert f"uses: {RELEASE}" in done.stdout
    jobs = yaml.safe_load((repo / ".github/workflows/charter.yml").read_text())["jobs"]
    for job in jobs.values():
        assert [step["uses"] for step in job["steps"] if "charter" in step.get("name", "")] == [RELEASE]

    # The release the workflow names, and a runner's Python with nothing installed.
    action_path = release_copy(tmp_path / "release")
    runner = tmp_path / "runner"
    subprocess.run([sys.executable, "-m", "venv", str(runner)], check=True)
    output = tmp_path / "github-output"
    output.touch()
    env = {"PATH": f"{runner / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path), "GITHUB_ACTION_PATH": str(action_path),
           "GITHUB_OUTPUT": str(output), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}  # fmt: skip
    action = yaml.safe_load((action_path / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    assert steps[0]["uses"].startswith("actions/setup-python@")  # stood in for by the fresh environment
    for step in steps[1:]:
        assert step["shell"] == "bash"
        ran = subprocess.run(["bash", "-e", "-c", step["run"]], env=env, capture_output=True, text=True, check=False)
        assert ran.returncode == 0, f"{step['name']}: {ran.stdout}{ran.stderr}"
    assert output.read_text() == f"version={__version__}\n"
    installed = subprocess.run(
        [str(runner / "bin/python"), "-c", "import charter, sys; sys.stdout.write(charter.__file__)"],
        capture_output=True, text=True, check=True, cwd=tmp_path,
    )  # fmt: skip
    assert installed.stdout.startswith(str(runner)), "charter must be installed, not read from a checkout"

    # The workflow's charter commands, in the new repository, on a pull request against main.
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "init")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    role = repo / "org/roles/service-lead.yaml"
    changed = role.read_text().replace('title: "Service Lead"', "title: Head of Service")
    assert "Head of Service" in changed
    role.write_text(changed.replace("holders: [your-name]", "holders: []"))
    lines = [
        line.split(">>")[0].replace("$BASE", "main")
        for job in jobs.values()
        for step in job["steps"]
        for line in str(step.get("run", "")).splitlines()
        if line.strip().startswith("charter ")
    ]
    assert len(lines) == 6
    for line in lines:
        ran = subprocess.run(shlex.split(line), cwd=repo, env=env, capture_output=True, text=True, check=False)
        assert ran.returncode == 0, f"{line}: {ran.stdout}{ran.stderr}"
        if line.startswith("charter diff"):
            assert "vacant" in ran.stdout
    assert "Head of Service" in (repo / "site/teams/service/service-lead/index.html").read_text()


@pytest.mark.parametrize(
    ("spec", "pip"),
    [
        ("acme-tools/charter@v0.1.0", "charter @ git+https://github.com/acme-tools/charter@v0.1.0"),
        ("acme/tools/charter@v2", "charter @ git+https://github.com/acme/tools@v2#subdirectory=charter"),
        ("./vendor/charter", "./vendor/charter"),
    ],
)
def test_a_release_is_named_for_the_workflow_and_for_pip(spec: str, pip: str) -> None:
    assert provenance.parse(spec) == provenance.Source(spec, pip)


@pytest.mark.parametrize("spec", ["charter", "acme-tools/charter", "https://github.com/a/b@v1", "a/b@v1; rm -rf /"])
def test_a_release_that_is_not_one_is_a_usage_error(spec: str, tmp_path: Path) -> None:
    done = run_charter("init", str(tmp_path / "acme"), "--charter-from", spec)
    assert done.returncode == 2
    assert "expected OWNER/REPO@REF" in done.stderr
    assert not (tmp_path / "acme").exists()


def test_the_release_is_read_from_a_pip_install_from_github(tmp_path: Path) -> None:
    recorded = {"url": "https://github.com/acme-tools/charter.git",
                "vcs_info": {"vcs": "git", "requested_revision": "v0.3.0", "commit_id": "0" * 40}}  # fmt: skip
    found = provenance.from_installation(json.dumps(recorded), tmp_path)
    assert found is not None
    assert found.action == "acme-tools/charter@v0.3.0"
    del recorded["vcs_info"]["requested_revision"]  # type: ignore[attr-defined]
    found = provenance.from_installation(json.dumps(recorded), tmp_path)
    assert found is not None
    assert found.action == f"acme-tools/charter@{'0' * 40}"


def test_the_release_is_read_from_a_checkout_of_charter(tmp_path: Path) -> None:
    checkout = tmp_path / "charter"
    checkout.mkdir()
    git(checkout, "init", "-q")
    (checkout / "x").write_text("x")
    git(checkout, "add", "x")
    git(checkout, "commit", "-qm", "x")
    editable = json.dumps({"url": checkout.as_uri(), "dir_info": {"editable": True}})
    assert provenance.from_installation(editable, tmp_path) is None  # no remote: nothing to pin
    git(checkout, "remote", "add", "origin", "git@github.com:acme-tools/charter.git")
    found = provenance.from_installation(editable, tmp_path)
    assert found is not None
    assert found.action == f"acme-tools/charter@{git(checkout, 'rev-parse', 'HEAD')}"
    git(checkout, "tag", "v0.2.0")
    assert provenance.from_checkout(checkout) == provenance.parse("acme-tools/charter@v0.2.0")
