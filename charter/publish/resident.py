"""The engine kept running for a live preview's updates: ``python -m charter.publish.resident ENGINE CONFIG PARENT``.

A preview's update rebuilds the few pages an edit changed. Run as the engine's own command
(``build --dirty``), each update starts Python, imports the engine and its theme, reads the
configuration and lists every file of the site before it builds anything: about 4 s at 5,000
roles, whatever the edit. This program does that once, when the preview's whole build is done,
and then, for each update, what ``build --dirty`` does after its start: it reads and renders
the pages it is told changed (with the navigation it made at the start), copies the other files
that are newer than their copies in the site, and renders the theme's own templates (404,
sitemap). Unlike the dirty build, it has read every page's title at the start, so the
navigation of a rebuilt page is the whole build's: the updated site's pages are those a whole
build makes, byte for byte (a test compares them).

The preview only asks for an update when the site's shape is unchanged (the same files, titles
and configuration): anything else is a whole build, after which a new one of these starts. A
configuration with a plugin or a hook, which may keep state across pages, is left to the
engine's own command (:func:`charter.publish.parallel.shareable`).

Requests and answers are JSON, one line each: ``{"pages": ["roles/a.md", …]}`` on standard
input; ``{"ok": true, "said": "…"}`` or ``{"ok": false, "said": "…"}`` on standard output once
the pages are written (``said``: what the engine logged meanwhile, warnings and errors). It
answers ``{"ready": true}`` once it has started, and stops at the end of its input.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from typing import Any, TextIO

from charter.core.cores import die_with_parent
from charter.publish.parallel import Engine, gather, shareable


class _Said(logging.Handler):
    """What the engine logs during one update, to send back with its answer."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname:<8}-  {record.getMessage()}")


class Site:
    """The engine's configuration, files, navigation and theme, made once (``whole``: whether it
    can update pages itself, with no plugin or hook at work)."""

    def __init__(self, engine: Engine, config_file: str) -> None:
        self.engine = engine
        config = engine.config.load_config(config_file=config_file, strict=False)
        self.whole = shareable(config)
        if not self.whole:  # their events are not run: the preview builds whole instead
            return
        config.plugins.on_startup(command="build", dirty=True)
        config, files, (nav, env), self.docs = gather(engine, config, clean=False)
        self.inclusion = engine.files.InclusionLevel.is_included
        for file in self.docs:
            # Every page's title as the whole build had it (from its metadata), for the navigation
            # the rebuilt pages show: the engine's own dirty build leaves the pages it does not
            # read again without one, and its navigation says "None" for them.
            file.page.read_source(config)
        self.config, self.files, self.nav = config, files, nav
        self.env = config.plugins.on_env(env, config=config, files=files)
        self.by_uri = {file.src_uri: file for file in self.docs}

    def update(self, pages: list[str]) -> None:
        """Rebuild ``pages`` (paths under the docs folder) as ``build --dirty`` would."""
        build, config = self.engine.build, self.config
        unknown = [uri for uri in pages if uri not in self.by_uri]
        if unknown:  # a page it did not list at its start: only a whole build knows where it goes
            raise LookupError(f"not a page of the site when it started: {', '.join(unknown)}")
        chosen = [self.by_uri[uri] for uri in pages]
        for file in chosen:
            build._populate_page(file.page, config, self.files)
        self.files.copy_static_files(dirty=True, inclusion=self.inclusion)
        for template in config.theme.static_templates:
            build._build_theme_template(template, self.env, self.files, config, self.nav)
        for template in config.extra_templates:
            build._build_extra_template(template, self.files, config, self.nav)
        for file in chosen:
            build._build_page(file.page, config, self.docs, self.nav, self.env, excluded=file.inclusion.is_excluded())


def serve(site: Site, requests: TextIO, answers: TextIO, said: _Said) -> None:
    for line in requests:
        said.lines.clear()
        try:
            site.update(json.loads(line)["pages"])
            reply: dict[str, Any] = {"ok": True}
        except Exception as exc:  # the engine's logger said what, or this does
            reply = {"ok": False}
            said.lines.append(f"ERROR   -  {type(exc).__name__}: {exc}")
        reply["said"] = "\n".join(said.lines)
        answers.write(json.dumps(reply) + "\n")
        answers.flush()


def main(argv: list[str]) -> int:
    name, config_file, parent = argv
    arm = die_with_parent(int(parent))
    if arm is not None:
        arm()
    engine = Engine(name)
    logger = logging.getLogger(name)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    said = _Said()
    logger.addHandler(said)
    if name != "mkdocs":  # plugins log as "mkdocs": under the engine's logger, as its command sets it up
        logging.getLogger("mkdocs").parent = logger
    # The answers go out on what was standard output; the engine's own printing goes where its
    # errors go, so that nothing it prints can come between two answers.
    answers = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    try:
        site = Site(engine, config_file)
    except Exception as exc:
        answers.write(json.dumps({"ready": False, "said": f"{type(exc).__name__}: {exc}"}) + "\n")
        return 1
    answers.write(json.dumps({"ready": site.whole, "said": "" if site.whole else "a plugin or hook is at work"}) + "\n")
    answers.flush()
    if site.whole:
        serve(site, sys.stdin, answers, said)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
