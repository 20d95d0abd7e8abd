"""Exit codes, and the one decorator that turns what goes wrong into a message and an exit code.

A slip on the command line (a :class:`UsageError`) is exit 2 with its message; the machine failing
charter (a file or folder that cannot be read or written) is a plain sentence naming the place;
a full disk while writing is a failed run (exit 1, nothing changed); anything else is a bug, said
as one ("internal error"), with the traceback kept for ``CHARTER_DEBUG=1``. As rendercv's
``cli/error_handler.py`` does, every command is wrapped once, here, so no command repeats it.
"""

from __future__ import annotations

import argparse
import errno
import functools
import os
import sys
from collections.abc import Callable

from charter.cli.places import UsageError
from charter.core.writer import WriteError
from charter.publish.swap import describe

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

# The disk, not the command line: the run failed and changed nothing (exit 1, as the README says).
DISK_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO}

Command = Callable[[argparse.Namespace], int]

__all__ = ["EXIT_OK", "EXIT_PROBLEMS", "EXIT_USAGE", "Command", "UsageError", "cannot_write", "user_errors"]


def cannot_write(exc: OSError, what: str, option: str) -> int:
    """Exit 1 for a full disk, as for any failed run; otherwise the place given cannot be
    written (a mount that refuses folders, a read-only file system): a usage error."""
    if exc.errno in DISK_FULL:
        print(f"charter: could not write {what}, which is unchanged: {describe(exc)}", file=sys.stderr)
        return EXIT_PROBLEMS
    raise UsageError(f"cannot write {what}: {describe(exc)}; choose another place with {option}")


def user_errors(command: Command) -> Command:
    """Run a command; say what went wrong in a sentence and choose the exit code."""

    @functools.wraps(command)
    def run(args: argparse.Namespace) -> int:
        try:
            return command(args)
        except UsageError as exc:
            print(f"charter: {exc}", file=sys.stderr)
            return EXIT_USAGE
        except WriteError as exc:
            # Refused (a link, a file already there) or failed (a full disk): nothing was written.
            print(f"charter: {exc}", file=sys.stderr)
            return EXIT_PROBLEMS if exc.errno in DISK_FULL else EXIT_USAGE
        except KeyboardInterrupt:
            return 130
        except BrokenPipeError:
            # The reader went away (`charter rules | head`): not an error worth a traceback.
            sys.stderr.close()
            return EXIT_OK
        except OSError as exc:
            # The machine, not charter: a file or folder that cannot be read or written. Each
            # command names the places it writes; this says plainly what else went wrong, and where.
            print(f"charter: cannot go on: {describe(exc)}", file=sys.stderr)
            return EXIT_PROBLEMS if exc.errno in DISK_FULL else EXIT_USAGE  # a full disk fails the run
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

    return run
