"""The site engine's configuration: the project's mkdocs.yml, completed from the organisation.

The organisation's name, colours, repository and navigation live in organisation.yaml, so they
are merged into a copy of mkdocs.yml written next to the rendered pages for each build; the
committed mkdocs.yml holds only what does not depend on the organisation (theme, extensions,
validation). Charter never imports MkDocs: the result is plain configuration, which MkDocs and
Zensical both read.
"""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any

import yaml

from charter.core.files import NotAFile, open_regular
from charter.model.graph import Org
from charter.publish import hooks
from charter.render import ASSETS, TEMPLATES, paths
from charter.render.reach import team_children
from charter.render.views import team_roles

# Charter needs these whatever mkdocs.yml says: section index pages, a navigation pruned to what
# is visible (so a page's size does not grow with the organisation), and its edit buttons.
REQUIRED_FEATURES = ("navigation.indexes", "navigation.prune", "content.action.edit")
# The Markdown the page templates write: boxes (``!!! quote``), tables, keys (``++slash++``) and
# anchors. Without them a page shows its markup as text, so a base configuration that omits one
# gets it added rather than a site that looks broken.
REQUIRED_EXTENSIONS = ("admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.keys")
LUNR = ("search", "material/search")
# Used when no mkdocs.yml lies beside the organisation folder: the one `charter init` writes.
BUILT_IN = TEMPLATES / "scaffold" / "mkdocs.yml"
# MkDocs' strict mode fails on warnings; these make broken links and anchors warnings. Person
# pages are left out of the navigation on purpose (the People page and search find them).
VALIDATION = {
    "nav": {"omitted_files": "info", "not_found": "warn", "absolute_links": "warn"},
    "links": {"not_found": "warn", "absolute_links": "warn", "unrecognized_links": "warn", "anchors": "warn"},
}


class ConfigError(Exception):
    """mkdocs.yml cannot be read or used."""


def locate_base(org_dir: str, explicit: str | None, *, allow_hooks: bool = False) -> Path:
    """The base configuration for building ``org_dir``: ``--config`` if given, else the
    ``mkdocs.yml`` beside the organisation folder (its repository's), wherever charter is run
    from; else charter's built-in one. Either is read now, so that a file that is not a
    configuration charter can read is told before any work is done, in words naming it."""
    if explicit is not None:
        path = Path(explicit)
        read_base(path, f"--config {explicit}", allow_hooks=allow_hooks)
        return path
    beside = Path(org_dir).absolute().parent / "mkdocs.yml"
    if not os.path.lexists(beside):
        return BUILT_IN
    # Whatever is there is the repository's configuration: a pipe, a folder or an unreadable
    # file is said, never passed over for the built-in one (a site that silently lost its theme).
    read_base(beside, allow_hooks=allow_hooks, follow=False)  # the repository's own: never a link
    return beside


MAX_CONFIG_BYTES = 1 << 20  # a site's configuration is a few kilobytes; a larger file is a mistake


def read_text(path: Path, shown: str, *, follow: bool = True) -> str:
    """The text of the configuration ``path``, or a ``ConfigError`` that says, naming it as
    ``shown``, what is there instead: nothing, a folder, a named pipe (never waited on), a file
    this user may not read, a file too large or not UTF-8."""
    try:
        with open_regular(path, follow=follow) as handle:
            raw = handle.read(MAX_CONFIG_BYTES + 1)
    except NotAFile as exc:
        if exc.kind == "a folder":
            raise ConfigError(f"{shown} is a folder; give the site's configuration file (its mkdocs.yml)") from None
        if exc.kind == "a symbolic link":
            raise ConfigError(
                f"{shown} is a symbolic link; the repository's mkdocs.yml must be the file itself (a link "
                "committed there could lead anywhere); or name a configuration with --config"
            ) from None
        raise ConfigError(f"{shown} is not a regular file ({exc.kind}); give the site's mkdocs.yml") from None
    except (FileNotFoundError, NotADirectoryError):
        raise ConfigError(f"{shown}: there is no such file") from None
    except OSError as exc:
        raise ConfigError(f"{shown} cannot be read: {exc.strerror}") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{shown} is over {MAX_CONFIG_BYTES:,} bytes; a site's configuration is a few kilobytes")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{shown} is not UTF-8 text (byte {exc.start + 1} cannot be read)") from None


def read_base(
    path: Path, shown: str | None = None, *, allow_hooks: bool = False, follow: bool = True
) -> dict[str, Any]:
    """The settings of the configuration ``path`` (named ``shown`` in messages), or a
    ``ConfigError``: not a file charter can read, not YAML, not a MkDocs configuration, an
    ``INHERIT``, or code the engine would run (hooks, ``module:callable`` extensions) unless
    ``allow_hooks`` (:mod:`charter.publish.hooks`)."""
    shown = shown or str(path)
    text = read_text(path, shown, follow=follow)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{shown} is not valid YAML (charter reads it without tags): {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{shown} does not hold a mapping of settings")
    if data and not MKDOCS_SETTINGS & set(map(str, data)):
        # Another YAML file given by mistake (organisation.yaml, a role): told now, not after
        # the whole site was rendered only for MkDocs to reject every key.
        keys = ", ".join(sorted(map(str, data))[:4])
        raise ConfigError(
            f"{shown} is not a MkDocs configuration: none of its keys ({keys}) is a MkDocs setting such "
            "as site_name, theme or markdown_extensions; give the site's mkdocs.yml, or leave --config out"
        )
    _refuse_unchecked(data, text, path, allow_hooks=allow_hooks)
    return hooks.anchored(data, path.absolute().parent)


def _refuse_unchecked(data: dict[str, Any], text: str, path: Path, *, allow_hooks: bool) -> None:
    """A ``ConfigError`` for what charter will not hand the engine unchecked: a second file
    (``INHERIT``), or code to run that the command line did not allow."""
    line = hooks.inherit_line(text)
    if line is not None:
        raise ConfigError(
            f"{path}:{line}: INHERIT: charter reads the site's configuration from this one file and cannot check "
            f"what another adds (hooks, for one); copy the settings of {data['INHERIT']} into it"
        )
    refused = [code for code in hooks.named_code(text) if code.needs_allowing]
    if refused and not allow_hooks:
        raise ConfigError(hooks.refusal(refused, str(path)))


def code_notes(path: Path) -> list[str]:
    """What code the configuration ``path`` has the engine run, a line each (file:line: what):
    for the build's log, so that whoever reads it sees what ran."""
    return [code.said(str(path)) for code in hooks.named_code(read_text(path, str(path)))]


# MkDocs' top-level settings (https://www.mkdocs.org/user-guide/configuration/), which Zensical reads too.
MKDOCS_SETTINGS = frozenset(
    (
        "INHERIT", "site_name", "site_url", "site_description", "site_author", "repo_url", "repo_name", "edit_uri",
        "edit_uri_template", "copyright", "docs_dir", "site_dir", "theme", "nav", "exclude_docs", "draft_docs",
        "not_in_nav", "validation", "strict", "use_directory_urls", "extra_css", "extra_javascript",
        "extra_templates", "markdown_extensions", "mdx_configs", "plugins", "hooks", "watch", "dev_addr",
        "remote_branch", "remote_name", "extra", "google_analytics",
    )
)  # fmt: skip


def _nav_title(text: str) -> str:
    # MkDocs and Zensical write the site name and navigation titles into pages unescaped.
    return html.escape(" ".join(text.split()))


def navigation(org: Org) -> list[Any]:
    """Teams nested as the organisation nests them; each team's section holds its page, its roles,
    the promises its roles are accountable for, then its sub-teams. With navigation pruning a
    page carries only its own branch, so its size does not grow with the organisation.

    An organisation usually has one team at the top (the leadership) with every department
    under it; nested as it is, the navigation would show that one team, closed. So a lone top
    team's departments are listed beside it, and every department is visible at once."""
    children = team_children(org)
    promises: dict[str, list[str]] = {}
    for outcome in org.outcomes.values():
        owner = org.team_of(outcome.accountable) if outcome.accountable else None
        if owner is not None and owner in org.teams:
            promises.setdefault(owner, []).append(paths.outcome(outcome.id))

    def own(team_id: str) -> list[Any]:
        return [
            paths.team(team_id),
            *(paths.role(org, r) for r in team_roles(org, team_id)),
            *promises.get(team_id, []),
        ]

    def team_entry(team_id: str) -> dict[str, list[Any]]:
        return {_nav_title(org.teams[team_id].name): own(team_id) + [team_entry(c) for c in children.get(team_id, [])]}

    tops = children.get(None, [])
    if len(tops) == 1 and children.get(tops[0]):
        teams = [{_nav_title(org.teams[tops[0]].name): own(tops[0])}, *(team_entry(c) for c in children[tops[0]])]
    else:
        teams = [team_entry(t) for t in tops]
    return [
        {"Home": paths.HOME},
        {"Promises": paths.OUTCOMES},
        {"Teams": [paths.TEAMS, *teams]},
        {"People": paths.PEOPLE},
        {"Organisation": [paths.RACI, paths.MAP, paths.ASK, paths.HEALTH]},
    ]


def site_config(org: Org, base: dict[str, Any], *, theme_dir: str) -> dict[str, Any]:
    """The configuration for one build: ``docs`` and ``site`` are relative to the workspace."""
    config = dict(base)
    settings = org.settings
    config["site_name"] = _nav_title(settings.name)
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    config["nav"] = navigation(org)
    config["strict"] = True
    config["use_directory_urls"] = True
    config["validation"] = VALIDATION
    config["edit_uri"] = ""  # the edit buttons come from each page's charter_edit_url
    # The search is Pagefind's, run after the engine (publish.search): Material's lunr plugin
    # would only build a second, worse index that every reader downloads whole. Zensical's own
    # search is on unless a "search" entry turns it off, and its index stops a build of 5,000
    # roles at its size limit; ProperDocs and MkDocs load no search for the same entry.
    plugins = [p for p in config.get("plugins") or [] if (next(iter(p)) if isinstance(p, dict) else p) not in LUNR]
    config["plugins"] = [*plugins, {"search": {"enabled": False}}]
    # The site's own stylesheet and script (render.ASSETS), after any the base configuration adds.
    for key, suffix in (("extra_css", ".css"), ("extra_javascript", ".js")):
        own = [paths.asset(name) for name in ASSETS if name.endswith(suffix)]
        config[key] = [entry for entry in config.get(key) or [] if entry not in own] + own
    extensions = list(config.get("markdown_extensions") or [])
    named = {next(iter(entry)) if isinstance(entry, dict) else entry for entry in extensions}
    config["markdown_extensions"] = extensions + [name for name in REQUIRED_EXTENSIONS if name not in named]
    if settings.site.url is not None:
        config["site_url"] = str(settings.site.url)
    # No repo_url: Material would call api.github.com from every reader's browser for star counts,
    # which an internal site should not do; each page's edit button links to its YAML instead.
    theme = dict(config.get("theme") or {})
    theme.setdefault("name", "material")
    theme["custom_dir"] = theme_dir
    # The pages' lang (WCAG 3.1.1) and the theme's own words, from the organisation's settings;
    # a language the theme has no words for keeps English words under the right lang.
    theme["language"] = _theme_language(settings.language)
    features = list(theme.get("features") or [])
    features += [f for f in REQUIRED_FEATURES if f not in features]
    theme["features"] = features
    palette = settings.site.palette
    if palette is not None:
        schemes = theme.get("palette") or [{}]
        schemes = schemes if isinstance(schemes, list) else [schemes]
        theme["palette"] = [
            {
                **scheme,
                **({"primary": palette.primary} if palette.primary else {}),
                **({"accent": palette.accent} if palette.accent else {}),
            }
            for scheme in schemes
        ]
    config["theme"] = theme
    return config


def dump(config: dict[str, Any]) -> str:
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=1000)


def _theme_language(code: str) -> str:
    """The organisation's language as Material knows it (pt-BR, or pt), else English."""
    import material  # type: ignore[import-untyped]

    languages = Path(material.__file__).parent / "templates" / "partials" / "languages"
    for candidate in (code, code.split("-", maxsplit=1)[0]):
        if (languages / f"{candidate}.html").is_file():
            return candidate
    return "en"
