"""The ``charter`` command's entry: parse, run the command with its progress shown, and exit.

Exit codes: 0 clean (warnings allowed), 1 problems (errors, or warnings under ``--strict``),
2 usage errors or when charter cannot run at all (the folder does not exist). Only the command
line prints; every command is one function in a module of its group (:mod:`charter.cli.check`,
:mod:`~charter.cli.site`, :mod:`~charter.cli.authoring`, :mod:`~charter.cli.interop`,
:mod:`~charter.cli.asking`), and :func:`charter.cli.errors.user_errors` turns what goes wrong in
any of them into a message and an exit code.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from charter.cli.errors import user_errors
from charter.cli.parser import parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    args = parser().parse_args(argv)
    return _run(args)


@user_errors
def _run(args: argparse.Namespace) -> int:
    from charter.cli.places import default_from_inside
    from charter.core import progress

    inside = default_from_inside(args)
    if inside is not None:
        print(f"charter: the organisation folder is '{inside}', the one you are in", file=sys.stderr)

    # Long work (build, render, serve, import) shows its progress; the rest has none to show.
    display = progress.for_stream(sys.stderr, quiet=args.quiet) if hasattr(args, "quiet") else progress.Display()
    with progress.shown(display):
        code: int = args.run(args)
    return code


def entry() -> None:
    try:
        code = main()
    except KeyboardInterrupt:  # before or after a command ran (its own interrupts are said there)
        code = 130
    sys.exit(code)
