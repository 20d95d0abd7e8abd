"""The ``charter`` command: the only place that prints and chooses exit codes.

Exit codes: 0 clean (warnings allowed), 1 problems (errors, or warnings under ``--strict``),
2 usage errors or when charter cannot run at all (the folder does not exist).
"""

from __future__ import annotations

import argparse
import datetime
import errno
import os
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from charter import __version__
from charter.cli import places
from charter.cli.places import UsageError
from charter.core.codes import first_paragraph
from charter.core.problem import Severity
from charter.core.suggest import hint_for
from charter.report import answers, imports
from charter.report import examples as worked
from charter.report import problems as report
from charter.validate import registry as catalogue
from charter.validate.rules import RULES, get
from charter.validate.rules.base import defaults

if TYPE_CHECKING:
    from charter.schema.schemes import Scheme

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _today(value: str | None) -> datetime.date:
    # An empty --today is a slip to report; an empty CHARTER_TODAY is the variable left unset.
    raw = value if value is not None else os.environ.get("CHARTER_TODAY")
    if raw is None or (value is None and not raw):
        return datetime.date.today()
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        shaped = len(raw) == 10 and raw[4] == raw[7] == "-" and raw.replace("-", "").isdigit()
        raise UsageError(
            f"--today / CHARTER_TODAY must be a date written YYYY-MM-DD, not {raw!r}"
            + (" (there is no such day)" if shaped else "")
        ) from None


# The disk, not the command line: the run failed and changed nothing (exit 1, as the README says).
DISK_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO}


def _cannot_write(exc: OSError, what: str, option: str) -> int:
    """Exit 1 for a full disk, as for any failed run; otherwise the place given cannot be
    written (a mount that refuses folders, a read-only file system): a usage error."""
    from charter.publish.swap import describe

    if exc.errno in DISK_FULL:
        print(f"charter: could not write {what}, which is unchanged: {describe(exc)}", file=sys.stderr)
        return EXIT_PROBLEMS
    raise UsageError(f"cannot write {what}: {describe(exc)}; choose another place with {option}")


def cmd_validate(args: argparse.Namespace) -> int:
    from charter.validate.check import validate

    org_dir = places.org_dir(args.org_dir)
    today = _today(args.today)
    result = validate(org_dir, today)
    problems = result.problems
    shown = report.Shown(org_dir, color=sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    sys.stdout.write(report.PROBLEM_FORMATS[args.format](problems, result.files, shown))
    failing = {Severity.ERROR, Severity.WARNING} if args.strict else {Severity.ERROR}
    return EXIT_PROBLEMS if any(p.severity in failing for p in problems) else EXIT_OK


def cmd_render(args: argparse.Namespace) -> int:
    import time

    from charter.publish.output import MARKER, OutputError, replace_tree
    from charter.publish.swap import BusyError, ForeignFolderError, check_replaceable
    from charter.render import render
    from charter.render.graphviz_run import DiagramError
    from charter.validate.check import validate

    if not args.out.strip():
        raise UsageError("--out is an empty name; give the folder to write the pages into")
    org_dir = places.org_dir(args.org_dir)
    today = _today(args.today)
    out = Path(args.out)
    started = time.perf_counter()
    try:
        check_replaceable(out.absolute(), MARKER)  # before validating: a slip on the command line
    except ForeignFolderError as exc:
        raise UsageError(str(exc)) from None
    places.writable_place(out, "--out", org_dir)
    result = validate(org_dir, today)
    errors = [p for p in result.problems if p.severity is Severity.ERROR]
    if errors or result.org is None:
        sys.stdout.write(report.text(result.problems, result.files))
        print("charter: nothing rendered: fix the errors above first", file=sys.stderr)
        return EXIT_PROBLEMS
    if result.problems:
        sys.stdout.write(report.text(result.problems, result.files))
    try:
        files = render(result.org, result.problems, org_dir=org_dir)
        replace_tree(files, out)
    except (DiagramError, OutputError) as exc:  # the input or the disk: nothing was changed
        print(f"charter: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except (ForeignFolderError, BusyError) as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:  # taking the lock beside the folder: the place cannot be written
        return _cannot_write(exc, str(out), "--out")
    print(f"rendered {len(files)} files into {args.out} in {time.perf_counter() - started:.2f} s")
    return EXIT_OK


def _updated(files: int, pages: int) -> str:
    """What a live preview's update changed, in words: "updated 2 pages and 1 other file"."""

    def count(n: int, what: str) -> str:
        return f"{n} {what}{'s' * (n != 1)}"

    others = files - pages
    if files == 0:
        return "nothing on the site changed"
    if not pages:
        return f"updated {count(others, 'file')}"
    return f"updated {count(pages, 'page')}" + (f" and {count(others, 'other file')}" if others else "")


def _site_dir(args: argparse.Namespace, org_dir: str) -> str:
    """``--site-dir``, or ``site`` beside the organisation folder: in its repository, beside the
    mkdocs.yml the build reads, wherever charter is run from (run from the folder above, it
    would otherwise write a site outside the repository)."""
    if args.site_dir is not None:
        if not args.site_dir.strip():
            raise UsageError("--site-dir is an empty name; give the folder the site goes into")
        return str(args.site_dir)
    return os.path.normpath(os.path.join(org_dir, os.pardir, "site"))


def _engine(name: str) -> None:
    from charter.publish.engine import ENGINES, available

    if not available(name):
        others = [e for e in ENGINES if e != name and available(e)]
        raise UsageError(
            f"the {name} engine is not installed (pip install {name})"
            + (f"; or build with --engine {others[0]}" if others else "")
        )


def cmd_build(args: argparse.Namespace) -> int:
    import time

    from charter.publish.build import SITE_MARKER, attempt
    from charter.publish.config import ConfigError, locate_base
    from charter.publish.swap import BusyError, ForeignFolderError, check_replaceable

    org_dir = places.org_dir(args.org_dir)
    today = _today(args.today)
    site_dir = _site_dir(args, org_dir)
    _engine(args.engine)
    started = time.perf_counter()
    try:
        base_config = locate_base(org_dir, args.config)
        check_replaceable(Path(site_dir).absolute(), SITE_MARKER)
        places.writable_place(Path(site_dir), "--site-dir", org_dir)
        outcome = attempt(org_dir, today, target=Path(site_dir), base_config=base_config, engine=args.engine)
    except (ConfigError, BusyError, ForeignFolderError) as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:  # taking the lock beside the site: the place cannot be written
        return _cannot_write(exc, f"{site_dir}/", "--site-dir")
    if outcome.problems:
        sys.stdout.write(report.text(outcome.problems, outcome.files))
    if outcome.built is None:
        print(f"charter: the site was not built, {site_dir}/ is unchanged: {outcome.failure}", file=sys.stderr)
        return EXIT_PROBLEMS
    seconds = time.perf_counter() - started
    built = outcome.built
    if outcome.unchanged:
        print(f"{site_dir}/ is up to date: nothing it is built from has changed ({seconds:.1f} s)")
        return EXIT_OK
    print(
        f"built {built.pages} pages with {args.engine} into {site_dir}/ in {seconds:.1f} s "
        f"(validate {outcome.validate_seconds:.1f} s, render {built.render_seconds:.1f} s, "
        f"{args.engine} {built.engine_seconds:.1f} s)"
    )
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from charter.publish.build import SITE_MARKER
    from charter.publish.config import ConfigError, locate_base
    from charter.publish.serve import Event, ServeError, Serving, serve
    from charter.publish.swap import BusyError, ForeignFolderError, check_replaceable

    org_dir = places.org_dir(args.org_dir)
    site_dir = _site_dir(args, org_dir)
    _engine(args.engine)
    try:
        config = locate_base(org_dir, args.config)
        check_replaceable(Path(site_dir).absolute(), SITE_MARKER)
    except (ConfigError, ForeignFolderError) as exc:
        raise UsageError(str(exc)) from None
    places.writable_place(Path(site_dir), "--site-dir", org_dir)

    def tell(event: Event) -> None:
        if isinstance(event, Serving):
            how = "" if event.watching == "events" else f" (watching by {event.watching})"
            print(
                f"serving {event.url} — edit {event.org_dir}/ or templates/, then reload (Ctrl+C stops){how}",
                flush=True,
            )
            return
        outcome = event.outcome
        if outcome.problems:
            sys.stdout.write(report.text(outcome.problems, outcome.files))
        if outcome.unchanged:
            print(f"[{event.at}] up to date", flush=True)
        elif outcome.built is None:
            print(f"[{event.at}] not rebuilt, still serving the last good site: {outcome.failure}", flush=True)
        elif outcome.built.updated is not None:
            said = _updated(outcome.built.updated, outcome.built.pages)
            print(f"[{event.at}] {said} in {event.seconds:.1f} s", flush=True)
        else:
            print(f"[{event.at}] rebuilt {outcome.built.pages} pages in {event.seconds:.1f} s", flush=True)

    try:
        return serve(
            org_dir,
            site_dir=Path(site_dir),
            config=config,
            engine=args.engine,
            host=args.host,
            port=args.port,
            tell=tell,
        )
    except (ServeError, BusyError, ForeignFolderError) as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:  # the first build could not write the site there
        return _cannot_write(exc, f"{site_dir}/", "--site-dir")


def cmd_diff(args: argparse.Namespace) -> int:
    import tempfile

    from charter.diff.compare import compare
    from charter.diff.report import Diff, as_json, findings_diff, markdown
    from charter.diff.sources import SourceError, materialise
    from charter.validate.check import validate

    today = _today(args.today)
    sides = [side for side in (args.base, args.head) if side is not None]
    for side in sides:
        if Path(side).is_dir():
            places.org_dir(side)  # a folder given as a side must be an organisation ('.' at the top: 'org')
    if (args.head is None or not all(Path(side).is_dir() for side in sides)) and Path(args.org).is_dir():
        places.org_dir(args.org)  # where revisions are looked up; materialise says when it is missing
    with tempfile.TemporaryDirectory(prefix="charter-diff-") as scratch:
        try:
            base_dir, base_label = materialise(args.base, args.org, Path(scratch))
            if args.head is None:
                head_dir, head_label = places.org_dir(args.org), "the working tree"
            else:
                head_dir, head_label = materialise(args.head, args.org, Path(scratch))
        except SourceError as exc:
            raise UsageError(str(exc)) from None
        base, head = validate(base_dir, today), validate(head_dir, today)
        changes = compare(base.org, head.org) if base.org is not None and head.org is not None else []
        introduced, fixed = findings_diff(base.problems, head.problems, base_dir, head_dir)
    diff = Diff(base_label, head_label, changes, introduced, fixed)
    sys.stdout.write(as_json(diff) if args.format == "json" else markdown(diff))
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from charter.author.scaffold import ScaffoldError, new

    try:
        path = new(
            Path(places.org_dir(args.org)),
            args.kind,
            args.id,
            title=args.title,
            team=args.team,
            accountable=args.accountable,
        )
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        from charter.publish.swap import describe

        raise UsageError(f"cannot write the new {args.kind}'s file in {args.org}: {describe(exc)}") from None
    print(f"wrote {path}: fill in the TODOs, then run charter validate")
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    from charter.author import provenance
    from charter.author.scaffold import ScaffoldError, check_target, init

    target = Path(args.dir)
    if not args.dir.strip():
        raise UsageError("the new repository's folder is an empty name")
    try:
        check_target(target)  # before asking where charter came from: the folder is the likelier slip
        places.writable_place(target, "charter init")
        source = provenance.parse(args.charter_from) if args.charter_from else provenance.detect()
        files = init(target, source, name=args.name)
    except (ScaffoldError, provenance.SourceError) as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        from charter.publish.swap import describe

        raise UsageError(f"cannot create the repository in {args.dir}: {describe(exc)}") from None
    print(f"created {len(files)} files in {args.dir}: see its README.md")
    print(f"its CI sets up charter with: uses: {source.action}")
    return EXIT_OK


def _input_file(name: str, what: str) -> Path:
    """A file to read, or a usage error naming what is there instead (with a "did you mean" from
    the files beside it)."""
    path = Path(name)
    if path.is_dir():
        raise UsageError(f"'{name}' is a folder; give the {what}")
    if not path.exists():
        try:
            beside = [p.name for p in path.parent.iterdir() if p.is_file()] if path.parent.is_dir() else []
        except OSError:
            beside = []
        hint = hint_for(path.name, beside)
        raise UsageError(f"there is no file '{name}'" + (f"; {hint}" if hint else ""))
    return path


def cmd_import(args: argparse.Namespace) -> int:
    from charter.interop.raci import InteropError, import_raci
    from charter.interop.tables import TableError
    from charter.schema.types import id_problem
    from charter.validate.check import validate

    org_dir = places.org_dir(args.into)
    if args.source == "raci":
        if args.outcome is None:
            raise UsageError(
                "import raci needs --outcome ID: the id of the new promise the matrix describes, "
                f"for example: charter import raci {shlex.quote(args.files[0])} --outcome invoice-paid"
            )
        if len(args.files) != 1:
            raise UsageError(f"import raci reads one table at a time, not {len(args.files)}: import each on its own")
        table = _input_file(args.files[0], "table's file (CSV, XLSX or Markdown)")
        team = args.team or "imported"
        why = id_problem(team)
        if why is not None:
            raise UsageError(f"--team '{team}' {why}")
    else:
        given = [
            o
            for o, v in (
                ("--outcome", args.outcome),
                ("--name", args.name),
                ("--team", args.team),
                ("--table", args.table),
            )
            if v
        ]
        if given:
            raise UsageError(f"{given[0]} is for import raci; import backstage takes only catalog files and --into")
        catalogs = [_input_file(f, "Backstage catalog's file (YAML)") for f in args.files]
    try:
        if args.source == "raci":
            done = import_raci(table, args.outcome, Path(org_dir), name=args.name, team=team, wanted=args.table)
        else:
            from charter.interop.backstage import import_backstage

            imported = import_backstage(catalogs, Path(org_dir))
            if not imported.found_groups and not imported.found_users and not imported.problems:
                skipped = sum(imported.skipped.values())
                raise UsageError(
                    f"no Backstage Group or User in {', '.join(args.files)}"
                    + (f" ({skipped} {'document' if skipped == 1 else 'documents'} of other kinds)" if skipped else "")
                    + "; charter imports catalog files whose entities have kind: Group or kind: User"
                )
            sys.stdout.write(imports.backstage_imported(imported))
    except (InteropError, TableError) as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        from charter.publish.swap import describe

        raise UsageError(f"cannot write into {args.into}: {describe(exc)}") from None
    result = validate(org_dir, _today(None))
    if args.source == "raci":
        sys.stdout.write(imports.raci_imported(done, result.problems))
    sys.stdout.write("then charter validate:\n" + report.text(result.problems, result.files))
    return EXIT_PROBLEMS if result.errors else EXIT_OK


EXPORT_SUFFIXES = {".csv": "csv", ".xlsx": "xlsx", ".md": "md", ".yaml": "yaml", ".yml": "yaml"}


def cmd_export(args: argparse.Namespace) -> int:
    from charter.interop.export import ExportError, export
    from charter.validate.check import validate

    org_dir = places.org_dir(args.org)
    today = _today(None)
    fmt = args.format
    if args.output == "-":  # the usual name for standard output
        args.output = None
    if args.check and args.what != "codeowners":
        raise UsageError("--check is for export codeowners: it compares the CODEOWNERS file with the organisation")
    if args.what == "codeowners":
        if fmt is not None or args.outcome is not None:
            raise UsageError("export codeowners takes only --org, -o FILE and --check")
        if args.check and args.output is None:
            args.output = ".github/CODEOWNERS"
    elif args.what == "backstage":
        if fmt not in (None, "yaml"):
            raise UsageError(f"backstage exports are YAML, not {fmt}: leave out --format")
        if args.outcome is not None:
            raise UsageError("--outcome is for export raci; export backstage writes every team")
    elif fmt == "yaml":
        raise UsageError("raci exports are csv, xlsx or md, not yaml")
    if args.output is not None and not args.check:
        output = Path(args.output)
        if not args.output.strip():
            raise UsageError("-o is an empty name; give the file to write, for example -o raci.csv")
        if output.is_dir():
            raise UsageError(f"-o {args.output} is a folder; give the file to write, for example -o raci.csv")
        if not output.parent.is_dir():
            raise UsageError(f"-o {args.output}: there is no folder '{output.parent}' to write it in")
        places.writable_place(output, "-o")
        if fmt is None and args.what == "raci":
            # "-o matrix.xlsx" means an XLSX file: a CSV under that name would not open in Excel.
            fmt = {k: v for k, v in EXPORT_SUFFIXES.items() if v != "yaml"}.get(output.suffix.lower())
    elif fmt == "xlsx" and sys.stdout.isatty():
        raise UsageError("an XLSX workbook is not text to show here: write it to a file with -o raci.xlsx")
    result = validate(org_dir, today)
    if result.org is None or result.errors:
        sys.stdout.write(report.text(result.problems, result.files))
        print("charter: nothing exported: fix the errors above first", file=sys.stderr)
        return EXIT_PROBLEMS
    if args.what == "codeowners":
        from charter.interop.codeowners import codeowners

        data = codeowners(result.org, Path(org_dir), args.output or ".github/CODEOWNERS").encode("utf-8")
        if args.check:
            return _check_codeowners(data, args.output, args.org)
    else:
        try:
            data = export(result.org, args.what, fmt=fmt, outcome=args.outcome)
        except ExportError as exc:
            raise UsageError(str(exc)) from None
    if args.output:
        try:
            Path(args.output).write_bytes(data)
        except OSError as exc:
            return _cannot_write(exc, args.output, "-o")
    else:
        sys.stdout.buffer.write(data)
    return EXIT_OK


def _check_codeowners(data: bytes, output: str, org: str) -> int:
    """--check: 0 when the committed file is what the organisation makes, else 1 with how to fix."""
    try:
        committed = Path(output).read_bytes()
    except FileNotFoundError:
        committed = None
    except OSError as exc:
        from charter.publish.swap import describe

        raise UsageError(f"cannot read {output}: {describe(exc)}") from None
    if committed == data:
        print(f"{output} is up to date")
        return EXIT_OK
    import difflib

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


def cmd_schema(args: argparse.Namespace) -> int:
    from charter.schema import jsonschema
    from charter.schema.schemes import BUILT_IN

    scheme: Scheme = BUILT_IN["raci"]
    # Named with --org, or needed for --write, the folder must be an organisation; the default
    # 'org' may be absent (then the RACI scheme is used), so that `charter schema` works anywhere.
    org_dir = Path(places.org_dir(args.org) if args.org is not None or args.write else "org")
    if (org_dir / "organisation.yaml").is_file():
        scheme = _scheme_of(org_dir) or scheme
    elif args.write:
        raise UsageError(f"no organisation.yaml in '{org_dir}' to write schemas for")
    if args.write:
        try:
            for path in jsonschema.write_all(org_dir, scheme):
                print(path)
        except OSError as exc:
            from charter.publish.swap import describe

            raise UsageError(f"cannot write the schemas into {org_dir}/.schema/: {describe(exc)}") from None
        return EXIT_OK
    if args.kind is None:
        sys.stdout.write(jsonschema.combined(scheme))
    else:
        sys.stdout.write(jsonschema.render(args.kind, scheme))
    return EXIT_OK


def _scheme_of(org_dir: Path) -> Scheme | None:
    """The organisation's scheme, or None (with a note) when its settings do not validate."""
    from charter.validate.lookup import scheme_of

    scheme = scheme_of(org_dir)
    if scheme is None:
        print(
            f"charter: {org_dir}/organisation.yaml does not validate; using the RACI scheme "
            "(run `charter validate` for details)",
            file=sys.stderr,
        )
    return scheme


def cmd_ask(args: argparse.Namespace) -> int:
    from charter.ask import index as ask

    question = " ".join(args.question).strip()
    if not ask.words(question):
        raise UsageError(
            "ask a question with a subject in it, for example: charter ask who approves a discount"
            + (f" ('{question}' has only common words)" if question else "")
        )
    loaded = ask.load(places.org_dir(args.org), _today(None))
    if loaded.index is None:
        sys.stderr.write(
            f"charter: {args.org} has {loaded.errors} error(s) that stop charter reading it; "
            f"`charter validate {shlex.quote(args.org)}` shows them\n"
        )
        return EXIT_PROBLEMS
    result = ask.ask(loaded.index, question, args.limit)
    if args.format == "json":
        sys.stdout.write(answers.asked_json(result, loaded.index))
    else:
        sys.stdout.write(answers.asked(result, loaded.index))
    return EXIT_OK if result.answers else EXIT_PROBLEMS


def cmd_mcp(args: argparse.Namespace) -> int:
    from charter.mcp.server import server

    org_dir = places.org_dir(args.org)
    server(org_dir, _today(None)).run("stdio")
    return EXIT_OK


def _limit(text: str) -> int:
    if not (text.isascii() and text.isdigit() and 0 < int(text) <= 100):
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of answers from 1 to 100")
    return int(text)


def cmd_rules(_args: argparse.Namespace) -> int:
    rows: list[tuple[str, str, str, str, str]] = [
        (c.code, c.name, c.severity.value, "fixed", c.summary) for c in catalogue.ALL.values()
    ]
    for rule in RULES.values():
        options = ", ".join(f"{k}={v}" for k, v in defaults(rule.Options).items())
        rows.append(
            (
                rule.CODE,
                rule.NAME,
                rule.SEVERITY.value,
                "configurable" if rule.CONFIGURABLE else "fixed",
                first_paragraph(rule.__doc__ or "") + (f" [{options}]" if options else ""),
            )
        )
    rows.sort()
    width = max(len(r[1]) for r in rows)
    for code, name, severity, mode, summary in rows:
        print(f"{code}  {name:<{width}}  {severity:<7}  {mode:<12}  {summary}")
    return EXIT_OK


def cmd_explain(args: argparse.Namespace) -> int:
    wanted: str = args.code
    rule = get(wanted)
    if rule is not None:
        options = "".join(f"\n  {k}: {v}" for k, v in defaults(rule.Options).items())
        print(
            f"{rule.CODE} {rule.NAME} (default severity: {rule.SEVERITY.value}"
            f"{'' if rule.CONFIGURABLE else ', cannot be changed or waived'})\n"
        )
        print(_dedent(rule.__doc__ or ""))
        if options:
            print(f"\nDefaults:{options}")
        _print_example(rule.CODE)
        return EXIT_OK
    known = catalogue.ALL.get(wanted.upper()) or next(
        (c for c in catalogue.ALL.values() if c.name == wanted.lower()), None
    )
    if known is not None:
        print(f"{known.code} {known.name} ({known.severity.value}, reported while reading files)\n")
        print(_dedent(known.doc))
        _print_example(known.code)
        return EXIT_OK
    if not wanted.strip():
        raise UsageError("say which code (CH305) or rule (vacancy) to explain; `charter rules` lists them")
    codes = [*RULES, *catalogue.ALL]
    choices = [*codes, *(r.NAME for r in RULES.values()), *(c.name for c in catalogue.ALL.values())]
    hint = hint_for(wanted.upper() if wanted[:2].upper() == "CH" else wanted, choices)
    if not hint and wanted[:2].upper() == "CH":
        hint = f"codes run from {min(codes)} to {max(codes)}"
    raise UsageError(f"no rule or code '{wanted}'" + (f"; {hint}" if hint else "") + " (`charter rules` lists them)")


def _print_example(code: str) -> None:
    from charter.report.examples import examples

    found = examples(code)
    if found is not None:
        sys.stdout.write(worked.example(code, *found))


def _dedent(doc: str) -> str:
    import textwrap

    lines = doc.strip("\n").splitlines()
    return (lines[0].strip() + "\n" + textwrap.dedent("\n".join(lines[1:]))).strip() if lines else ""


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a port: give a number from 1 to 65535 (0 picks any free port)"
        )
    return port


def _table_number(text: str) -> int:
    if not (text.isascii() and text.isdigit() and 0 < int(text) < 10_000):
        raise argparse.ArgumentTypeError(f"'{text}' is not a table's number: the first table of the file is 1")
    return int(text)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="charter",
        description="Validate and publish how an organisation collaborates.",
    )
    top.add_argument("--version", action="version", version=f"charter {__version__}")
    commands = top.add_subparsers(dest="command", metavar="COMMAND", required=True)

    validate = commands.add_parser("validate", help="check the organisation's files and collaboration rules")
    validate.add_argument("org_dir", nargs="?", default="org", metavar="ORG_DIR", help="default: org")
    validate.add_argument("--format", choices=tuple(report.PROBLEM_FORMATS), default="text")
    validate.add_argument("--strict", action="store_true", help="warnings fail too (exit 1)")
    validate.add_argument(
        "--today", metavar="YYYY-MM-DD", help="the date to check expiries against (default: today, or $CHARTER_TODAY)"
    )
    validate.set_defaults(run=cmd_validate)

    render = commands.add_parser("render", help="validate, then write every page, diagram and download")
    render.add_argument("org_dir", nargs="?", default="org", metavar="ORG_DIR", help="default: org")
    render.add_argument("--out", required=True, metavar="DIR", help="the folder to (re)create")
    render.add_argument("--today", metavar="YYYY-MM-DD", help="the date to check expiries against")
    render.add_argument("-q", "--quiet", action="store_true", help=QUIET_HELP)
    render.set_defaults(run=cmd_render)

    for name, help_text in (
        ("build", "validate, render and build the site, replacing the old one only on success"),
        ("serve", "build, serve on localhost and rebuild when org/ or templates/ change"),
    ):
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("org_dir", nargs="?", default="org", metavar="ORG_DIR", help="default: org")
        sub.add_argument(
            "--site-dir", metavar="DIR", help="where the site goes (default: site/ beside ORG_DIR, in its repository)"
        )
        sub.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs", help="default: mkdocs")
        sub.add_argument("-q", "--quiet", action="store_true", help=QUIET_HELP)
        sub.add_argument(
            "--config",
            metavar="FILE",
            help="the site's base configuration (default: mkdocs.yml beside ORG_DIR, else charter's own)",
        )
        if name == "build":
            sub.add_argument("--today", metavar="YYYY-MM-DD", help="the date to check expiries against")
            sub.set_defaults(run=cmd_build)
        else:
            sub.add_argument(
                "--host", default="127.0.0.1", help="default: 127.0.0.1 (this machine only); 0.0.0.0: every network"
            )
            sub.add_argument("--port", type=_port, default=8000, help="default: 8000; 0 for any free port")
            sub.set_defaults(run=cmd_serve, today=None)

    diff = commands.add_parser("diff", help="what a change does to responsibilities, in plain language")
    diff.add_argument("base", metavar="BASE", help="a git revision (main, HEAD~1, a commit) or an organisation folder")
    diff.add_argument("head", nargs="?", metavar="HEAD", help="the same (default: the working tree)")
    diff.add_argument("--org", default="org", metavar="ORG_DIR", help="the organisation folder in the repository")
    diff.add_argument("--format", choices=("markdown", "json"), default="markdown")
    diff.add_argument("--today", metavar="YYYY-MM-DD", help="the date to check expiries against")
    diff.set_defaults(run=cmd_diff)

    new = commands.add_parser("new", help="write a commented starting file for a team, role, person or outcome")
    new.add_argument("kind", choices=("team", "role", "person", "outcome"))
    new.add_argument("id", metavar="ID")
    new.add_argument("--org", default="org", metavar="ORG_DIR")
    new.add_argument("--title", help="the title or name (default: from the id)")
    new.add_argument("--team", help="for a role (required): its team")
    new.add_argument("--accountable", help="for an outcome (required): the role accountable for it")
    new.set_defaults(run=cmd_new)

    init = commands.add_parser("init", help="create a new organisation repository that validates and builds")
    init.add_argument("dir", metavar="DIR")
    init.add_argument("--name", help="the organisation's name (default: from the folder)")
    init.add_argument(
        "--charter-from",
        metavar="OWNER/REPO@REF",
        help="the release of charter its CI sets up: a GitHub repository and tag (default: where this one came from)",
    )
    init.set_defaults(run=cmd_init)

    imp = commands.add_parser("import", help="bring in a RACI matrix (CSV, XLSX, Markdown) or a Backstage catalog")
    imp.add_argument("source", choices=("raci", "backstage"))
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument("--into", default="org", metavar="ORG_DIR", help="default: org")
    imp.add_argument("--outcome", metavar="ID", help="raci: the id of the outcome to create")
    imp.add_argument("--name", help="raci: the outcome's name")
    imp.add_argument("--team", help="raci: the team for roles the matrix names but org/ lacks (default: imported)")
    imp.add_argument(
        "--table",
        type=_table_number,
        metavar="N",
        help="raci: which table of the file is the matrix, counting from 1 (default: the one that reads best)",
    )
    imp.add_argument("-q", "--quiet", action="store_true", help=QUIET_HELP)
    imp.set_defaults(run=cmd_import)

    exp = commands.add_parser(
        "export", help="RACI matrices as CSV/XLSX/Markdown, teams as Backstage Groups, or a CODEOWNERS file"
    )
    exp.add_argument("what", choices=("raci", "backstage", "codeowners"))
    exp.add_argument("--org", default="org", metavar="ORG_DIR")
    exp.add_argument(
        "--format",
        choices=("csv", "xlsx", "md", "yaml"),
        default=None,
        help="raci: csv, xlsx or md (default: from -o's ending, else csv)",
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

    schema = commands.add_parser("schema", help="print the JSON Schema of charter's files")
    schema.add_argument(
        "kind",
        nargs="?",
        choices=("organisation", "team", "role", "person", "external", "outcome"),
        help="one kind of file (default: a schema accepting any)",
    )
    schema.add_argument("--org", metavar="ORG_DIR", help="whose scheme to use (default: org, if there is one)")
    schema.add_argument("--write", action="store_true", help="write every kind's schema into ORG_DIR/.schema/")
    schema.set_defaults(run=cmd_schema)

    ask = commands.add_parser("ask", help="who to ask about a subject: the roles, their people and why")
    ask.add_argument("question", nargs="+", metavar="QUESTION", help="in your own words: who approves a discount")
    ask.add_argument("--org", default="org", metavar="ORG_DIR")
    ask.add_argument("--format", choices=("text", "json"), default="text")
    ask.add_argument("--limit", type=_limit, default=5, metavar="N", help="answers to show (default: 5)")
    ask.set_defaults(run=cmd_ask)

    mcp = commands.add_parser("mcp", help="serve the charter to AI assistants (Model Context Protocol, stdio)")
    mcp.add_argument("--org", default="org", metavar="ORG_DIR")
    mcp.set_defaults(run=cmd_mcp)

    rules = commands.add_parser("rules", help="list every rule and problem code")
    rules.set_defaults(run=cmd_rules)

    explain = commands.add_parser("explain", help="explain a rule or problem code, with an example")
    explain.add_argument("code", metavar="CODE", help="a code (CH305) or name (vacancy)")
    explain.set_defaults(run=cmd_explain)
    return top


QUIET_HELP = "no progress on standard error (shown on a terminal; in a log, a line for each step over a second)"


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    args = parser().parse_args(argv)
    from charter.core import progress

    # Long work (build, render, serve, import) shows its progress; the rest has none to show.
    display = progress.for_stream(sys.stderr, quiet=args.quiet) if hasattr(args, "quiet") else progress.Display()
    try:
        with progress.shown(display):
            code: int = args.run(args)
        return code
    except UsageError as exc:
        print(f"charter: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`charter rules | head`): not an error worth a traceback.
        sys.stderr.close()
        return EXIT_OK
    except OSError as exc:
        # The machine, not charter: a file or folder that cannot be read or written. Each command
        # names the places it writes; this says plainly what else went wrong, and where.
        from charter.publish.swap import describe

        print(f"charter: cannot go on: {describe(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except ModuleNotFoundError as exc:
        print(
            f"charter: a package charter needs is not installed ({exc.name}); install charter again "
            "with its dependencies (./dev in its repository, or pip install)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    except Exception as exc:  # a bug in charter: say so plainly, keep the traceback for debugging
        if os.environ.get("CHARTER_DEBUG"):
            raise
        print(
            f"charter: internal error ({type(exc).__name__}: {exc}). This is a bug in charter; "
            "please report it with CHARTER_DEBUG=1 set to show the details.",
            file=sys.stderr,
        )
        return EXIT_USAGE


def entry() -> None:
    sys.exit(main())
