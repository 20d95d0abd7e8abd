"""The commands that make the site: ``render`` (the pages into a folder), ``build`` (the whole
site, replaced only on success) and ``serve`` (a live preview)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from charter.cli import places
from charter.cli.errors import EXIT_OK, EXIT_PROBLEMS, UsageError, cannot_write
from charter.cli.options import QUIET_HELP, TODAY_HELP, port, today
from charter.core.problem import Severity
from charter.core.words import count
from charter.publish.engine import DEFAULT, ENGINES
from charter.report import problems as report

if TYPE_CHECKING:
    from charter.publish.serve import Event


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    render = commands.add_parser(
        "render",
        help="validate, then write every page, diagram and download, with the engine's configuration",
        description="Writes DIR/docs/ (the pages), DIR/theme/ and DIR/mkdocs.yml, the configuration charter build "
        "would use: 'properdocs build -f DIR/mkdocs.yml' builds the same site with the engine alone.",
    )
    render.add_argument("org_dir", nargs="?", default="org", metavar="ORG_DIR", help="default: org")
    render.add_argument(
        "--out", required=True, metavar="DIR", help="the folder to (re)create (a symbolic link: the folder it leads to)"
    )
    render.add_argument("--today", metavar="YYYY-MM-DD", help=TODAY_HELP)
    _config_options(render, hooks="write into DIR/mkdocs.yml, for the engine to run,")
    render.add_argument("-q", "--quiet", action="store_true", help=QUIET_HELP)
    render.set_defaults(run=cmd_render)
    for name, help_text in (
        (
            "build",
            "validate, render and build the site, replacing the old one only on success; skipped when nothing "
            "it is built from has changed (--force builds anyway)",
        ),
        ("serve", "build, serve on localhost and rebuild the pages an edit of ORG_DIR (or mkdocs.yml) changes"),
    ):
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("org_dir", nargs="?", default="org", metavar="ORG_DIR", help="default: org")
        sub.add_argument(
            "--site-dir",
            metavar="DIR",
            help="where the site goes (default: site/ beside ORG_DIR, in its repository); a symbolic link: the "
            "folder it leads to, the link kept",
        )
        sub.add_argument(
            "--engine",
            choices=ENGINES,
            default=DEFAULT,
            help=f"the site engine: {DEFAULT} (default; MkDocs 1.x maintained), mkdocs (1.6, unmaintained), "
            "or zensical (small sites); README, 'Engines'",
        )
        sub.add_argument("-q", "--quiet", action="store_true", help=QUIET_HELP)
        _config_options(sub)
        if name == "build":
            sub.add_argument("--today", metavar="YYYY-MM-DD", help=TODAY_HELP)
            sub.add_argument(
                "--force",
                action="store_true",
                help="build again even when nothing the site is built from has changed (without it, an "
                "unchanged organisation, configuration and charter leave the site as it is: 'site/ is up to date')",
            )
            sub.set_defaults(run=cmd_build)
        else:
            sub.add_argument(
                "--host", default="127.0.0.1", help="default: 127.0.0.1 (this machine only); 0.0.0.0: every network"
            )
            sub.add_argument("--port", type=port, default=8000, help="default: 8000; 0 for any free port")
            sub.set_defaults(run=cmd_serve, today=None)


def _config_options(sub: argparse.ArgumentParser, hooks: str = "run") -> None:
    sub.add_argument(
        "--config",
        metavar="FILE",
        help="the site's base configuration (default: mkdocs.yml beside ORG_DIR, else charter's own)",
    )
    sub.add_argument(
        "--allow-hooks",
        action="store_true",
        help=f"{hooks} the Python code the configuration names (hooks:, module:callable extensions); refused without",
    )


def cmd_render(args: argparse.Namespace) -> int:
    from charter.publish import config as site_config
    from charter.publish.build import workspace_files
    from charter.publish.config import ConfigError, locate_base
    from charter.publish.output import MARKER, OutputError, replace_tree
    from charter.publish.swap import BusyError, ForeignFolderError, check_replaceable
    from charter.render import render
    from charter.render.graphviz_run import DiagramError
    from charter.validate.check import validate

    if not args.out.strip():
        raise UsageError("--out is an empty name; give the folder to write the pages into")
    org_dir = places.org_dir(args.org_dir)
    when = today(args.today)
    out = places.through_link(args.out, "--out")  # a link: the folder it leads to
    started = time.perf_counter()
    try:
        check_replaceable(out.absolute(), MARKER)  # before validating: a slip on the command line
        base_config = locate_base(org_dir, args.config, allow_hooks=args.allow_hooks)
    except (ForeignFolderError, ConfigError) as exc:
        raise UsageError(str(exc)) from None
    places.writable_place(out, "--out", org_dir)
    result = validate(org_dir, when)
    errors = [p for p in result.problems if p.severity is Severity.ERROR]
    if errors or result.org is None:
        sys.stdout.write(report.text(result.findings))
        print("charter: nothing rendered: fix the errors above first", file=sys.stderr)
        return EXIT_PROBLEMS
    if result.problems:
        sys.stdout.write(report.text(result.findings))
    try:
        files = render(result.org, result.problems, org_dir=org_dir)
        base = site_config.read_base(base_config, allow_hooks=args.allow_hooks)
        text = site_config.dump(site_config.site_config(result.org, base, theme_dir="theme"))
        replace_tree(workspace_files(files, text), out)
    except (DiagramError, OutputError, ConfigError) as exc:  # the input or the disk: nothing was changed
        print(f"charter: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except (ForeignFolderError, BusyError) as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:  # taking the lock beside the folder: the place cannot be written
        return cannot_write(exc, str(out), "--out")
    print(f"rendered {len(files)} files into {places.shown(args.out, out)} in {time.perf_counter() - started:.2f} s")
    return EXIT_OK


def updated(files: int, pages: int) -> str:
    """What a live preview's update changed, in words: "updated 2 pages and 1 other file"."""
    others = files - pages
    if files == 0:
        return "nothing on the site changed"
    if not pages:
        return f"updated {count(others, 'file')}"
    return f"updated {count(pages, 'page')}" + (f" and {count(others, 'other file')}" if others else "")


def site_dir(args: argparse.Namespace, org_dir: str) -> str:
    """``--site-dir``, or ``site`` beside the organisation folder: in its repository, beside the
    mkdocs.yml the build reads, wherever charter is run from (run from the folder above, it
    would otherwise write a site outside the repository)."""
    if args.site_dir is not None:
        if not args.site_dir.strip():
            raise UsageError("--site-dir is an empty name; give the folder the site goes into")
        return str(args.site_dir)
    return os.path.normpath(os.path.join(org_dir, os.pardir, "site"))


def engine(name: str) -> None:
    from charter.publish.engine import ENGINES, available

    if not available(name):
        others = [e for e in ENGINES if e != name and available(e)]
        raise UsageError(
            f"the {name} engine is not installed (pip install {name})"
            + (f"; or build with --engine {others[0]}" if others else "")
        )


def name_the_code(config: Path) -> None:
    """Each hook, callable and plugin the configuration has the engine run, on standard error
    (the build's log), even under --quiet: whoever reads the log sees what ran."""
    from charter.publish.config import code_notes

    for note in code_notes(config):
        print(f"charter: note: {note}", file=sys.stderr)


def _site_place(args: argparse.Namespace, org_dir: str) -> tuple[str, Path, Path]:
    """For build and serve, before any work: the site folder as given and the folder it is (a
    link's target), and the site's configuration, each checked (a usage error says what is wrong)."""
    from charter.publish.build import SITE_MARKER
    from charter.publish.config import ConfigError, locate_base
    from charter.publish.swap import ForeignFolderError, check_replaceable

    given = site_dir(args, org_dir)
    target = places.through_link(given, "--site-dir")  # a link: the folder it leads to
    engine(args.engine)
    try:
        config = locate_base(org_dir, args.config, allow_hooks=args.allow_hooks)
        check_replaceable(target.absolute(), SITE_MARKER)
        name_the_code(config)
    except (ConfigError, ForeignFolderError) as exc:
        raise UsageError(str(exc)) from None
    places.writable_place(target, "--site-dir", org_dir)
    return given, target, config


def cmd_build(args: argparse.Namespace) -> int:
    from charter.publish.build import attempt
    from charter.publish.swap import BusyError, ForeignFolderError

    org_dir = places.org_dir(args.org_dir)
    when = today(args.today)
    started = time.perf_counter()
    given, target, base_config = _site_place(args, org_dir)
    name = places.shown(given, target, "/")
    try:
        outcome = attempt(
            org_dir,
            when,
            target=target,
            base_config=base_config,
            engine=args.engine,
            allow_hooks=args.allow_hooks,
            force=args.force,
        )
    except (BusyError, ForeignFolderError) as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:  # taking the lock beside the site: the place cannot be written
        return cannot_write(exc, name, "--site-dir")
    if outcome.problems:
        sys.stdout.write(report.text(outcome.findings))
    if outcome.built is None:
        print(f"charter: the site was not built, {name} is unchanged: {outcome.failure}", file=sys.stderr)
        return EXIT_PROBLEMS
    seconds = time.perf_counter() - started
    built = outcome.built
    if outcome.edited:
        print(
            f"charter: {name} was changed since charter built it (a file edited, added or removed, or its "
            "mode changed): built again from the organisation",
            file=sys.stderr,
        )
    if outcome.unchanged:
        print(f"{name} is up to date: nothing it is built from has changed ({seconds:.1f} s)")
        return EXIT_OK
    print(
        f"built {built.pages} pages with {args.engine} into {name} in {seconds:.1f} s "
        f"(validate {outcome.validate_seconds:.1f} s, render {built.render_seconds:.1f} s, "
        f"{args.engine} {built.engine_seconds:.1f} s)"
    )
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from charter.publish.serve import ServeError, serve
    from charter.publish.swap import BusyError, ForeignFolderError

    org_dir = places.org_dir(args.org_dir)
    given, target, config = _site_place(args, org_dir)
    try:
        return serve(
            org_dir,
            site_dir=target,
            config=config,
            engine=args.engine,
            host=args.host,
            port=args.port,
            tell=_tell,
            allow_hooks=args.allow_hooks,
        )
    except (ServeError, BusyError, ForeignFolderError) as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:  # the first build could not write the site there
        return cannot_write(exc, places.shown(given, target, "/"), "--site-dir")


def _tell(event: Event) -> None:
    """A live preview's news, a line each: where it serves, then what each rebuild did."""
    from charter.publish.serve import Serving, Shown

    if isinstance(event, Serving):
        how = "" if event.watching == "events" else f" (watching by {event.watching})"
        edits = " or ".join([f"{event.org_dir.rstrip('/')}/", *event.others])
        print(f"serving {event.url} — edit {edits}, then reload (Ctrl+C stops){how}", flush=True)
        return
    if isinstance(event, Shown):
        more = f" and {count(len(event.pages) - 1, 'more page')}" if len(event.pages) > 1 else ""
        print(f"[{event.at}] {event.pages[0]}{more} shown in {event.seconds:.1f} s; updating the rest …", flush=True)
        return
    outcome = event.outcome
    if outcome.problems:
        sys.stdout.write(report.text(outcome.findings))
    if outcome.unchanged:
        print(f"[{event.at}] up to date", flush=True)
    elif outcome.built is None:
        print(f"[{event.at}] not rebuilt, still serving the last good site: {outcome.failure}", flush=True)
    elif outcome.built.updated is not None:
        print(
            f"[{event.at}] {updated(outcome.built.updated, outcome.built.pages)} in {event.seconds:.1f} s", flush=True
        )
    else:
        print(f"[{event.at}] rebuilt {outcome.built.pages} pages in {event.seconds:.1f} s", flush=True)
