"""A slip on the command line is a plain message and exit 2: never a traceback, never "internal
error". Each test runs charter as its own process, as a manager or CI would, and checks the words
that tell the user what was wrong and what to type instead."""

from __future__ import annotations

import errno
import os
import pty
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT, TODAY, run_charter

RELEASE = "acme-tools/charter@v0.1.0"


def assert_slip(done: subprocess.CompletedProcess[str], *words: str) -> None:
    """Exit 2, each of ``words`` in the message, and nothing that reads like a crash."""
    assert done.returncode == 2, done.stdout + done.stderr
    for word in words:
        assert word in done.stderr, done.stderr
    assert "internal error" not in done.stderr
    assert "Traceback" not in done.stderr


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository's top folder as a manager has it: the organisation in org/, beside it a
    README and a mkdocs.yml (the files that made `charter validate .` talk about moving them)."""
    top = tmp_path / "repo"
    shutil.copytree(FIXTURES / "minimal", top / "org")
    (top / "README.md").write_text("# Our charter\n")
    (top / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text())
    return top


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=repo, check=True, capture_output=True
    )


# --- 1. serve: the address ----------------------------------------------------------------------


def test_serve_on_a_port_in_use_says_so_before_building(repo: Path) -> None:
    taken = socket.socket()
    try:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_charter("serve", "org", "--port", str(port), cwd=repo)
    finally:
        taken.close()
    assert_slip(done, f"port {port} is already in use", "choose another with --port")
    assert not (repo / "site").exists()  # the port is tried first: no site built for nothing


def test_serve_on_a_host_that_does_not_resolve(repo: Path) -> None:
    done = run_charter("serve", "org", "--host", "no-such-host.invalid", "--port", "0", cwd=repo)
    assert_slip(done, "the host 'no-such-host.invalid' is not a name or address", "--host 127.0.0.1")


def test_serve_on_an_address_of_another_machine(repo: Path) -> None:
    # 192.0.2.1 is TEST-NET-1 (RFC 5737): documentation only, never an address of this machine.
    done = run_charter("serve", "org", "--host", "192.0.2.1", "--port", "0", cwd=repo)
    assert_slip(done, "'192.0.2.1' is not an address of this machine", "--host 127.0.0.1")


@pytest.mark.parametrize("port", ["70000", "-1", "eighty"])
def test_serve_on_a_port_out_of_range(repo: Path, port: str) -> None:
    done = run_charter("serve", "org", "--port", port, cwd=repo)
    assert_slip(done, f"'{port}' is not a port", "from 1 to 65535")


@pytest.mark.skipif(os.geteuid() == 0, reason="the administrator may listen on any port")
def test_serve_on_a_privileged_port(repo: Path) -> None:
    done = run_charter("serve", "org", "--port", "80", cwd=repo)
    assert_slip(done, "port 80 may only be used by the administrator", "--port 8000")


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (OSError(errno.EADDRINUSE, "Address already in use"), "port 8000 is already in use"),
        (OSError(errno.EACCES, "Permission denied"), "port 8000 may only be used by the administrator"),
        (OSError(errno.EADDRNOTAVAIL, "Cannot assign requested address"), "'h' is not an address of this machine"),
        (socket.gaierror(socket.EAI_NONAME, "Name or service not known"), "the host 'h' is not a name"),
    ],
)
def test_each_bind_failure_has_its_own_words(error: OSError, words: str) -> None:
    """The privileged port cannot fail for root, who runs some test machines: its words here."""
    from charter.publish.serve import bind_error

    assert words in bind_error("h", 8000, error)


def test_a_rebuild_that_cannot_write_keeps_the_preview_up(repo: Path) -> None:
    """Once serving, a rebuild that meets a file system error (here: the site's folder is under a
    file) is told as "not rebuilt", and serving goes on; the first build's error stops serve."""
    from charter.publish.config import BUILT_IN
    from charter.publish.preview import Preview
    from charter.publish.serve import Event, Rebuilt, rebuild

    (repo / "blocker").write_text("a file where a folder should be\n")
    told: list[Event] = []
    preview = Preview(repo / "blocker" / "site", "properdocs")
    rebuild(str(repo / "org"), preview, BUILT_IN, told.append)
    assert len(told) == 1
    assert isinstance(told[0], Rebuilt)
    assert told[0].outcome.built is None
    assert "Not a directory" in (told[0].outcome.failure or "")
    with pytest.raises(NotADirectoryError):
        rebuild(str(repo / "org"), preview, BUILT_IN, told.append, first=True)


# --- 2. the organisation folder -----------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "."),
        ("render", ".", "--out", "pages"),
        ("build", "."),
        ("serve", ".", "--port", "0"),
        ("diff", ".", "org"),
        ("diff", "HEAD", "--org", "."),
        ("export", "raci", "--org", "."),
        ("new", "team", "finance", "--org", "."),
        ("import", "raci", "README.md", "--outcome", "paid", "--into", "."),
        ("schema", "--write", "--org", "."),
    ],
)
def test_the_repositorys_top_folder_suggests_its_organisation_folder(repo: Path, args: tuple[str, ...]) -> None:
    before = sorted(repo.rglob("*"))
    done = run_charter(*args, cwd=repo)
    assert_slip(done, "'.' is not an organisation folder (it has no organisation.yaml); did you mean 'org'?")
    assert sorted(repo.rglob("*")) == before  # nothing written, no site, no pages, no .charter/


def test_an_organisation_two_levels_down_is_found(repo: Path) -> None:
    done = run_charter("validate", ".", cwd=repo.parent)
    assert_slip(done, "did you mean 'repo/org'?")


def test_several_organisations_are_offered_in_order(tmp_path: Path) -> None:
    for name in ("north", "east", "west"):
        shutil.copytree(FIXTURES / "minimal", tmp_path / "orgs" / name)
    done = run_charter("validate", "orgs", cwd=tmp_path)
    assert_slip(done, "did you mean 'orgs/east', 'orgs/north' or 'orgs/west'?")


def test_a_misspelt_organisation_folder_is_suggested(repo: Path) -> None:
    done = run_charter("validate", "orgs", cwd=repo)
    assert_slip(done, "no organisation folder at 'orgs'; did you mean 'org'?")


@pytest.mark.parametrize(("inside", "meant"), [("org", "."), ("org/roles", ".."), ("org/roles/deeper", "../..")])
def test_inside_the_organisation_folder_the_default_is_the_folder_you_are_in(
    repo: Path, inside: str, meant: str
) -> None:
    (repo / "org/roles/deeper").mkdir()
    done = run_charter("validate", cwd=repo / inside)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"charter: the organisation folder is '{meant}', the one you are in" in done.stderr
    assert "no problems" in done.stdout


def test_diff_inside_the_organisation_folder_compares_with_a_revision(repo: Path) -> None:
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "start")
    (repo / "org/roles/agent.yaml").write_text((repo / "org/roles/agent.yaml").read_text().replace("Logging", "Taking"))
    done = run_charter("diff", "main", cwd=repo / "org" / "roles")
    assert done.returncode == 0, done.stderr
    assert "Taking every call" in done.stdout


def test_outside_any_organisation_the_default_is_still_a_slip(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # the repository's top: no organisation is looked for above it
    done = run_charter("validate", cwd=tmp_path)
    assert_slip(done, "no organisation folder at 'org'")


def test_organisation_yaml_given_for_its_folder(repo: Path) -> None:
    done = run_charter("validate", "org/organisation.yaml", cwd=repo)
    assert_slip(done, "'org/organisation.yaml' is a file; give the folder that holds it: 'org'")


def test_a_folder_with_no_organisation_anywhere_below_points_to_init(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "minutes.md").write_text("# Minutes\n")
    done = run_charter("validate", "notes", cwd=tmp_path)
    assert_slip(done, "'notes' is not an organisation folder", "nor any folder below it", "charter init")


def test_an_organisation_folder_that_lost_its_file_is_left_to_the_validator(repo: Path) -> None:
    """It has teams/ and roles/: an organisation missing organisation.yaml (CH015), not a slip."""
    (repo / "org" / "organisation.yaml").unlink()
    done = run_charter("validate", "org", cwd=repo)
    assert done.returncode == 1, done.stderr
    assert "org/organisation.yaml: error CH015" in done.stdout
    assert done.stderr == ""


# --- 3. diff: revisions ---------------------------------------------------------------------------


@pytest.fixture
def history(repo: Path) -> Path:
    """``repo`` under git: a first commit without the organisation (tag 'before'), then one with
    it on branch main, tagged v1.0."""
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "README.md")
    git(repo, "commit", "-qm", "readme")
    git(repo, "tag", "before")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "org")
    git(repo, "tag", "v1.0")
    return repo


@pytest.mark.parametrize(("typed", "meant"), [("mian", "main"), ("v1.O", "v1.0")])
def test_diff_with_a_misspelt_revision_suggests_a_branch_or_tag(history: Path, typed: str, meant: str) -> None:
    done = run_charter("diff", typed, cwd=history)
    assert_slip(done, f"'{typed}' is neither a folder nor a git revision; did you mean '{meant}'?")
    assert "rev-parse" not in done.stderr


def test_diff_with_an_unknown_revision_lists_the_branches_and_tags(history: Path) -> None:
    done = run_charter("diff", "release-candidate", cwd=history)
    assert_slip(done, "the branches and tags are: main, before, v1.0")


def test_diff_with_a_revision_before_the_organisation_existed(history: Path) -> None:
    """The first pull request of a repository adopting charter: its base has no org/ yet, so
    everything is new, compared with an empty organisation (issue 28, item 15)."""
    done = run_charter("diff", "before", cwd=history)
    assert done.returncode == 0, done.stderr
    assert "before org/" in done.stdout
    assert "Joins, holding" in done.stdout
    assert "Rule findings" not in done.stdout  # the empty base's "no organisation.yaml" is no finding fixed


def test_diff_outside_a_git_repository(repo: Path) -> None:
    done = run_charter("diff", "main", cwd=repo)
    assert_slip(done, "'org' is not in a git repository", "charter diff OLD NEW")


def test_diff_in_a_repository_with_no_commits(repo: Path) -> None:
    git(repo, "init", "-q", "-b", "main")
    done = run_charter("diff", "main", cwd=repo)
    assert_slip(done, "the repository has no commits yet")


def test_diff_without_git_installed(history: Path, tmp_path: Path) -> None:
    nothing = tmp_path / "empty-path"
    nothing.mkdir()
    done = run_charter("diff", "main", cwd=history, path=str(nothing))
    assert_slip(done, "git is not installed", "charter diff OLD NEW")


def test_diff_against_a_file(history: Path) -> None:
    done = run_charter("diff", "README.md", cwd=history)
    assert_slip(done, "'README.md' is a file; give an organisation folder or a git revision")


def test_diff_with_an_option_like_revision_is_not_passed_to_git(history: Path) -> None:
    done = run_charter("diff", "--", "--output=/tmp/x", cwd=history)
    assert_slip(done, "'--output=/tmp/x' is neither a folder nor a git revision")


# --- 4. where the site goes -----------------------------------------------------------------------


def test_build_from_the_folder_above_writes_the_site_beside_the_organisation(repo: Path) -> None:
    done = run_charter("build", "repo/org", cwd=repo.parent)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "into repo/site/" in done.stdout
    assert (repo / "site" / "index.html").is_file()
    assert not (repo.parent / "site").exists()
    assert not (repo.parent / ".charter").exists()


@pytest.mark.parametrize(
    "args",
    [("render", "org", "--out", "org/pages"), ("build", "org", "--site-dir", "org/site")],
)
def test_output_inside_the_organisation_folder_is_refused(repo: Path, args: tuple[str, ...]) -> None:
    done = run_charter(*args, cwd=repo)
    assert_slip(done, "is inside the organisation folder 'org'", "beside it")
    assert sorted(p.name for p in (repo / "org").iterdir()) == sorted(p.name for p in (FIXTURES / "minimal").iterdir())


# --- 5. new: what a new file needs ------------------------------------------------------------------


def test_new_role_without_team_lists_the_teams_and_the_command(repo: Path) -> None:
    done = run_charter("new", "role", "data-analyst", cwd=repo)
    assert_slip(
        done,
        "a new role belongs to a team: say which team with --team; the teams in org: it, service.",
        "For example: charter new role data-analyst --team it",
    )
    assert not (repo / "org" / "roles" / "data-analyst.yaml").exists()


def test_new_outcome_without_accountable_lists_the_roles(repo: Path) -> None:
    done = run_charter("new", "outcome", "refund-paid", "--org", "org", cwd=repo)
    assert_slip(done, "say which role with --accountable", "agent, it-engineer, service-lead", "--accountable agent")


def test_new_role_with_no_teams_yet_says_to_make_one_first(repo: Path) -> None:
    for path in (repo / "org").rglob("*"):
        if path.parent.name in ("teams", "roles", "outcomes"):
            path.unlink()
    done = run_charter("new", "role", "data-analyst", cwd=repo)
    assert_slip(done, "org has no team yet", "charter new team TEAM-ID", "charter new role data-analyst --team TEAM-ID")


def test_new_with_an_unknown_team_lists_the_teams(repo: Path) -> None:
    done = run_charter("new", "role", "data-analyst", "--team", "finance", "--org", "org", cwd=repo)
    assert_slip(done, "no team 'finance' in org; the teams are: it, service.")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("team", "finance", "--team", "it"), "--team is only for a new role"),
        (("person", "ana-lee", "--accountable", "agent"), "--accountable is only for a new outcome"),
    ],
)
def test_new_with_an_option_of_another_kind(repo: Path, args: tuple[str, ...], words: str) -> None:
    assert_slip(run_charter("new", *args, cwd=repo), words)


# --- 6. the sweep: every command's other slips ----------------------------------------------------


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A folder with an organisation, a text file, a RACI table and nothing else."""
    shutil.copytree(FIXTURES / "minimal", tmp_path / "org")
    (tmp_path / "notes.txt").write_text("just notes\n")
    (tmp_path / "matrix.csv").write_text("Step,Agent\nLog the call,A\n")
    return tmp_path


SWEEP = [
    (("validate", "notes.txt"), "'notes.txt' is not a folder"),
    (("validate", "org", "--today", "2026-13-01"), "must be a date written YYYY-MM-DD, not '2026-13-01'"),
    (("validate", "org", "--today", ""), "must be a date written YYYY-MM-DD, not ''"),
    (("validate", "org", "--today", "2026-02-30"), "not '2026-02-30' (there is no such day)"),
    (("validate", "org", "--format", "xml"), "invalid choice: 'xml'"),
    (("render", "org", "--out", "notes.txt"), "exists and is not a folder"),
    (("render", "org", "--out", "notes.txt/pages"), "is a file, so nothing can be written below it"),
    (("render", "org", "--out", ""), "--out is an empty name"),
    (("render", "org"), "the following arguments are required: --out"),
    (("build", "org", "--site-dir", "notes.txt/site"), "is a file, so nothing can be written below it"),
    (("build", "org", "--config", "missing.yml"), "--config missing.yml: there is no such file"),
    (("build", "org", "--config", "org/organisation.yaml"), "is not a MkDocs configuration: none of its keys"),
    (("build", "org", "--engine", "hugo"), "invalid choice: 'hugo'"),
    (("serve", "org", "--site-dir", "notes.txt"), "exists and is not a folder"),
    (("diff", "org", "notes.txt"), "'notes.txt' is a file"),
    (("diff", "org", "org", "--format", "html"), "invalid choice: 'html'"),
    (("new", "role", "x", "--team", "servce"), "did you mean 'service'?"),
    (("new", "person", "Ana_Lee"), "'Ana_Lee' must be lower-case letters"),
    (("init", "org", "--charter-from", RELEASE), "'org' is not empty"),
    (("init", "notes.txt", "--charter-from", RELEASE), "'notes.txt' is a file"),
    (("init", "notes.txt/acme", "--charter-from", RELEASE), "is a file, not a folder"),
    (("import", "raci", "missing.csv", "--outcome", "x"), "there is no file 'missing.csv'"),
    (("import", "raci", "matrx.csv", "--outcome", "x"), "did you mean 'matrix.csv'?"),
    (("import", "raci", "org", "--outcome", "x"), "'org' is a folder; give the table's file"),
    (("import", "raci", "matrix.csv"), "import raci needs --outcome ID"),
    (("import", "raci", "matrix.csv", "notes.txt", "--outcome", "x"), "one table at a time"),
    (("import", "raci", "matrix.csv", "--outcome", "x", "--team", "Imported"), "--team 'Imported' must be"),
    (("import", "raci", "notes.txt", "--outcome", "x"), "one line of text ('just notes'), not a matrix"),
    (("import", "backstage", "notes.txt"), "no Backstage Group or User in notes.txt"),
    (("import", "backstage", "missing.yaml"), "there is no file 'missing.yaml'"),
    (("import", "backstage", "notes.txt", "--outcome", "x"), "--outcome is for import raci"),
    (("import", "csv", "matrix.csv"), "invalid choice: 'csv'"),
    (("export", "raci", "--format", "yaml"), "raci exports are csv, xlsx or md, not yaml"),
    (("export", "backstage", "--format", "csv"), "backstage exports are YAML, not csv"),
    (("export", "backstage", "--outcome", "fault-fixed"), "--outcome is for export raci"),
    (("export", "raci", "--outcome", "fault-fxed"), "did you mean 'fault-fixed'?"),
    (("export", "raci", "-o", "org"), "-o org is a folder"),
    (("export", "raci", "-o", "nowhere/raci.csv"), "there is no folder 'nowhere'"),
    (("export", "raci", "-o", "notes.txt/raci.csv"), "there is no folder 'notes.txt'"),
    (("schema", "--org", "nowhere"), "no organisation folder at 'nowhere'"),
    (("schema", "--write", "--org", "notes.txt"), "'notes.txt' is not a folder"),
    (("schema", "roles"), "invalid choice: 'roles'"),
    (("explain", "CH9999"), "no rule or code 'CH9999'; codes run from CH001 to"),
    (("explain", "vacncy"), "did you mean 'vacancy'?"),
    (("explain", "ch3055"), "did you mean 'CH305'?"),
    (("explain", ""), "say which code (CH305) or rule (vacancy) to explain"),
    (("valdiate", "org"), "invalid choice: 'valdiate'"),
    ((), "the following arguments are required: COMMAND"),
]


@pytest.mark.parametrize(("args", "words"), SWEEP, ids=[" ".join(args) or "nothing" for args, _ in SWEEP])
def test_slip(work: Path, args: tuple[str, ...], words: str) -> None:
    before = sorted(work.rglob("*"))
    done = run_charter(*args, cwd=work)
    assert_slip(done, words)
    assert sorted(work.rglob("*")) == before  # a slip writes nothing


def test_an_xlsx_export_to_a_terminal_is_refused(work: Path) -> None:
    controller, terminal = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "charter", "export", "raci", "--format", "xlsx"],
            cwd=work, stdout=terminal, stderr=subprocess.PIPE, text=True, timeout=120, check=False,
            env={"PATH": "/usr/bin:/bin", "CHARTER_TODAY": TODAY.isoformat(), "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
    finally:
        os.close(terminal)
        os.close(controller)
    assert_slip(done, "write it to a file with -o raci.xlsx")


def test_an_export_to_dash_goes_to_standard_output(work: Path) -> None:
    done = run_charter("export", "raci", "-o", "-", cwd=work)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Outcome,")
    assert not (work / "-").exists()


def test_an_export_named_xlsx_is_an_xlsx_workbook(work: Path) -> None:
    """-o raci.xlsx without --format: a CSV under that name would not open in a spreadsheet."""
    done = run_charter("export", "raci", "-o", "raci.xlsx", cwd=work)
    assert done.returncode == 0, done.stderr
    assert (work / "raci.xlsx").read_bytes()[:2] == b"PK"
