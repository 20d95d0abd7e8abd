"""Starting files for a manager: ``new`` (a commented file for one team, role, person or
outcome) and ``init`` (a whole new organisation repository)."""

from __future__ import annotations

import argparse
from pathlib import Path

from charter.cli import places
from charter.cli.errors import EXIT_OK, UsageError
from charter.schema.kinds import KINDS

NEW_KINDS = tuple(key for key, kind in KINDS.items() if kind.new)  # those with a starting file


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    new = commands.add_parser("new", help="write a commented starting file for a team, role, person or outcome")
    new.add_argument("kind", choices=NEW_KINDS)
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


def cmd_new(args: argparse.Namespace) -> int:
    from charter.author.scaffold import ScaffoldError, new
    from charter.publish.swap import describe

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
        raise UsageError(f"cannot write the new {args.kind}'s file in {args.org}: {describe(exc)}") from None
    print(f"wrote {path}: fill in the TODOs, then run charter validate")
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    from charter.author import provenance
    from charter.author.scaffold import ScaffoldError, check_target, init
    from charter.publish.swap import describe

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
        raise UsageError(f"cannot create the repository in {args.dir}: {describe(exc)}") from None
    print(f"created {len(files)} files in {args.dir}: see its README.md")
    print(f"its CI sets up charter with: uses: {source.action}")
    return EXIT_OK
