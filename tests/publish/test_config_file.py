"""The site's configuration file (mkdocs.yml, or --config FILE): what charter says when it is not
a file it can read, and what it does with the Python code such a file can name."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT, TODAY, run_charter, run_charter_unprivileged
from tests.test_cli_slips import assert_slip


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository as a manager has it: org/ and, beside it, the site's mkdocs.yml."""
    top = tmp_path / "repo"
    shutil.copytree(FIXTURES / "minimal", top / "org")
    (top / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text())
    return top


def run_briefly(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """charter, given 20 s: a read that hangs (a named pipe nobody writes to) fails the test
    instead of stopping it."""
    return subprocess.run(
        [sys.executable, "-m", "charter", *args],
        cwd=cwd, capture_output=True, text=True, timeout=20, check=False,
        env={"PATH": "/usr/bin:/bin", "CHARTER_TODAY": TODAY.isoformat(), "PYTHONPATH": str(ROOT)},
    )  # fmt: skip


# --- not a file charter can read (issue 28, item 13) -----------------------------------------------


def test_a_folder_given_as_config_is_called_a_folder(repo: Path) -> None:
    (repo / "config").mkdir()
    assert_slip(run_charter("build", "org", "--config", "config", cwd=repo), "--config config is a folder")
    assert not (repo / "site").exists()


def test_a_named_pipe_given_as_config_is_refused_without_hanging(repo: Path) -> None:
    os.mkfifo(repo / "config.yml")
    done = run_briefly("build", "org", "--config", "config.yml", cwd=repo)
    assert_slip(done, "--config config.yml is not a regular file (a named pipe)")


def test_a_named_pipe_as_mkdocs_yml_beside_the_organisation_is_refused_without_hanging(repo: Path) -> None:
    """It used to be passed over in silence, and the site built with charter's own configuration."""
    (repo / "mkdocs.yml").unlink()
    os.mkfifo(repo / "mkdocs.yml")
    done = run_briefly("build", "org", cwd=repo)
    assert_slip(done, f"{repo / 'mkdocs.yml'} is not a regular file (a named pipe)")
    assert not (repo / "site").exists()


def test_an_unreadable_config_is_said_to_be_unreadable(repo: Path) -> None:
    (repo / "mkdocs.yml").chmod(0)
    done = run_charter_unprivileged("build", "org", "--config", "mkdocs.yml", cwd=repo)
    assert_slip(done, "--config mkdocs.yml cannot be read: Permission denied")


def test_an_unreadable_mkdocs_yml_beside_the_organisation_is_not_a_site_that_cannot_be_written(repo: Path) -> None:
    """It was reported as "cannot write site/ … choose another place with --site-dir"."""
    (repo / "mkdocs.yml").chmod(0)
    done = run_charter_unprivileged("build", "org", cwd=repo)
    assert_slip(done, f"{repo / 'mkdocs.yml'} cannot be read: Permission denied")
    assert "cannot write" not in done.stderr
    assert not (repo / "site").exists()


def test_an_unreadable_organisation_file_is_a_problem_in_that_file(repo: Path) -> None:
    """The build's fingerprint of its input read it first, and an error there was reported as
    "cannot write site/"; the validator reports it, in the file, as for any file it cannot read."""
    (repo / "org" / "people" / "bo.yaml").chmod(0)
    done = run_charter_unprivileged("build", "org", cwd=repo)
    assert done.returncode == 1, done.stderr
    assert "org/people/bo.yaml: error CH014 cannot be read: Permission denied" in done.stdout
    assert "cannot write" not in done.stderr
    assert "Traceback" not in done.stderr


def test_a_configuration_broken_while_serving_keeps_the_preview_up(repo: Path) -> None:
    """An edit saved half-done (a live preview rebuilds on every save) failed the preview with
    "internal error"; it is one rebuild that did not happen, and the last good site stays."""
    from charter.publish.preview import Preview
    from charter.publish.serve import Event, Rebuilt, rebuild

    (repo / "mkdocs.yml").write_text("site_name: [unclosed\n")
    told: list[Event] = []
    rebuild(str(repo / "org"), Preview(repo / "site", "properdocs"), repo / "mkdocs.yml", told.append)
    (event,) = told
    assert isinstance(event, Rebuilt)
    assert event.outcome.built is None
    assert "mkdocs.yml is not valid YAML" in (event.outcome.failure or "")


# --- Python code named by the configuration (issue 28, item 14) ------------------------------------

HOOK = """\
from pathlib import Path

def on_config(config):
    Path(__file__).with_name("hook-ran").write_text("yes")
"""


def add_to_config(repo: Path, text: str) -> int:
    """Append ``text`` to the repository's mkdocs.yml; the line number where it starts."""
    config = repo / "mkdocs.yml"
    before = config.read_text()
    config.write_text(before + text)
    return before.count("\n") + 1


def test_a_hook_is_refused_unless_the_command_says_so(repo: Path) -> None:
    (repo / "scripts").mkdir()
    (repo / "scripts" / "hooks.py").write_text(HOOK)
    line = add_to_config(repo, "hooks:\n  - scripts/hooks.py\n")
    done = run_charter("build", "org", cwd=repo)
    assert_slip(
        done,
        f"{repo / 'mkdocs.yml'}:{line + 1}: hook scripts/hooks.py",
        "review it, then build with --allow-hooks",
    )
    assert not (repo / "scripts" / "hook-ran").exists()
    assert not (repo / "site").exists()


def test_an_allowed_hook_runs_from_beside_mkdocs_yml_and_is_named(repo: Path) -> None:
    """MkDocs finds a hook beside the configuration; charter's engine reads a copy in its
    workspace, where a relative path led nowhere: it is made absolute first."""
    (repo / "scripts").mkdir()
    (repo / "scripts" / "hooks.py").write_text(HOOK)
    line = add_to_config(repo, "hooks:\n  - scripts/hooks.py\n")
    done = run_charter("build", "org", "--allow-hooks", cwd=repo)
    assert done.returncode == 0, done.stderr
    assert (repo / "scripts" / "hook-ran").read_text() == "yes"
    note = f"charter: note: {repo / 'mkdocs.yml'}:{line + 1}: hook scripts/hooks.py runs Python code at build time"
    assert note in done.stderr


def change_config(repo: Path, old: str, new: str) -> None:
    config = repo / "mkdocs.yml"
    assert old in config.read_text()
    config.write_text(config.read_text().replace(old, new, 1))


def line_of(repo: Path, text: str) -> int:
    return (repo / "mkdocs.yml").read_text().splitlines().index(text) + 1


def test_a_markdown_extension_that_names_a_python_callable_is_refused(repo: Path) -> None:
    """Python-Markdown calls ``module:callable`` with the extension's options: ``os:system``
    with a ``command`` runs a shell command, a hook by another name."""
    extension = f'  - "os:system":\n      command: "touch {repo}/ran"\n'
    change_config(repo, "markdown_extensions:\n", "markdown_extensions:\n" + extension)
    done = run_charter("build", "org", cwd=repo)
    line = line_of(repo, '  - "os:system":')
    assert_slip(done, f"{repo / 'mkdocs.yml'}:{line}: Markdown extension os:system")
    assert "--allow-hooks" in done.stderr
    assert not (repo / "ran").exists()


def test_a_plugin_is_named_on_every_build(repo: Path) -> None:
    """Plugins are installed packages, so whoever installed them chose them: not refused, but
    named, file and line, so that a build log shows what ran."""
    change_config(repo, "plugins:\n  - search\n", "plugins:\n  - search\n  - material/tags\n")
    done = run_charter("build", "org", cwd=repo)
    assert done.returncode == 0, done.stderr
    line = line_of(repo, "  - material/tags")
    assert f"charter: note: {repo / 'mkdocs.yml'}:{line}: plugin material/tags runs code" in done.stderr


def test_inherit_is_refused_as_a_file_charter_cannot_check(repo: Path) -> None:
    (repo / "base.yml").write_text(f"hooks: [{repo}/scripts/hooks.py]\n")
    add_to_config(repo, "INHERIT: base.yml\n")
    done = run_charter("build", "org", cwd=repo)
    assert_slip(done, "INHERIT", "copy the settings of base.yml into it")


def test_a_hook_added_while_serving_is_refused_too(repo: Path) -> None:
    """The live preview reads mkdocs.yml again on every rebuild: a hook saved into it meanwhile
    is refused there as well, not run."""
    from charter.publish.preview import Preview
    from charter.publish.serve import Event, Rebuilt, rebuild

    (repo / "scripts").mkdir()
    (repo / "scripts" / "hooks.py").write_text(HOOK)
    add_to_config(repo, "hooks:\n  - scripts/hooks.py\n")
    told: list[Event] = []
    rebuild(str(repo / "org"), Preview(repo / "site", "properdocs"), repo / "mkdocs.yml", told.append)
    (event,) = told
    assert isinstance(event, Rebuilt)
    assert "--allow-hooks" in (event.outcome.failure or "")
    assert not (repo / "scripts" / "hook-ran").exists()


def test_the_repositorys_mkdocs_yml_as_a_link_is_refused_unread(repo: Path, tmp_path: Path) -> None:
    """A pull request committing mkdocs.yml as a link to a secret file once had the build quote
    the secret's keys in its error, into the CI log (issue 28, found by a red-team pass)."""
    secret = tmp_path / "secret.yml"
    secret.write_text("site_name: x\napi_token: TOPSECRET\n")
    config = repo / "mkdocs.yml"
    if config.exists():
        config.unlink()
    config.symlink_to(secret)
    done = run_charter("build", "org", "--site-dir", "site", cwd=repo)
    assert done.returncode == 2
    assert "is a symbolic link" in done.stderr
    assert "TOPSECRET" not in done.stdout + done.stderr
    assert "api_token" not in done.stdout + done.stderr


def test_render_writes_the_configuration_build_would_use_hooks_only_when_allowed(repo: Path) -> None:
    """Issue 31: render --out writes the engine's configuration; a hook in it is refused as build
    refuses it, and written (for the engine to run, its path made absolute) when allowed."""
    (repo / "scripts").mkdir()
    (repo / "scripts" / "hooks.py").write_text(HOOK)
    add_to_config(repo, "hooks:\n  - scripts/hooks.py\n")
    refused = run_charter("render", "org", "--out", "rendered", cwd=repo)
    assert refused.returncode == 2
    assert "--allow-hooks" in refused.stderr
    assert not (repo / "rendered").exists()
    allowed = run_charter("render", "org", "--out", "rendered", "--allow-hooks", cwd=repo)
    assert allowed.returncode == 0, allowed.stderr
    assert f"- {repo / 'scripts' / 'hooks.py'}" in (repo / "rendered" / "mkdocs.yml").read_text()
    assert not (repo / "scripts" / "hook-ran").exists()  # render runs no engine
