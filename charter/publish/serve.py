"""charter serve: a live preview on localhost.

The site is rebuilt whenever a file under the organisation folder, the templates or the site
configuration changes: whole the first time (atomically, as ``charter build`` does), then only
the pages an edit changed (:mod:`charter.publish.preview`); a reload in the browser shows the
result. An edit that breaks validation prints its errors here and leaves the last good
site being served. Changes are found by the operating system's file events, or by polling
where those cannot be had (:mod:`charter.publish.watch`).
"""

from __future__ import annotations

import datetime
import errno
import functools
import gc
import http.server
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import BinaryIO

from charter.core.memory import no_cyclic_gc
from charter.core.problem import Coverage, Findings
from charter.load.discover import Memo, reading_alike
from charter.model.graph import Org
from charter.publish.build import Attempt, attempt
from charter.publish.preview import Preview
from charter.publish.swap import BusyError, ForeignFolderError, describe
from charter.publish.watch import Changes, watch
from charter.render import TEMPLATES


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return

    def send_head(self) -> BinaryIO | None:
        """http.server's answer, or 400 for a path no file can have: a NUL (``/teams/%00``) or a
        lone surrogate (``%ed%a0%80``) makes ``open()`` raise ValueError, which http.server
        leaves uncaught — a traceback on the terminal and the connection dropped."""
        try:
            return super().send_head()
        except ValueError:
            self.send_error(HTTPStatus.BAD_REQUEST, "No file can have this path")
            return None


class ServeError(Exception):
    """The site cannot be served at the address asked for; the message says why and what to do."""


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: socket.socket, client_address: tuple[str, int]) -> None:  # type: ignore[override]
        """A request that failed in a way the handler did not foresee ends that request, not the
        preview, and prints no traceback (with CHARTER_DEBUG=1 it does). A browser that went
        away mid-answer is no failure at all."""
        if os.environ.get("CHARTER_DEBUG") and not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Server6(_Server):
    address_family = socket.AF_INET6


ANYWHERE = "use --host 127.0.0.1 (this machine only) or --host 0.0.0.0 (every network this machine is on)"


def bind_error(host: str, port: int, exc: OSError) -> str:
    """What a failure to listen on ``host:port`` means, in words that say what to do."""
    if isinstance(exc, socket.gaierror):
        return f"the host '{host}' is not a name or address this machine can find; {ANYWHERE}"
    if exc.errno == errno.EADDRINUSE:
        return (
            f"port {port} is already in use (by another charter serve, or another program); choose another with --port"
        )
    if exc.errno in (errno.EACCES, errno.EPERM):
        return (
            f"port {port} may only be used by the administrator on this machine (ports below 1024 are kept for "
            "system services); choose one from 1024 up with --port, for example --port 8000"
        )
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"'{host}' is not an address of this machine; {ANYWHERE}"
    return f"cannot serve on {host}:{port}: {describe(exc)}"


def listen(host: str, port: int, directory: Path) -> http.server.ThreadingHTTPServer:
    """A server bound to ``host:port`` serving ``directory`` (an IPv4 or IPv6 address, or a name),
    or ``ServeError``. Bound before the first build, so that a slip in the address is told at once
    rather than after building the whole site."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    try:
        # The name decides the family: "::1" or a name with only IPv6 addresses needs an IPv6 socket.
        family = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0][0]
        server_class = _Server6 if family == socket.AF_INET6 else _Server
        return server_class((host, port), handler)
    except OSError as exc:
        raise ServeError(bind_error(host, port, exc)) from None
    except ValueError:  # a name IDNA cannot encode ("a" * 64, "a..b"): no such host
        raise ServeError(bind_error(host, port, socket.gaierror(socket.EAI_NONAME, "no such name"))) from None


def url(host: str, port: int) -> str:
    shown = host or "0.0.0.0"
    return f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"


@dataclass(frozen=True)
class Serving:
    """The site is up at ``url``."""

    url: str
    org_dir: str
    watching: str = "events"  # how changes are found: "events", or "polling" where they cannot be had
    others: tuple[str, ...] = ()  # what else is watched that the user can edit: templates/, mkdocs.yml


@dataclass(frozen=True)
class Rebuilt:
    """One build attempt: the site rebuilt, up to date, or kept (``outcome.built`` is None)."""

    outcome: Attempt
    seconds: float
    at: str  # the local time, HH:MM:SS


@dataclass(frozen=True)
class Shown:
    """The pages of what was edited, shown before the rest of the site is updated."""

    pages: tuple[str, ...]  # their addresses in the site: teams/service/agent/
    seconds: float
    at: str


Event = Serving | Shown | Rebuilt


def rebuild(
    org_dir: str,
    preview: Preview,
    config: Path,
    tell: Callable[[Event], None],
    *,
    first: bool = False,
    allow_hooks: bool = False,
    memo: Memo | None = None,
) -> None:
    """One build of the preview; ``memo`` keeps what the files read as from one build to the
    next, so that only the files an edit changed are parsed again."""
    started = time.perf_counter()

    def early(org: Org, org_dir: str) -> None:
        if shown := preview.early(org, org_dir):
            tell(Shown(tuple(shown), time.perf_counter() - started, time.strftime("%H:%M:%S")))

    try:
        # The cycle collector waits until the build is done: the session's memo and last
        # rendering are millions of objects, which it would scan again and again (seconds at
        # 5,000 roles, most of them before the edited page shows); it runs once, after.
        with reading_alike(memo), no_cyclic_gc():
            outcome = attempt(
                org_dir,
                datetime.date.today(),
                target=preview.target,
                base_config=config,
                engine=preview.engine,
                publisher=preview.publish,
                allow_hooks=allow_hooks,
                early=early,
            )
        if memo is not None and not outcome.unchanged:  # an unchanged site read nothing
            memo.forget_unused()
    except (OSError, BusyError, ForeignFolderError) as exc:
        if first:  # nothing is served yet: the site cannot be written there, which the caller says
            raise
        # Once serving, a file vanishing mid-read (an editor's swap file), a build run beside this
        # one or a folder gone read-only costs one rebuild, not the preview: the last site stays up.
        reason = describe(exc) if isinstance(exc, OSError) else str(exc)
        outcome = Attempt(Findings((), Coverage(0), org_dir), None, reason)
    tell(Rebuilt(outcome, time.perf_counter() - started, time.strftime("%H:%M:%S")))
    gc.collect()  # what the last build left in cycles (its model, its pages) goes now


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def yours(paths: list[Path]) -> tuple[str, ...]:
    """Those of ``paths`` in the folder charter runs in, as the user would type them: charter's
    own templates are worth naming in charter's checkout, not in an organisation's repository."""
    here = Path.cwd().resolve()
    installed = Path(sys.prefix).resolve()  # a virtual environment inside the project is not the user's
    found = []
    for path in paths:
        if path.resolve().is_relative_to(here) and not path.resolve().is_relative_to(installed):
            name = os.path.relpath(path.resolve(), here)
            found.append(name + "/" if path.is_dir() else name)
    return tuple(found)


def serve(
    org_dir: str,
    *,
    site_dir: Path,
    config: Path,
    engine: str,
    host: str,
    port: int,
    tell: Callable[[Event], None],
    allow_hooks: bool = False,
) -> int:
    """Serve until stopped; every build and the address are told to ``tell``, which shows them.
    ``ServeError`` when the address cannot be listened on; the first build's ``OSError``,
    ``BusyError`` or ``ForeignFolderError`` (the site cannot be written there) stop it too."""
    # SIGTERM (a service manager, `kill`, a CI runner) stops it as Ctrl+C does. Ctrl+C alone is not
    # enough: a program started in the background inherits SIGINT ignored and could not be stopped.
    signal.signal(signal.SIGTERM, _stop)
    site_dir = site_dir.absolute()
    watched = [Path(org_dir), TEMPLATES, config]
    server = listen(host, port, site_dir)
    thread: threading.Thread | None = None
    changes: Changes | None = None
    preview = Preview(site_dir, engine)
    memo = Memo()
    try:
        # Watching starts before the first build, so that an edit saved while it runs, or the
        # moment the page first shows, sets off the next build instead of being missed.
        changes = watch(watched, site_dir)
        rebuild(org_dir, preview, config, tell, first=True, allow_hooks=allow_hooks, memo=memo)
        site_dir.mkdir(parents=True, exist_ok=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        tell(Serving(url(host, server.server_address[1]), org_dir, changes.how, yours(watched[1:])))
        while True:
            changes.wait()
            rebuild(org_dir, preview, config, tell, allow_hooks=allow_hooks, memo=memo)
    except KeyboardInterrupt:
        return 0
    finally:
        if changes is not None:
            changes.close()
        preview.close()
        if thread is not None:  # shutdown() waits for serve_forever, forever if it never ran
            server.shutdown()
        server.server_close()
