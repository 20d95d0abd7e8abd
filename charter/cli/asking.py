"""Answers for people and assistants: ``ask`` (who to go to about a subject) and ``mcp`` (the
charter as a Model Context Protocol server over stdio)."""

from __future__ import annotations

import argparse
import shlex
import sys

from charter.cli import places
from charter.cli.errors import EXIT_OK, EXIT_PROBLEMS, UsageError
from charter.cli.options import limit, today


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ask = commands.add_parser("ask", help="who to ask about a subject: the roles, their people and why")
    ask.add_argument("question", nargs="+", metavar="QUESTION", help="in your own words: who approves a discount")
    ask.add_argument("--org", default="org", metavar="ORG_DIR", help="the organisation folder (default: org)")
    ask.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or json, for programs")
    ask.add_argument("--limit", type=limit, default=5, metavar="N", help="answers to show (default: 5)")
    ask.set_defaults(run=cmd_ask)

    mcp = commands.add_parser("mcp", help="serve the charter to AI assistants (Model Context Protocol, stdio)")
    mcp.add_argument("--org", default="org", metavar="ORG_DIR", help="the organisation folder (default: org)")
    mcp.set_defaults(run=cmd_mcp)


def cmd_ask(args: argparse.Namespace) -> int:
    from charter.ask.kept import load
    from charter.ask.rank import ask
    from charter.ask.words import words
    from charter.report.answers import asked, asked_json

    question = " ".join(args.question).strip()
    if not words(question):
        raise UsageError(
            "ask a question with a subject in it, for example: charter ask who approves a discount"
            + (f" ('{question}' has only common words)" if question else "")
        )
    loaded = load(places.org_dir(args.org), today(None))
    if loaded.index is None:
        sys.stderr.write(
            f"charter: {args.org} has {loaded.errors} error(s) that stop charter reading it; "
            f"`charter validate {shlex.quote(args.org)}` shows them\n"
        )
        return EXIT_PROBLEMS
    result = ask(loaded.index, question, args.limit)
    shown = asked_json if args.format == "json" else asked
    sys.stdout.write(shown(result, loaded.index))
    return EXIT_OK if result.answers else EXIT_PROBLEMS


def cmd_mcp(args: argparse.Namespace) -> int:
    from charter.mcp.server import server

    org_dir = places.org_dir(args.org)
    server(org_dir, today(None)).run("stdio")
    return EXIT_OK
