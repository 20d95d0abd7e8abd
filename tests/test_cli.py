"""The command-line contract: commands, formats and exit codes, run as separate processes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from charter.validate.registry import ALL
from charter.validate.rules import RULES
from tests.conftest import FIXTURES, ROOT, OrgDir, run_charter, run_json


def test_clean_org_exits_0(minimal: OrgDir) -> None:
    done = run_charter("validate", str(minimal.path))
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "no problems in 10 files\n"


def test_text_format_is_one_line_per_problem_then_line_key_and_hint(minimal: OrgDir, tmp_path: Path) -> None:
    minimal.replace("roles/agent.yaml", "team: service", "team: servce")
    done = run_charter("validate", "minimal", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "minimal/roles/agent.yaml:4:7: error CH104 unknown team 'servce' [unresolved-reference]",
        "    4 | team: servce",
        "      |       ^^^^^^",
        "    key: team",
        "    hint: did you mean 'service'?",
        "1 error, 0 warnings in 10 files",
        # Rules that would report a consequence of the misspelt team (it has "no roles") wait.
        "rules not run until the errors above are fixed: unreciprocated-collaboration, silent-handoff, orphan",
    ]


def test_warnings_pass_unless_strict(minimal: OrgDir) -> None:
    minimal.replace("roles/it-engineer.yaml", "holders: [bo]", "holders: []")
    assert run_charter("validate", str(minimal.path)).returncode == 0
    strict = run_charter("validate", str(minimal.path), "--strict")
    assert strict.returncode == 1
    assert "warning CH305" in strict.stdout


def test_json_format_is_stable(minimal: OrgDir, tmp_path: Path) -> None:
    minimal.replace("roles/it-engineer.yaml", "holders: [bo]", "holders: []")
    minimal.remove("people/bo.yaml")  # who would otherwise hold no role
    code, report, _ = run_json("validate", "minimal", cwd=tmp_path)
    assert code == 0
    assert report == {
        "version": 1,
        "org": "minimal",
        "summary": {
            "errors": 0,
            "warnings": 1,
            "infos": 0,
            "files": 9,
            "unread": [],
            "unchecked_rules": [],
            "partial": [],
        },
        "problems": [
            {
                "path": "minimal/roles/it-engineer.yaml",
                "line": 13,
                "column": 10,
                "severity": "warning",
                "code": "CH305",
                "rule": "vacancy",
                "message": "IT Engineer (it-engineer) is vacant: nobody holds it",
                "hint": "add its holders, or waive this rule with who covers the role until it is filled",
                "key_path": "holders",
                "target": "role:it-engineer",
            }
        ],
    }


def test_github_format_annotates_lines(minimal: OrgDir, tmp_path: Path) -> None:
    minimal.replace("roles/agent.yaml", "team: service", "team: servce")
    done = run_charter("validate", "minimal", "--format", "github", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == (
        "::error file=minimal/roles/agent.yaml,line=4,col=7,title=CH104 unresolved-reference::"
        "unknown team 'servce'%0Adid you mean 'service'?"
    )


def test_github_escapes_user_text(minimal: OrgDir, tmp_path: Path) -> None:
    minimal.replace("roles/agent.yaml", "team: service", "team: '100%,x:y'")
    done = run_charter("validate", "minimal", "--format", "github", cwd=tmp_path)
    assert "reference to a team '100%25,x:y'" in done.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "no-such-folder"),
        ("validate", "pyproject.toml"),
        ("explain", "CH999"),
        ("validate", "--format", "xml"),
    ],
)
def test_usage_errors_exit_2_without_traceback(args: tuple[str, ...]) -> None:
    done = run_charter(*args, cwd=ROOT)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip()


def test_bad_today_is_a_usage_error(minimal: OrgDir) -> None:
    done = run_charter("validate", str(minimal.path), "--today", "tomorrow")
    assert (done.returncode, done.stderr) == (
        2,
        "charter: --today / CHARTER_TODAY must be a date written YYYY-MM-DD, not 'tomorrow'\n",
    )


def test_default_org_dir_is_org(tmp_path: Path) -> None:
    (tmp_path / "org").mkdir()
    done = run_charter("validate", cwd=tmp_path)
    assert done.returncode == 1
    assert "org/organisation.yaml: error CH015" in done.stdout


def test_rules_lists_every_code() -> None:
    done = run_charter("rules")
    assert done.returncode == 0
    listed = [line.split()[0] for line in done.stdout.splitlines()]
    assert listed == sorted([*ALL, *RULES])


@pytest.mark.parametrize("word", ["CH305", "vacancy", "ch305", "CH005", "duplicate-key"])
def test_explain(word: str) -> None:
    done = run_charter("explain", word)
    assert done.returncode == 0
    code = "CH305" if "305" in word or word == "vacancy" else "CH005"
    assert done.stdout.startswith(code)
    assert len(done.stdout.splitlines()) > 3


def test_explain_suggests() -> None:
    done = run_charter("explain", "vacancyy")
    assert done.returncode == 2
    assert "did you mean 'vacancy'?" in done.stderr


def test_schema_prints_json_for_each_kind() -> None:
    done = run_charter("schema", "role", "--org", str(FIXTURES / "minimal"))
    schema = json.loads(done.stdout)
    assert schema["title"] == "Charter role"
    assert schema["additionalProperties"] is False
    assert {"id", "title", "team", "purpose", "owns", "collaborators"} <= set(schema["properties"])
    combined = json.loads(run_charter("schema").stdout)
    assert len(combined["anyOf"]) == 6


@pytest.mark.parametrize("org", [ROOT / "org", FIXTURES / "minimal"])
def test_committed_schemas_match_the_models(org: Path) -> None:
    from charter.schema import jsonschema
    from charter.validate.check import validate
    from tests.conftest import TODAY

    result = validate(str(org), TODAY)
    assert result.org is not None
    for kind in jsonschema.KINDS:
        committed = (org / ".schema" / f"{kind}.schema.json").read_text(encoding="utf-8")
        assert committed == jsonschema.render(kind, result.org.scheme), f"run: charter schema --write --org {org}"


def test_console_script_is_installed() -> None:
    import shutil

    script = shutil.which("charter", path=str(Path(__import__("sys").executable).parent))
    assert script is not None


def test_empty_org_dir_is_a_usage_error() -> None:
    done = run_charter("validate", "")
    assert done.returncode == 2
    assert done.stderr == "charter: the organisation folder is an empty name\n"


def test_newlines_in_user_text_stay_on_one_line(minimal: OrgDir, tmp_path: Path) -> None:
    minimal.replace("roles/agent.yaml", "team: service", 'team: "serv\\nice"')
    done = run_charter("validate", "minimal", cwd=tmp_path)
    assert done.stdout.splitlines()[0].endswith(
        "reference to a team 'serv\\nice' must be lower-case letters, digits and "
        "dashes, starting with a letter or digit, at most 63 long [id-format]"
    )


def test_version_is_the_packages_version() -> None:
    from importlib.metadata import version

    done = run_charter("--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"charter {version('charter')}\n"
    assert version("charter") == __import__("charter").__version__


def test_every_package_is_installed() -> None:
    """A package missing from pyproject's list works in this checkout and breaks when installed."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "charter").rglob("__init__.py")}
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"


def test_every_code_is_named_once_and_documented() -> None:
    from charter.core.codes import CodeId

    assert sorted(CodeId) == sorted(ALL)
    assert all(ALL[code].code is code for code in CodeId)
    assert not set(ALL) & set(RULES), "a rule's code is also a loader or structure code"


def test_the_line_shown_under_a_problem_never_prints_an_invisible_character(minimal: OrgDir, tmp_path: Path) -> None:
    # A right-to-left override in a file is reported with its line; the line is shown with the
    # character replaced, never raw (it would reorder the terminal's text: "Trojan Source").
    minimal.replace("roles/agent.yaml", "title: Service Desk Agent", "title: Service\u202e Desk\tAgent")
    done = run_charter("validate", "minimal", cwd=tmp_path)
    assert done.returncode == 1
    assert "error CH003" in done.stdout
    assert "\u202e" not in done.stdout
    assert "    3 | title: Service\ufffd Desk→Agent" in done.stdout.splitlines()


def test_an_empty_file_shows_its_one_empty_line_under_the_problem(minimal: OrgDir) -> None:
    """The excerpt comes from the text the loader read: an empty file has one empty line."""
    minimal.write("people/cy.yaml", "")
    done = run_charter("validate", str(minimal.path))
    lines = done.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if "people/cy.yaml:1:1: error CH011" in line)
    assert lines[at + 1 : at + 3] == ["    1 | ", "      | ^"]


def test_an_import_that_cannot_read_its_table_does_not_say_it_cannot_write(minimal: OrgDir) -> None:
    """Reading the table's name is the command line's check; only writing the files is the import's."""
    done = run_charter("import", "raci", "x" * 300 + ".csv", "--outcome", "new-thing", "--into", str(minimal.path))
    assert done.returncode == 2
    assert "cannot go on" in done.stderr
    assert "cannot write into" not in done.stderr


def test_every_command_describes_itself_and_each_of_its_arguments() -> None:
    import argparse

    from charter.cli.parser import parser

    top = parser()
    commands = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    undescribed = []
    for name, command in commands.choices.items():
        if not command.description:
            undescribed.append(name)
        for action in command._actions:
            if not isinstance(action, argparse._HelpAction) and not action.help:
                undescribed.append(f"{name} {'/'.join(action.option_strings) or action.dest}")
    assert undescribed == []
    assert "yaml" not in commands.choices["export"].format_help().split("--format")[1].split("\n")[0]
    assert "--force" in commands.choices["build"].format_help()
    assert "up to date" in commands.choices["build"].format_help()
