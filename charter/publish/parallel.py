"""The engine's page loop on every core: ``python -m charter.publish.parallel ENGINE CONFIG WORKERS``.

ProperDocs (and MkDocs, whose code it continues) builds a site in one process: it reads and
converts every page's Markdown, then renders every page through the theme. At 5,000 roles that
loop is half of ``charter build``, on one core. This program runs the same build with the
engine's own functions, the pages shared out among forked workers:

1. As the engine does: load the configuration, gather the files, make the navigation.
2. Fork. Each worker reads and converts its share of the pages, and sends back what other
   pages need of them: each page's title and metadata (the navigation every page carries shows
   them), the anchors it holds and the links to anchors it makes.
3. Each worker is sent every page's title and metadata, then renders its share through the
   theme and writes it. Meanwhile this process copies the theme's files, renders the theme's own
   templates (404, sitemap) and checks every link to an anchor, with the engine's words.

Every page is rendered from the same navigation, titles and metadata as in one process, so the
site is byte-identical to the engine's own build (a test compares them). Plugins can gather
state across pages in ways no share sees, so a configuration with any plugin or hook is built by
the engine's own command instead (:func:`charter.publish.engine.run` decides).

Like the engine's command, it is a program: charter never imports it, and a worker dies with it.
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from charter.core.cores import answer, die_with_parent


@dataclass
class Read:
    """What one page's reading gives the others: plain data, sent between processes."""

    title: str | None
    meta: dict[str, Any]
    anchors: set[str]
    links: dict[str, dict[str, str]] = field(default_factory=dict)  # page linked to → anchor → link as written


class Engine:
    """The engine's modules, by its name: ProperDocs and MkDocs share their layout."""

    def __init__(self, name: str) -> None:
        self.name = name
        if name == "properdocs":
            # As its command line does: Material's "mkdocs.*" imports are ProperDocs's modules.
            importlib.import_module("properdocs.replacement")
        self.build = importlib.import_module(f"{name}.commands.build")
        self.config = importlib.import_module(f"{name}.config")
        self.files = importlib.import_module(f"{name}.structure.files")
        self.nav = importlib.import_module(f"{name}.structure.nav")
        self.pages = importlib.import_module(f"{name}.structure.pages")
        self.utils = importlib.import_module(f"{name}.utils")
        self.exceptions = importlib.import_module(f"{name}.exceptions")

    def logger(self) -> logging.Logger:
        """The engine's logger, set up as its command line sets it up: warnings on standard
        error, and plugins' "mkdocs" logger under it."""
        logger = logging.getLogger(self.name)
        logger.setLevel(logging.INFO)
        logger.propagate = False
        if self.name != "mkdocs":
            legacy = logging.getLogger("mkdocs")
            legacy.parent = logger
            legacy.propagate = True
        stream = logging.StreamHandler()
        stream.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
        stream.setLevel(logging.WARNING)
        logger.addHandler(stream)
        return logger


def _counter(engine: Engine) -> Any:
    counter = engine.utils.CountHandler()
    counter.setLevel(logging.WARNING)
    logging.getLogger(engine.name).addHandler(counter)
    return counter


def _shares(files: Sequence[Any], workers: int) -> list[list[Any]]:
    """The pages dealt out in turn, so that each worker gets as many of each kind: a page's cost
    is mostly its navigation, the same for every page, not its size (a promise's page is large
    with pictures that cost little; shares by size left one worker idle for minutes at L)."""
    shares = [list(files[start::workers]) for start in range(workers)]
    return [share for share in shares if share]


def _read(page: Any) -> Read:
    links = {to.src_uri: dict(anchors) for to, anchors in (page.links_to_anchors or {}).items()}
    return Read(page.title, dict(page.meta), set(page.present_anchor_ids or ()), links)


def _apply(files: Sequence[Any], read: dict[str, Read], mine: set[str]) -> None:
    """The titles and metadata of the pages another process read, as the navigation shows them."""
    for file in files:
        if file.src_uri not in mine:
            file.page.title = read[file.src_uri].title
            file.page.meta = read[file.src_uri].meta


def _worker(engine: Engine, build: Any, share: list[Any], conn: Connection, parent: int) -> None:
    arm = die_with_parent(parent)
    if arm is not None:
        arm()
    counter = _counter(engine)
    try:
        config, files, nav, env, docs = build
        for file in share:
            engine.build._populate_page(file.page, config, files)
        conn.send({file.src_uri: _read(file.page) for file in share})
        read: dict[str, Read] = conn.recv()
        _apply(docs, read, {file.src_uri for file in share})
        for file in share:
            engine.build._build_page(file.page, config, docs, nav, env, excluded=file.inclusion.is_excluded())
        conn.send(sum(count for _level, count in counter.get_counts()))
    except Exception as exc:  # said by the engine's logger already, or here
        conn.send(exc if isinstance(exc, engine.exceptions.BuildError) else RuntimeError(str(exc)))
        os._exit(1)
    conn.close()
    os._exit(0)


def _check_anchors(engine: Engine, docs: Sequence[Any], read: dict[str, Read], level: int) -> None:
    """Every link to an anchor, checked against the pages read in every process, in the engine's
    order and words (``Page.validate_anchor_links``)."""
    log = logging.getLogger(f"{engine.name}.structure.pages")
    for file in docs:
        for to_uri, anchors in read[file.src_uri].links.items():
            target = read.get(to_uri)
            if target is None:
                continue  # not a page: the engine does not look
            for anchor, original in anchors.items():
                if anchor in target.anchors:
                    continue
                context = ""
                if to_uri == file.src_uri:
                    problem = "there is no such anchor on this page"
                    if anchor.startswith("fnref:"):
                        context = " This seems to be a footnote that is never referenced."
                else:
                    problem = f"the doc '{to_uri}' does not contain an anchor '#{anchor}'"
                log.log(level, f"Doc file '{file.src_uri}' contains a link '{original}', but {problem}.{context}")


def gather(engine: Engine, config: Any, *, clean: bool = True) -> tuple[Any, Any, Any, list[Any]]:
    """As the engine begins a build: plugins told, the site folder emptied (unless not ``clean``:
    a dirty build's), the files, the theme's environment and the navigation; a page made for each
    file outside the navigation."""
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    if clean:
        engine.utils.clean_directory(config.site_dir)
    files = engine.files.get_files(config)
    env = config.theme.get_env()
    files.add_files_from_theme(env, config)
    files = config.plugins.on_files(files, config=config)
    engine.files.set_exclusions(files, config)
    nav = engine.nav.get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    inclusion = engine.files.InclusionLevel.is_included
    docs = list(files.documentation_pages(inclusion=inclusion))
    for file in docs:
        if file.page is None and file.inclusion.is_not_in_nav():
            engine.pages.Page(None, file, config)
    return config, files, (nav, env), docs


def build(engine: Engine, config: Any, workers: int) -> int:
    """The whole build; the number of warnings (in strict mode, each one fails it)."""
    counter = _counter(engine)
    config, files, (nav, env), docs = gather(engine, config)
    env = config.plugins.on_env(env, config=config, files=files)
    context = multiprocessing.get_context("fork")
    shares = _shares(docs, workers)
    conns, processes = [], []
    for share in shares:
        mine, theirs = context.Pipe()
        process = context.Process(
            target=_worker, args=(engine, (config, files, nav, env, docs), share, theirs, os.getpid())
        )
        process.start()
        theirs.close()
        conns.append(mine)
        processes.append(process)
    try:
        files.copy_static_files(dirty=False, inclusion=engine.files.InclusionLevel.is_included)
        read: dict[str, Read] = {}
        for conn in conns:
            read.update(_answer(conn))
        for conn in conns:
            conn.send(read)
        _apply(docs, read, set())
        for template in config.theme.static_templates:
            engine.build._build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            engine.build._build_extra_template(template, files, config, nav)
        _check_anchors(engine, docs, read, config.validation.links.anchors)
        warnings: int = sum(int(_answer(conn)) for conn in conns)
    finally:
        for process in processes:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
    config.plugins.on_post_build(config=config)
    return warnings + sum(int(count) for _level, count in counter.get_counts())


def _answer(conn: Connection) -> Any:
    return answer(conn, "a worker building pages")


def shareable(config: Any) -> bool:
    """Whether the pages can be built in shares: no plugin or hook at work, which might gather
    state across pages that no share sees (charter's configuration turns the only one it names,
    the search, off)."""
    return all(getattr(plugin.config, "enabled", True) is False for plugin in config.plugins.values())


def main(argv: list[str]) -> int:
    name, config_file, workers = argv[0], argv[1], int(argv[2])
    engine = Engine(name)
    logger = engine.logger()
    config = engine.config.load_config(config_file=config_file, strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        if workers < 2 or not shareable(config):
            engine.build.build(config)  # the engine's own loop: it counts and says its warnings
            return 0
        warnings = build(engine, config, workers)
    except engine.exceptions.BuildError as exc:
        logger.error(str(exc))
        logger.error("Aborted with a BuildError!")
        return 1
    except engine.exceptions.Abort as exc:  # the engine's own loop, failed in strict mode
        logger.error(str(exc))
        return 1
    except Exception as exc:
        logger.error(f"{type(exc).__name__}: {exc}")
        return 1
    finally:
        config.plugins.on_shutdown()
    if warnings:
        logger.error(f"Aborted with {warnings} warnings in strict mode!")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
