"""The ``charter`` command's arguments: one parser, assembled from each command group's own
(each group module declares its commands beside the functions that run them)."""

from __future__ import annotations

import argparse

from charter import __version__
from charter.cli import asking, authoring, check, interop, site


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="charter", description="Validate and publish how an organisation collaborates.")
    top.add_argument("--version", action="version", version=f"charter {__version__}")
    commands = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    # In the order `charter --help` lists them: the everyday commands first.
    check.add_validate(commands)
    site.add_commands(commands)
    check.add_diff(commands)
    authoring.add_commands(commands)
    interop.add_commands(commands)
    check.add_schema(commands)
    asking.add_commands(commands)
    check.add_reference(commands)
    for listed in commands._choices_actions:  # each command's --help opens with what `charter --help` says of it
        command = commands.choices[listed.dest]
        if command.description is None:
            command.description = listed.help
    return top
