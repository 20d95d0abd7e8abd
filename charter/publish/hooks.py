"""Python code that a site configuration (mkdocs.yml) names, which the engine would run.

Charter runs nothing from the organisation's files, but MkDocs runs what its configuration
names: ``hooks:`` (Python files, run on every build), a Markdown extension written
``module:callable`` (called with its options: ``os:system`` with a ``command`` runs a shell
command), and ``plugins:`` (installed packages). A pull request that adds a hook reads as a
two-line change to a YAML file; the build that checks the pull request would run it.

So charter refuses hooks and callables unless the command line says ``--allow-hooks`` — a
decision made where CI is configured, not in the file a pull request edits — and names them,
file and line, whenever it runs them. Plugins are named on every build but not refused: only
installed packages can be plugins, and installing one is its own, reviewed, change.
``INHERIT`` is refused: the engine would read a second file charter never saw.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

# Material's lunr search: charter removes it (publish.config.LUNR), so it never runs.
_REMOVED_PLUGINS = ("search", "material/search")


@dataclass(frozen=True)
class Code:
    """One piece of code the configuration names, at ``line`` (from 1)."""

    kind: str  # "hook", "Markdown extension" or "plugin"
    name: str
    line: int

    @property
    def needs_allowing(self) -> bool:
        """Hooks and callables are code in the repository or anywhere: run only when allowed."""
        return self.kind != "plugin"

    def said(self, shown: str) -> str:
        where = f"{shown}:{self.line}: {self.kind} {self.name}"
        if self.kind == "plugin":
            return f"{where} runs code of an installed package at build time"
        return f"{where} runs Python code at build time"


def _entries(node: yaml.Node) -> list[tuple[str, int]]:
    """The names in a list setting, each with its line: ``- name`` or ``- name: {options}``
    (and a mapping of names, or one name alone, which MkDocs also reads)."""
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    found = []
    for item in items:
        if isinstance(item, yaml.MappingNode):
            found += [(str(key.value), key.start_mark.line + 1) for key, _value in item.value]
        elif isinstance(item, yaml.ScalarNode) and item.value:
            found.append((str(item.value), item.start_mark.line + 1))
    return found


def named_code(text: str) -> list[Code]:
    """Every hook, ``module:callable`` Markdown extension and plugin ``text`` names (a
    configuration already read with ``yaml.safe_load``), in the order of the file."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        return []
    found: list[Code] = []
    for key, value in root.value:
        if key.value == "hooks":
            found += [Code("hook", name, line) for name, line in _entries(value)]
        elif key.value == "markdown_extensions":
            found += [Code("Markdown extension", name, line) for name, line in _entries(value) if ":" in name]
        elif key.value == "plugins":
            found += [Code("plugin", name, line) for name, line in _entries(value) if name not in _REMOVED_PLUGINS]
    return sorted(found, key=lambda code: code.line)


def inherit_line(text: str) -> int | None:
    """The line of a top-level ``INHERIT``, if the configuration has one."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if isinstance(root, yaml.MappingNode):
        for key, _value in root.value:
            if key.value == "INHERIT":
                return int(key.start_mark.line) + 1
    return None


def refusal(refused: list[Code], shown: str) -> str:
    """Why the build does not run: each piece of code, where it is, and what to do."""
    lines = "\n".join(f"  {code.said(shown)}" for code in refused)
    return (
        f"{shown} names Python code that the site's engine would run:\n{lines}\n"
        "charter runs code named in the site's configuration only when told to: review it, then build "
        "with --allow-hooks (in CI, a change to the workflow that a reviewer sees)"
    )


def anchored(data: dict[str, Any], folder: Path) -> dict[str, Any]:
    """``data`` with its hooks' paths made absolute: MkDocs reads them from the configuration's
    folder, and the engine reads a copy of it in charter's workspace, where they led nowhere."""
    hooks = data.get("hooks")
    if not hooks:
        return data
    listed = hooks if isinstance(hooks, list) else [hooks]
    return {**data, "hooks": [str(folder / str(hook)) for hook in listed]}
