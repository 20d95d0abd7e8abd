"""The ``charter`` command: the only place that prints and chooses exit codes.

Exit codes: 0 clean (warnings allowed), 1 problems (errors, or warnings under ``--strict``),
2 usage errors or when charter cannot run at all (the folder does not exist).
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from charter import __version__, catalogue, report
from charter.codes import first_paragraph
from charter.problem import Severity
from charter.rules import RULES, get
from charter.rules.base import defaults
from charter.suggest import hint_for

if TYPE_CHECKING:
    from charter.schema.schemes import Scheme

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad arguments or an unusable environment: exit 2 with the message."""


def _today(value: str | None) -> datetime.date:
    raw = value or os.environ.get("CHARTER_TODAY")
    if not raw:
        return datetime.date.today()
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise UsageError(f"--today / CHARTER_TODAY must be a date written YYYY-MM-DD, not {raw!r}") from None


def _org_dir(value: str) -> str:
    if not value.strip():
        raise UsageError("the organisation folder is an empty name")
    path = Path(value)
    if not path.exists():
        raise UsageError(f"no organisation folder at '{value}'")
    if not path.is_dir():
        raise UsageError(f"'{value}' is not a folder; give the folder that holds organisation.yaml")
    return value


def cmd_validate(args: argparse.Namespace) -> int:
    from charter.check import validate

    org_dir = _org_dir(args.org_dir)
    result = validate(org_dir, _today(args.today))
    problems = result.problems
    shown = report.Shown(org_dir, color=sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    sys.stdout.write(report.PROBLEM_FORMATS[args.format](problems, result.files, shown))
    failing = {Severity.ERROR, Severity.WARNING} if args.strict else {Severity.ERROR}
    return EXIT_PROBLEMS if any(p.severity in failing for p in problems) else EXIT_OK


def cmd_render(args: argparse.Namespace) -> int:
    import time

    from charter.check import validate
    from charter.render import render
    from charter.render.graphviz_run import DiagramError
    from charter.render.output import MARKER, OutputError, replace_tree
    from charter.swap import BusyError, ForeignFolderError, check_replaceable

    org_dir = _org_dir(args.org_dir)
    started = time.perf_counter()
    try:
        check_replaceable(Path(args.out).absolute(), MARKER)  # before validating: a slip on the command line
    except ForeignFolderError as exc:
        raise UsageError(str(exc)) from None
    result = validate(org_dir, _today(args.today))
    errors = [p for p in result.problems if p.severity is Severity.ERROR]
    if errors or result.org is None:
        sys.stdout.write(report.text(result.problems, result.files))
        print("charter: nothing rendered: fix the errors above first", file=sys.stderr)
        return EXIT_PROBLEMS
    if result.problems:
        sys.stdout.write(report.text(result.problems, result.files))
    try:
        files = render(result.org, result.problems, org_dir=org_dir)
        replace_tree(files, Path(args.out))
    except (DiagramError, OutputError) as exc:  # the input or the disk: nothing was changed
        print(f"charter: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except (ForeignFolderError, BusyError) as exc:
        raise UsageError(str(exc)) from None
    print(f"rendered {len(files)} files into {args.out} in {time.perf_counter() - started:.2f} s")
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    import time

    from charter.publish.build import attempt
    from charter.publish.config import ConfigError, locate_base
    from charter.swap import BusyError, ForeignFolderError

    org_dir = _org_dir(args.org_dir)
    started = time.perf_counter()
    try:
        base_config = locate_base(org_dir, args.config)
        outcome = attempt(
            org_dir, _today(args.today), target=Path(args.site_dir), base_config=base_config, engine=args.engine
        )
    except (ConfigError, BusyError, ForeignFolderError) as exc:
        raise UsageError(str(exc)) from None
    if outcome.problems:
        sys.stdout.write(report.text(outcome.problems, outcome.files))
    if outcome.built is None:
        print(f"charter: the site was not built, {args.site_dir}/ is unchanged: {outcome.failure}", file=sys.stderr)
        return EXIT_PROBLEMS
    seconds = time.perf_counter() - started
    built = outcome.built
    if outcome.unchanged:
        print(f"{args.site_dir}/ is up to date: nothing it is built from has changed ({seconds:.1f} s)")
        return EXIT_OK
    print(
        f"built {built.pages} pages with {args.engine} into {args.site_dir}/ in {seconds:.1f} s "
        f"(validate {outcome.validate_seconds:.1f} s, render {built.render_seconds:.1f} s, "
        f"{args.engine} {built.engine_seconds:.1f} s)"
    )
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from charter.publish.build import SITE_MARKER
    from charter.publish.config import ConfigError, locate_base
    from charter.publish.serve import Event, Serving, serve
    from charter.swap import ForeignFolderError, check_replaceable

    org_dir = _org_dir(args.org_dir)
    try:
        config = locate_base(org_dir, args.config)
        check_replaceable(Path(args.site_dir).absolute(), SITE_MARKER)
    except (ConfigError, ForeignFolderError) as exc:
        raise UsageError(str(exc)) from None

    def tell(event: Event) -> None:
        if isinstance(event, Serving):
            print(f"serving {event.url} — edit {event.org_dir}/ or templates/, then reload (Ctrl+C stops)", flush=True)
            return
        outcome = event.outcome
        if outcome.problems:
            sys.stdout.write(report.text(outcome.problems, outcome.files))
        if outcome.unchanged:
            print(f"[{event.at}] up to date", flush=True)
        elif outcome.built is None:
            print(f"[{event.at}] not rebuilt, still serving the last good site: {outcome.failure}", flush=True)
        else:
            print(f"[{event.at}] rebuilt {outcome.built.pages} pages in {event.seconds:.1f} s", flush=True)

    return serve(
        org_dir,
        site_dir=Path(args.site_dir),
        config=config,
        engine=args.engine,
        host=args.host,
        port=args.port,
        tell=tell,
    )


def cmd_diff(args: argparse.Namespace) -> int:
    import tempfile

    from charter.check import validate
    from charter.diff.compare import compare
    from charter.diff.report import Diff, as_json, findings_diff, markdown
    from charter.diff.sources import SourceError, materialise

    today = _today(args.today)
    with tempfile.TemporaryDirectory(prefix="charter-diff-") as scratch:
        try:
            base_dir, base_label = materialise(args.base, args.org, Path(scratch))
            if args.head is None:
                head_dir, head_label = _org_dir(args.org), "the working tree"
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
    from charter.scaffold import ScaffoldError, new

    try:
        path = new(
            Path(_org_dir(args.org)),
            args.kind,
            args.id,
            title=args.title,
            team=args.team,
            accountable=args.accountable,
        )
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from None
    print(f"wrote {path}: fill in the TODOs, then run charter validate")
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    from charter import provenance
    from charter.scaffold import ScaffoldError, init

    try:
        source = provenance.parse(args.charter_from) if args.charter_from else provenance.detect()
        files = init(Path(args.dir), source, name=args.name)
    except (ScaffoldError, provenance.SourceError) as exc:
        raise UsageError(str(exc)) from None
    print(f"created {len(files)} files in {args.dir}: see its README.md")
    print(f"its CI sets up charter with: uses: {source.action}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from charter.check import validate
    from charter.interop.run import InteropError, import_raci
    from charter.interop.tables import TableError

    org_dir = _org_dir(args.into)
    try:
        if args.source == "raci":
            if len(args.files) != 1 or args.outcome is None:
                raise UsageError("charter import raci FILE --outcome ID [--into ORG_DIR]")
            done = import_raci(Path(args.files[0]), args.outcome, Path(org_dir), name=args.name, team=args.team)
            sys.stdout.write(report.raci_imported(done))
        else:
            from charter.interop.backstage import import_backstage

            sys.stdout.write(report.backstage_imported(import_backstage([Path(f) for f in args.files], Path(org_dir))))
    except (InteropError, TableError) as exc:
        raise UsageError(str(exc)) from None
    result = validate(org_dir, _today(None))
    sys.stdout.write("then charter validate:\n" + report.text(result.problems, result.files))
    return EXIT_PROBLEMS if result.errors else EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from charter.check import validate
    from charter.interop.export import ExportError, export

    org_dir = _org_dir(args.org)
    result = validate(org_dir, _today(None))
    if result.org is None or result.errors:
        sys.stdout.write(report.text(result.problems, result.files))
        print("charter: nothing exported: fix the errors above first", file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        data = export(result.org, args.what, fmt=args.format, outcome=args.outcome)
    except ExportError as exc:
        raise UsageError(str(exc)) from None
    if args.output:
        Path(args.output).write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from charter.schema import jsonschema
    from charter.schema.schemes import BUILT_IN

    scheme: Scheme = BUILT_IN["raci"]
    org_dir = Path(args.org)
    if (org_dir / "organisation.yaml").is_file():
        scheme = _scheme_of(org_dir) or scheme
    elif args.write:
        raise UsageError(f"no organisation.yaml in '{args.org}' to write schemas for")
    if args.write:
        for path in jsonschema.write_all(org_dir, scheme):
            print(path)
        return EXIT_OK
    if args.kind is None:
        sys.stdout.write(jsonschema.combined(scheme))
    else:
        sys.stdout.write(jsonschema.render(args.kind, scheme))
    return EXIT_OK


def _scheme_of(org_dir: Path) -> Scheme | None:
    """The organisation's scheme, or None (with a note) when its settings do not validate."""
    from charter.lookup import scheme_of

    scheme = scheme_of(org_dir)
    if scheme is None:
        print(
            f"charter: {org_dir}/organisation.yaml does not validate; using the RACI scheme "
            "(run `charter validate` for details)",
            file=sys.stderr,
        )
    return scheme


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
    choices = [*RULES, *(r.NAME for r in RULES.values()), *catalogue.ALL, *(c.name for c in catalogue.ALL.values())]
    hint = hint_for(wanted, choices)
    raise UsageError(f"no rule or code '{wanted}'" + (f"; {hint}" if hint else "") + " (`charter rules` lists them)")


def _print_example(code: str) -> None:
    from charter.examples import examples

    found = examples(code)
    if found is not None:
        sys.stdout.write(report.example(code, *found))


def _dedent(doc: str) -> str:
    import textwrap

    lines = doc.strip("\n").splitlines()
    return (lines[0].strip() + "\n" + textwrap.dedent("\n".join(lines[1:]))).strip() if lines else ""


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
    render.set_defaults(run=cmd_render)

    for name, help_text in (
        ("build", "validate, render and build the site, replacing the old one only on success"),
        ("serve", "build, serve on localhost and rebuild when org/ or templates/ change"),
    ):
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("org_dir", nargs="?", default="org", metavar="ORG_DIR", help="default: org")
        sub.add_argument("--site-dir", default="site", metavar="DIR", help="where the site goes (default: site)")
        sub.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs", help="default: mkdocs")
        sub.add_argument(
            "--config",
            metavar="FILE",
            help="the site's base configuration (default: mkdocs.yml beside ORG_DIR, else charter's own)",
        )
        if name == "build":
            sub.add_argument("--today", metavar="YYYY-MM-DD", help="the date to check expiries against")
            sub.set_defaults(run=cmd_build)
        else:
            sub.add_argument("--host", default="127.0.0.1")
            sub.add_argument("--port", type=int, default=8000)
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
    new.add_argument("--team", help="for a role: its team")
    new.add_argument("--accountable", help="for an outcome: the role accountable for it")
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
    imp.add_argument("--team", default="imported", help="raci: the team for roles the matrix names but org/ lacks")
    imp.set_defaults(run=cmd_import)

    exp = commands.add_parser("export", help="RACI matrices as CSV/XLSX/Markdown, or teams as Backstage Groups")
    exp.add_argument("what", choices=("raci", "backstage"))
    exp.add_argument("--org", default="org", metavar="ORG_DIR")
    exp.add_argument(
        "--format", choices=("csv", "xlsx", "md", "yaml"), default=None, help="raci: csv (default), xlsx, md"
    )
    exp.add_argument("--outcome", metavar="ID", help="raci: one outcome only")
    exp.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    exp.set_defaults(run=cmd_export)

    schema = commands.add_parser("schema", help="print the JSON Schema of charter's files")
    schema.add_argument(
        "kind",
        nargs="?",
        choices=("organisation", "team", "role", "person", "external", "outcome"),
        help="one kind of file (default: a schema accepting any)",
    )
    schema.add_argument("--org", default="org", metavar="ORG_DIR", help="whose scheme to use (default: org)")
    schema.add_argument("--write", action="store_true", help="write every kind's schema into ORG_DIR/.schema/")
    schema.set_defaults(run=cmd_schema)

    rules = commands.add_parser("rules", help="list every rule and problem code")
    rules.set_defaults(run=cmd_rules)

    explain = commands.add_parser("explain", help="explain a rule or problem code, with an example")
    explain.add_argument("code", metavar="CODE", help="a code (CH305) or name (vacancy)")
    explain.set_defaults(run=cmd_explain)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    args = parser().parse_args(argv)
    try:
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
