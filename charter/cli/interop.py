"""Bringing other formats in and out: ``import`` (a RACI matrix, a Backstage catalog) and
``export`` (RACI matrices, Backstage Groups, a CODEOWNERS file)."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from charter.cli import places
from charter.cli.errors import EXIT_OK, EXIT_PROBLEMS, UsageError
from charter.cli.export_files import check_output, format_for, from_top
from charter.cli.options import QUIET_HELP, input_file, table_number, today
from charter.core import writer
from charter.core.words import count
from charter.report import problems as report

if TYPE_CHECKING:
    from charter.interop.raci import RaciImported


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    imp = commands.add_parser("import", help="bring in a RACI matrix (CSV, XLSX, Markdown) or a Backstage catalog")
    imp.add_argument(
        "source", choices=("raci", "backstage"), help="raci: a RACI matrix; backstage: a catalog's Group entities"
    )
    imp.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="raci: one .csv, .tsv, .xlsx or .md file; backstage: one or more YAML files",
    )
    imp.add_argument(
        "--into", default="org", metavar="ORG_DIR", help="the organisation folder (default: org; inside it, that one)"
    )
    imp.add_argument("--outcome", metavar="ID", help="raci: the id of the outcome to create")
    imp.add_argument("--name", help="raci: the outcome's name")
    imp.add_argument("--team", help="raci: the team for roles the matrix names but org/ lacks (default: imported)")
    imp.add_argument(
        "--table",
        type=table_number,
        metavar="N",
        help="raci: which table of the file is the matrix, counting from 1, or several read as one (2,3,4 or 2-4; "
        "default: the one that reads best, with the tables that continue it)",
    )
    imp.add_argument("-q", "--quiet", action="store_true", help=QUIET_HELP)
    imp.set_defaults(run=cmd_import)

    exp = commands.add_parser(
        "export", help="RACI matrices as CSV/XLSX/Markdown, teams as Backstage Groups, or a CODEOWNERS file"
    )
    exp.add_argument(
        "what",
        choices=("raci", "backstage", "codeowners"),
        help="raci: the matrix of every promise's steps; backstage: teams as Group entities (YAML); "
        "codeowners: .github/CODEOWNERS",
    )
    exp.add_argument("--org", default="org", metavar="ORG_DIR", help="the organisation folder (default: org)")
    exp.add_argument(
        "--format",
        choices=("csv", "xlsx", "md", "yaml"),  # yaml: a backstage export's only format, accepted if named
        metavar="{csv,xlsx,md}",
        default=None,
        help="raci only: csv, xlsx or md (default: from -o's ending, else csv); backstage is always YAML, "
        "codeowners its own format",
    )
    exp.add_argument("--outcome", metavar="ID", help="raci: one outcome only")
    exp.add_argument(
        "-o", "--output", metavar="FILE", help="write here instead of standard output (-: standard output)"
    )
    exp.add_argument(
        "--check",
        action="store_true",
        help="codeowners: exit 1 when -o FILE (default .github/CODEOWNERS) is not what the organisation makes",
    )
    exp.set_defaults(run=cmd_export)


def cmd_import(args: argparse.Namespace) -> int:
    from charter.report.imports import raci_imported
    from charter.validate.check import validate

    org_dir = places.org_dir(args.into)
    done = _import_raci(args, org_dir) if args.source == "raci" else None
    if done is None:
        _import_backstage(args, org_dir)
    result = validate(org_dir, today(None))
    if done is not None:
        sys.stdout.write(raci_imported(done, result.problems))
    sys.stdout.write("then charter validate:\n" + report.text(result.findings))
    return EXIT_PROBLEMS if result.errors else EXIT_OK


def _import_raci(args: argparse.Namespace, org_dir: str) -> RaciImported:
    from charter.interop.raci import InteropError, import_raci
    from charter.interop.tables import TableError
    from charter.schema.types import id_problem

    if args.outcome is None:
        raise UsageError(
            "import raci needs --outcome ID: the id of the new promise the matrix describes, "
            f"for example: charter import raci {shlex.quote(args.files[0])} --outcome invoice-paid"
        )
    if len(args.files) != 1:
        raise UsageError(f"import raci reads one table at a time, not {len(args.files)}: import each on its own")
    table = input_file(args.files[0], "table's file (CSV, XLSX or Markdown)")
    team = args.team or "imported"
    why = id_problem(team)
    if why is not None:
        raise UsageError(f"--team '{team}' {why}")
    try:
        return import_raci(table, args.outcome, Path(org_dir), name=args.name, team=team, wanted=args.table)
    except (InteropError, TableError) as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise _cannot_write_into(args.into, exc) from None


def _import_backstage(args: argparse.Namespace, org_dir: str) -> None:
    from charter.interop.backstage import import_backstage
    from charter.interop.raci import InteropError
    from charter.report.imports import backstage_imported

    options = (("--outcome", args.outcome), ("--name", args.name), ("--team", args.team), ("--table", args.table))
    given = [option for option, value in options if value]
    if given:
        raise UsageError(f"{given[0]} is for import raci; import backstage takes only catalog files and --into")
    catalogs = [input_file(f, "Backstage catalog's file (YAML)") for f in args.files]
    try:
        imported = import_backstage(catalogs, Path(org_dir))
        if not imported.found_groups and not imported.found_users and not imported.problems:
            skipped = sum(imported.skipped.values())
            raise UsageError(
                f"no Backstage Group or User in {', '.join(args.files)}"
                + (f" ({count(skipped, 'document')} of other kinds)" if skipped else "")
                + "; charter imports catalog files whose entities have kind: Group or kind: User"
            )
        sys.stdout.write(backstage_imported(imported))
    except InteropError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise _cannot_write_into(args.into, exc) from None


def _cannot_write_into(folder: str, exc: OSError) -> UsageError:
    """An import that could not write its files (the table's own file was read before)."""
    from charter.publish.swap import describe

    return UsageError(f"cannot write into {folder}: {describe(exc)}")


def cmd_export(args: argparse.Namespace) -> int:
    from charter.validate.check import validate

    org_dir = places.org_dir(args.org)
    when = today(None)
    if args.output == "-":  # the usual name for standard output
        args.output = None
    fmt = _export_format(args)
    result = validate(org_dir, when)
    if result.org is None or result.errors:
        # On standard error: standard output is the export's, often redirected into a file.
        sys.stderr.write(report.text(result.findings))
        print("charter: nothing exported: fix the errors above first", file=sys.stderr)
        return EXIT_PROBLEMS
    if args.what == "codeowners":
        from charter.interop.codeowners import codeowners

        data = codeowners(result.org, Path(org_dir), from_top(args.output, org_dir)).encode("utf-8")
        if args.check:
            return _check_codeowners(data, args.output, args.org)
    else:
        from charter.interop.export import ExportError, export

        try:
            data = export(result.org, args.what, fmt=fmt, outcome=args.outcome)
        except ExportError as exc:
            raise UsageError(str(exc)) from None
    if not args.output:
        _to_stdout(data)
        return EXIT_OK
    writer.write_one(Path(args.output), data)
    return EXIT_OK


def _to_stdout(data: bytes) -> None:
    """``data`` on standard output, every byte or an OSError: a redirected output that hits a
    file-size limit once kept the first KiB and the command said nothing (Python's buffered
    writer loses the rest of a short write)."""
    sys.stdout.flush()
    view = memoryview(data)
    while view:
        view = view[os.write(sys.stdout.fileno(), view) :]


def _export_format(args: argparse.Namespace) -> str | None:
    """The options of ``export`` checked against each other, and the format to write (from -o's
    ending when not given: "-o matrix.xlsx" means an XLSX file, which a CSV would not open as)."""
    fmt: str | None = args.format
    if args.check and args.what != "codeowners":
        raise UsageError("--check is for export codeowners: it compares the CODEOWNERS file with the organisation")
    if args.what == "codeowners":
        if fmt is not None or args.outcome is not None:
            raise UsageError("export codeowners takes only --org, -o FILE and --check")
        if args.check and args.output is None:
            # The repository's file, wherever charter runs (inside org/ the default is '.').
            from charter.interop.codeowners import repository_root

            args.output = os.path.relpath(repository_root(Path(args.org)) / ".github" / "CODEOWNERS")
    elif args.what == "backstage":
        if fmt not in (None, "yaml"):
            raise UsageError(f"backstage exports are YAML, not {fmt}: leave out --format")
        if args.outcome is not None:
            raise UsageError("--outcome is for export raci; export backstage writes every team")
    elif fmt == "yaml":
        raise UsageError("raci exports are csv, xlsx or md, not yaml")
    if args.output is not None and not args.check:
        check_output(args.output, args.org)
        fmt = format_for(args.what, fmt, args.output)
    elif fmt == "xlsx" and sys.stdout.isatty():
        raise UsageError("an XLSX workbook is not text to show here: write it to a file with -o raci.xlsx")
    return fmt


def _check_codeowners(data: bytes, output: str, org: str) -> int:
    """--check: 0 when the committed file is what the organisation makes, else 1 with how to fix."""
    import difflib

    try:
        committed = writer.read_back(Path(output))
    except writer.WriteError as exc:  # the repository's content, not the command line: a failed check
        print(f"charter: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    if committed == data:
        print(f"{output} is up to date")
        return EXIT_OK
    said = "is missing" if committed is None else "is out of date"
    before = (committed or b"").decode("utf-8", "replace").splitlines()
    changes = [
        line
        for line in difflib.unified_diff(before, data.decode("utf-8").splitlines(), output, "expected", lineterm="")
        if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    ]
    sys.stdout.write("".join(f"  {line}\n" for line in changes[:40]))
    print(
        f"charter: {output} {said}: run `charter export codeowners --org {shlex.quote(org)} -o {shlex.quote(output)}` "
        "and commit it",
        file=sys.stderr,
    )
    return EXIT_PROBLEMS
