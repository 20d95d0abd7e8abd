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
    new.add_argument("kind", choices=NEW_KINDS, help="what to start: a team, role, person or outcome (a promise)")
    new.add_argument("id", metavar="ID", help="its id, which names the file: lower-case letters, digits and dashes")
    new.add_argument("--org", default="org", metavar="ORG_DIR", help="the organisation folder (default: org)")
    new.add_argument("--title", help="the title or name (default: from the id)")
    new.add_argument("--team", help="for a role (required): its team")
    new.add_argument("--accountable", help="for an outcome (required): the role accountable for it")
    new.set_defaults(run=cmd_new)

    init = commands.add_parser(
        "init",
        help="create a new organisation repository that validates and builds, with its CI, as a first git commit",
        description="Writes DIR/org/ (a starter team, role, person and promise), the site's settings, a GitHub "
        "workflow that checks every pull request and publishes the site, CODEOWNERS and a README; then runs git "
        "init and makes the first commit (when git is installed).",
    )
    init.add_argument("dir", metavar="DIR", help="the new repository's folder: a new or empty one")
    init.add_argument("--name", help="the organisation's name (default: from the folder's name)")
    init.add_argument(
        "--charter-from",
        metavar="OWNER/REPO@REF",
        help="the release of charter its CI sets up: the GitHub repository charter is published in and a tag "
        "(default: where this charter was installed from; when that cannot be told, the workflow is left to pin "
        "later with charter pin)",
    )
    init.set_defaults(run=cmd_init)

    pin = commands.add_parser(
        "pin",
        help="set the release of charter a repository's CI sets up (the workflow's uses: lines and the README)",
    )
    pin.add_argument(
        "release", metavar="OWNER/REPO@REF", help="the GitHub repository charter is published in, and a tag or commit"
    )
    pin.add_argument(
        "--repo",
        metavar="DIR",
        help="the repository (default: the one holding the current folder, found by its .github/workflows/charter.yml)",
    )
    pin.set_defaults(run=cmd_pin)


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
    if args.kind == "person":  # a person's file says who they are; a role's holders say what they do
        print(f"wrote {path}: add '{args.id}' to the holders: of their role, then run charter validate")
    else:
        print(f"wrote {path}: fill in the TODOs, then run charter validate")
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    from charter import __version__
    from charter.author import provenance
    from charter.author.repository import first_commit
    from charter.author.scaffold import ScaffoldError, check_target, init
    from charter.publish.swap import describe

    target = Path(args.dir)
    if not args.dir.strip():
        raise UsageError("the new repository's folder is an empty name")
    try:
        check_target(target)  # before asking where charter came from: the folder is the likelier slip
        places.writable_place(target, "charter init")
        source = provenance.parse(args.charter_from) if args.charter_from else provenance.detect()
        files = init(target, source or provenance.UNPINNED, name=args.name)
    except (ScaffoldError, provenance.SourceError) as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"cannot create the repository in {args.dir}: {describe(exc)}") from None
    committed = first_commit(target, f"Start the charter with charter init (charter {__version__})")
    print(f"created {len(files)} files in {args.dir}: see its README.md")
    if committed is None:
        print("git is not installed: no repository was made; run git init there when you have it")
    else:
        print(f"git: {committed.said}")
    if source is None:
        print(
            "its CI does not yet name the release of charter to set up (this charter was not installed from a "
            "GitHub repository, so it cannot tell); once charter is published, run there: "
            "charter pin OWNER/charter@TAG"
        )
    else:
        print(f"its CI sets up charter with: uses: {source.action}")
    return EXIT_OK


def cmd_pin(args: argparse.Namespace) -> int:
    from charter.author import provenance
    from charter.author.repository import WORKFLOW, PinError, find_repository, pin

    try:
        source = provenance.parse(args.release)
    except provenance.SourceError as exc:
        raise UsageError(str(exc).replace("--charter-from ", "charter pin ")) from None
    repo = Path(args.repo) if args.repo is not None else find_repository(Path.cwd())
    if args.repo is not None and not (Path(args.repo) / WORKFLOW).is_file():
        raise UsageError(f"no {WORKFLOW} in '{args.repo}': give the repository charter init made")
    if repo is None:
        raise UsageError(f"no {WORKFLOW} here or in any folder above: run it in the repository, or give --repo DIR")
    try:
        changed = pin(repo, source)
    except PinError as exc:
        raise UsageError(str(exc)) from None
    if not changed:
        print(f"already pinned to {source.action}: nothing changed")
    else:
        print(f"pinned charter to {source.action} in {' and '.join(changed)}: commit them in a pull request")
    return EXIT_OK
