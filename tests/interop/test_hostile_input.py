"""What the importers and exporters do with hostile or oversized input (issue 28, items 7–10):
names that would inject keys or markup, ids that cannot be, and files beyond the caps."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from charter.interop import backstage
from charter.interop.backstage import import_backstage
from charter.interop.raci import InteropError
from charter.interop.tables import MAX_CELLS
from tests.conftest import ROOT, OrgDir, run_charter


def catalog(path: Path, *documents: str) -> Path:
    path.write_text("\n---\n".join(documents) + "\n", encoding="utf-8")
    return path


def group(name: str, parent: str | None = None, display: str | None = None) -> str:
    lines = ["apiVersion: backstage.io/v1alpha1", "kind: Group", "metadata:", f"  name: {name}", "spec:"]
    lines.append("  type: team")
    if display:
        lines.append(f"  profile: {{displayName: {display}}}")
    if parent:
        lines.append(f"  parent: {parent}")
    return "\n".join(lines)


def user(name: str) -> str:
    return f"apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n  name: {name}\nspec: {{}}"


def test_a_group_name_with_line_breaks_cannot_inject_keys(minimal: OrgDir, tmp_path: Path) -> None:
    source = catalog(tmp_path / "c.yaml", group('"evil\\nparent: it\\nchannel: \\"#x\\"\\n#"'), user('"u\\nid: admin"'))
    done = run_charter("import", "backstage", str(source), "--into", str(minimal.path))
    assert "Traceback" not in done.stderr
    written = sorted((minimal.path / "teams").glob("evil*.yaml"))
    assert len(written) == 1
    text = written[0].read_text()
    keys = [line.split(":")[0] for line in text.splitlines() if line and not line.startswith("#")]
    assert keys == ["id", "name", "purpose"]  # no parent, no channel
    assert "# Imported from Backstage Group 'evil\\nparent: it" in text
    person = next((minimal.path / "people").glob("u*.yaml")).read_text()
    assert [line.split(":")[0] for line in person.splitlines() if not line.startswith("#")] == ["id", "name"]


def test_imported_files_validate_whatever_the_names(minimal: OrgDir, tmp_path: Path) -> None:
    """A User named CON (a device on Windows), one named null (YAML's empty value), a Group that is
    its own parent and two that are each other's: every file written validates."""
    source = catalog(
        tmp_path / "c.yaml",
        user("CON"),
        user('"null"'),
        group("selfish", parent="selfish"),
        group("ping", parent="pong"),
        group("pong", parent="ping"),
    )
    done = run_charter("import", "backstage", str(source), "--into", str(minimal.path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert (minimal.path / "people" / "con-user.yaml").is_file()
    assert (minimal.path / "people" / "null-user.yaml").is_file()
    assert "loop of parents" in done.stdout
    assert minimal.validate().errors == 0


@pytest.mark.parametrize("bad", ["null", "con", "index"])
def test_new_refuses_an_id_that_cannot_be(minimal: OrgDir, bad: str) -> None:
    done = run_charter("new", "role", bad, "--team", "it", "--org", str(minimal.path))
    assert done.returncode == 2
    assert not (minimal.path / "roles" / f"{bad}.yaml").exists()
    imported = run_charter("import", "raci", "x.csv", "--outcome", bad, "--into", str(minimal.path))
    assert imported.returncode == 2


def test_a_catalog_larger_than_the_cap_is_refused_unread(minimal: OrgDir, tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:  # sparse: the size without the disk
        handle.truncate(backstage.MAX_CATALOG_BYTES + 1)
    done = run_charter("import", "backstage", str(big), "--into", str(minimal.path))
    assert done.returncode == 2
    assert f"larger than {backstage.MAX_CATALOG_BYTES >> 20} MiB" in done.stderr


def test_a_catalog_that_would_write_too_many_files_writes_none(
    minimal: OrgDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backstage, "MAX_FILES", 5)  # the cap's value; 10,000 people would take a minute
    source = catalog(tmp_path / "c.yaml", *(user(f"person-{n}") for n in range(6)))
    before = sorted(p.name for p in (minimal.path / "people").iterdir())
    with pytest.raises(InteropError, match="would write 6 files, more than the 5"):
        import_backstage([source], minimal.path)
    assert sorted(p.name for p in (minimal.path / "people").iterdir()) == before


def test_a_matrix_beyond_the_cells_cap_is_refused_before_work(minimal: OrgDir, tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    columns = 401
    with path.open("w", newline="") as handle:
        table = csv.writer(handle)
        table.writerow(["Activity", *[f"Role {n}" for n in range(columns - 1)]])
        for n in range(MAX_CELLS // columns + 1):
            table.writerow([f"Step {n}", *["R" if c == n % (columns - 1) else "" for c in range(columns - 1)]])
    done = run_charter("import", "raci", str(path), "--outcome", "huge", "--into", str(minimal.path))
    assert done.returncode == 2
    assert f"more than {MAX_CELLS:,} cells" in done.stderr
    assert not (minimal.path / "outcomes" / "huge.yaml").exists()


# --- exports ------------------------------------------------------------------------------------


def test_an_export_with_errors_writes_nothing_to_standard_output(minimal: OrgDir) -> None:
    minimal.replace("roles/agent.yaml", "team: ", "team: nowhere-")
    done = run_charter("export", "raci", "--org", str(minimal.path))
    assert done.returncode == 1
    assert done.stdout == ""
    assert "error" in done.stderr


@pytest.mark.parametrize(
    ("args", "why"),
    [
        (["-o", "matrix.pdf"], "name it matrix.csv"),
        (["-o", "matrix.foo"], "a file ending in '.foo' would not open as; name it matrix.csv"),
        (["-o", "matrix"], "name it matrix.csv (or end it in .xlsx, .md)"),
        (["--format", "csv", "-o", "matrix.xlsx"], "name it matrix.csv"),
        (["--format", "md", "-o", "m.csv"], "name it m.md"),
    ],
)
def test_an_export_is_never_written_under_another_format_s_name(
    minimal: OrgDir, tmp_path: Path, args: list[str], why: str
) -> None:
    args = [a if not a.startswith(("matrix", "m.")) else str(tmp_path / a) for a in args]
    done = run_charter("export", "raci", "--org", str(minimal.path), *args)
    assert done.returncode == 2
    assert why in done.stderr
    assert list(tmp_path.iterdir()) == [minimal.path]


def test_an_export_never_overwrites_the_organisation_s_files(minimal: OrgDir) -> None:
    before = minimal.read("roles/agent.yaml")
    for what, name in (("raci", "roles/agent.yaml"), ("codeowners", "CODEOWNERS")):
        done = run_charter("export", what, "--org", str(minimal.path), "-o", str(minimal.path / name))
        assert done.returncode == 2, done.stderr
        assert "inside the organisation folder" in done.stderr
    assert minimal.read("roles/agent.yaml") == before
    assert not (minimal.path / "CODEOWNERS").exists()


def test_markdown_exports_write_names_as_text(minimal: OrgDir) -> None:
    minimal.replace("roles/agent.yaml", "title: ", "title: <img src=x onerror=alert(1)> **bold** ")
    done = run_charter("export", "raci", "--org", str(minimal.path), "--format", "md")
    assert done.returncode == 0, done.stderr
    assert "<img" not in done.stdout
    assert "&lt;img src=x onerror=alert(1)\\> \\*\\*bold\\*\\*" in done.stdout


# --- found by a red-team pass over the first fixes -------------------------------------------------


@pytest.mark.parametrize("kind", ["link", "fifo"])
def test_codeowners_check_never_reads_through_a_link_or_waits_on_a_pipe(
    minimal: OrgDir, tmp_path: Path, kind: str
) -> None:
    """A pull request committing .github/CODEOWNERS as a link to /etc/shadow once had the check
    print the target as its diff, into a public CI log."""
    secret = tmp_path / "secret"
    secret.write_text("root:TOPSECRETHASH:19000::::::\n")
    github = tmp_path / ".github"
    github.mkdir()
    if kind == "link":
        (github / "CODEOWNERS").symlink_to(secret)
    else:
        os.mkfifo(github / "CODEOWNERS")
    done = run_charter("export", "codeowners", "--org", str(minimal.path), "--check", cwd=tmp_path)
    assert done.returncode == 1
    assert "TOPSECRET" not in done.stdout + done.stderr
    assert ("symbolic link" if kind == "link" else "not a regular file") in done.stderr


def test_an_export_cut_short_by_a_file_size_limit_fails(example: OrgDir, tmp_path: Path) -> None:
    out = tmp_path / "raci.csv"
    command = [sys.executable, "-m", "charter", "export", "raci", "--org", str(example.path)]
    limited = ["/bin/sh", "-c", f'ulimit -f 1 && exec "$@" > {out}', "sh", *command]
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(limited, capture_output=True, text=True, env=env, check=False)
    big = run_charter("export", "raci", "--org", str(example.path))
    assert len(big.stdout.encode()) > 1024  # the limit cuts it
    assert done.returncode == 1, done.stderr
    assert "File too large" in done.stderr


def test_imported_and_new_text_always_reads_back(minimal: OrgDir, tmp_path: Path) -> None:
    """Bidirectional controls, zero-width spaces and line separators from a matrix's headings and
    its file's name were written as they came, and charter's own loader refused the files."""
    matrix = tmp_path / "raci\u2028\u202eevil.csv"
    matrix.write_text("Activity,Agent,Night\u200bOwl \u202eNaN\nTake the call,R,A\nFix\u2028it,A,R\n")
    done = run_charter("import", "raci", str(matrix), "--outcome", "night", "--into", str(minimal.path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert minimal.validate().errors == 0
    refused = run_charter("new", "role", "x", "--team", "it", "--title", "Evil\u202eName", "--org", str(minimal.path))
    assert refused.returncode == 2
    assert "U+202E" in refused.stderr


@pytest.mark.parametrize("kind", ["file", "fifo"])
def test_a_kind_folder_that_is_not_a_folder_is_one_finding(minimal: OrgDir, kind: str) -> None:
    roles = minimal.path / "roles"
    for file in roles.iterdir():
        file.unlink()
    roles.rmdir()
    if kind == "file":
        roles.write_text("not a folder")
    else:
        os.mkfifo(roles)
    result = minimal.validate()
    assert [(p.code, p.path, p.message) for p in result.problems] == [("CH014", "roles", "is not a folder")]


@pytest.mark.parametrize("word", ["true", "no", "404", "0x1f", "1e3", "2024-01-01"])
def test_an_id_other_yaml_tools_read_as_no_text_is_refused(minimal: OrgDir, tmp_path: Path, word: str) -> None:
    done = run_charter("new", "team", word, "--org", str(minimal.path))
    assert done.returncode == 2
    assert "add a word" in done.stderr
    source = catalog(tmp_path / "c.yaml", user(f'"{word}"'))
    imported = run_charter("import", "backstage", str(source), "--into", str(minimal.path))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert (minimal.path / "people" / f"{word}-user.yaml").is_file()
