"""The checking commands: ``validate``, ``diff``, ``rules``, ``explain`` and ``schema``."""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from charter.cli import places
from charter.cli.errors import EXIT_OK, EXIT_PROBLEMS, UsageError
from charter.cli.options import TODAY_HELP, today
from charter.core.problem import Severity
from charter.core.suggest import hint_for
from charter.report import problems as report

if TYPE_CHECKING:
    from charter.schema.schemes import Scheme


def add_validate(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    validate = commands.add_parser("validate", help="check the organisation's files and collaboration rules")
    validate.add_argument(
        "org_dir", nargs="?", default="org", metavar="ORG_DIR", help="default: org (inside it, the one you are in)"
    )
    validate.add_argument(
        "--format",
        choices=tuple(report.PROBLEM_FORMATS),
        default="text",
        help="text (default: for people), json (for programs) or github (annotations on each problem's line in CI)",
    )
    validate.add_argument("--strict", action="store_true", help="warnings fail too (exit 1)")
    validate.add_argument(
        "--today", metavar="YYYY-MM-DD", help="the date to check expiries against (default: today, or $CHARTER_TODAY)"
    )
    validate.set_defaults(run=cmd_validate)


def add_diff(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    diff = commands.add_parser("diff", help="what a change does to responsibilities, in plain language")
    diff.add_argument("base", metavar="BASE", help="a git revision (main, HEAD~1, a commit) or an organisation folder")
    diff.add_argument("head", nargs="?", metavar="HEAD", help="the same (default: the working tree)")
    diff.add_argument("--org", default="org", metavar="ORG_DIR", help="the organisation folder in the repository")
    diff.add_argument(
        "--format",
        choices=("markdown", "json", "github"),
        default="markdown",
        help="github: what gets worse or better as annotations on the lines that cause it",
    )
    diff.add_argument("--today", metavar="YYYY-MM-DD", help=TODAY_HELP)
    diff.set_defaults(run=cmd_diff)


def add_reference(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The commands that describe charter itself (listed last in ``charter --help``)."""
    rules = commands.add_parser("rules", help="list every rule and problem code")
    rules.set_defaults(run=cmd_rules)

    explain = commands.add_parser("explain", help="explain a rule or problem code, with an example")
    explain.add_argument("code", metavar="CODE", help="a code (CH305) or name (vacancy)")
    explain.set_defaults(run=cmd_explain)


def add_schema(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from charter.schema.kinds import KINDS

    schema = commands.add_parser("schema", help="print the JSON Schema of charter's files")
    schema.add_argument(
        "kind", nargs="?", choices=tuple(KINDS), help="one kind of file (default: a schema accepting any)"
    )
    schema.add_argument("--org", metavar="ORG_DIR", help="whose scheme to use (default: org, if there is one)")
    schema.add_argument("--write", action="store_true", help="write every kind's schema into ORG_DIR/.schema/")
    schema.set_defaults(run=cmd_schema)


def cmd_validate(args: argparse.Namespace) -> int:
    from charter.validate.check import validate

    org_dir = places.org_dir(args.org_dir)
    result = validate(org_dir, today(args.today))
    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    sys.stdout.write(report.PROBLEM_FORMATS[args.format](result.findings, color))
    failing = {Severity.ERROR, Severity.WARNING} if args.strict else {Severity.ERROR}
    return EXIT_PROBLEMS if any(p.severity in failing for p in result.problems) else EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    import tempfile

    from charter.core.memory import no_cyclic_gc
    from charter.diff.consequences import compared
    from charter.diff.report import Diff, as_json, findings_diff, github, markdown
    from charter.diff.sides import read_sides
    from charter.diff.sources import SourceError, materialise

    when = today(args.today)
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
        base, head = read_sides(base_dir, head_dir, when)
        sides_read = ((base, base_dir), (head, head_dir))
        with no_cyclic_gc():
            changes, effects = ([], []) if base.org is None or head.org is None else compared(base.org, head.org)
        # A side with nothing in it (a revision before org/ existed) has no findings to fix.
        base_problems, head_problems = (r.problems if any(Path(d).iterdir()) else () for r, d in sides_read)
        found = findings_diff(base_problems, head_problems, head.coverage)
    diff = Diff(base_label, head_label, changes, found.introduced, found.fixed, found.unchecked, effects)
    # Annotations name files as the repository holds them: a revision's copy is a scratch folder.
    folder = head_dir if args.head is None or Path(args.head).is_dir() else args.org
    formats = {
        "json": lambda: as_json(diff),
        "github": lambda: github(diff, folder),
        "markdown": lambda: markdown(diff),
    }
    sys.stdout.write(formats[args.format]())
    return EXIT_OK


def cmd_rules(_args: argparse.Namespace) -> int:
    from charter.validate import registry

    rows = sorted(registry.rows())
    width = max(len(r[1]) for r in rows)
    for code, name, severity, mode, summary in rows:
        print(f"{code}  {name:<{width}}  {severity:<7}  {mode:<12}  {summary}")
    return EXIT_OK


def cmd_explain(args: argparse.Namespace) -> int:
    from charter.report.examples import example, examples
    from charter.validate import registry

    wanted: str = args.code
    entry = registry.find(wanted)
    if entry is None:
        if not wanted.strip():
            raise UsageError("say which code (CH305) or rule (vacancy) to explain; `charter rules` lists them")
        codes = registry.codes()
        hint = hint_for(wanted.upper() if wanted[:2].upper() == "CH" else wanted, [*codes, *registry.names()])
        if not hint and wanted[:2].upper() == "CH":
            hint = f"codes run from {min(codes)} to {max(codes)}"
        raise UsageError(
            f"no rule or code '{wanted}'" + (f"; {hint}" if hint else "") + " (`charter rules` lists them)"
        )
    print(entry.heading + "\n")
    print(_dedent(entry.doc))
    if entry.options:
        print("\nDefaults:" + "".join(f"\n  {k}: {v}" for k, v in entry.options.items()))
    found = examples(entry.code)
    if found is not None:
        sys.stdout.write(example(entry.code, *found))
    return EXIT_OK


def _dedent(doc: str) -> str:
    lines = doc.strip("\n").splitlines()
    return (lines[0].strip() + "\n" + textwrap.dedent("\n".join(lines[1:]))).strip() if lines else ""


def cmd_schema(args: argparse.Namespace) -> int:
    from charter.publish.swap import describe
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
            raise UsageError(f"cannot write the schemas into {org_dir}/.schema/: {describe(exc)}") from None
        return EXIT_OK
    sys.stdout.write(jsonschema.combined(scheme) if args.kind is None else jsonschema.render(args.kind, scheme))
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
