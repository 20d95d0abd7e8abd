"""charter serve: a live preview on localhost.

The site is rebuilt (atomically, as ``charter build`` does) whenever a file under the
organisation folder, the templates or the site configuration changes; a reload in the browser
shows the result. An edit that breaks validation prints its errors here and leaves the last good
site being served. Changes are found by polling modification times, which works on every
filesystem and needs no extra package.
"""

from __future__ import annotations

import datetime
import functools
import http.server
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from charter.publish.build import Attempt, attempt
from charter.render import TEMPLATES

POLL_SECONDS = 0.5


def snapshot(roots: list[Path], ignore: Path | None = None) -> dict[str, tuple[int, int]]:
    """Modification time and size of every file under ``roots``, but for hidden ones (charter
    reads none; its cache, locks and workspaces are hidden) and those under ``ignore`` (the site,
    should it be inside a watched folder): a build must not set off the next one."""
    state: dict[str, tuple[int, int]] = {}
    for root in roots:
        paths = [root] if root.is_file() else (sorted(root.rglob("*")) if root.is_dir() else [])
        for path in paths:
            if path != root and any(part.startswith(".") for part in path.relative_to(root).parts):
                continue
            if ignore is not None and path.absolute().is_relative_to(ignore):
                continue
            try:
                info = path.stat()
            except OSError:
                continue
            if path.is_file():
                state[str(path)] = (info.st_mtime_ns, info.st_size)
    return state


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


@dataclass(frozen=True)
class Serving:
    """The site is up at ``url``."""

    url: str
    org_dir: str


@dataclass(frozen=True)
class Rebuilt:
    """One build attempt: the site rebuilt, up to date, or kept (``outcome.built`` is None)."""

    outcome: Attempt
    seconds: float
    at: str  # the local time, HH:MM:SS


Event = Serving | Rebuilt


def rebuild(org_dir: str, site_dir: Path, config: Path, engine: str, tell: Callable[[Event], None]) -> None:
    started = time.perf_counter()
    outcome = attempt(org_dir, datetime.date.today(), target=site_dir, base_config=config, engine=engine)
    tell(Rebuilt(outcome, time.perf_counter() - started, time.strftime("%H:%M:%S")))


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(
    org_dir: str, *, site_dir: Path, config: Path, engine: str, host: str, port: int, tell: Callable[[Event], None]
) -> int:
    """Serve until stopped; every build and the address are told to ``tell``, which shows them."""
    # SIGTERM (a service manager, `kill`, a CI runner) stops it as Ctrl+C does. Ctrl+C alone is not
    # enough: a program started in the background inherits SIGINT ignored and could not be stopped.
    signal.signal(signal.SIGTERM, _stop)
    site_dir = site_dir.absolute()
    watched = [Path(org_dir), TEMPLATES, config]
    rebuild(org_dir, site_dir, config, engine, tell)
    site_dir.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    tell(Serving(f"http://{host}:{server.server_address[1]}/", org_dir))
    last = snapshot(watched, site_dir)
    try:
        while True:
            time.sleep(POLL_SECONDS)
            current = snapshot(watched, site_dir)
            if current != last:
                # The state before the build is the one remembered: an edit saved while the site
                # builds differs from it, and sets off another build instead of being lost.
                last = current
                rebuild(org_dir, site_dir, config, engine, tell)
    except KeyboardInterrupt:
        return 0
    finally:
        server.shutdown()
        server.server_close()
