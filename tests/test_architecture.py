"""The shape of the code: data flows one way through the pipeline.

Imports are read from the source (every ``import``, inside functions too, but for those only a
type checker sees), so an import hidden in a function cannot close a cycle unnoticed."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "charter"


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _type_checking_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The charter modules that importing ``name`` runs (a package's ``__init__`` included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if _type_checking_only(node):
            node.body = []  # type: ignore[attr-defined]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        for target in targets:
            parts = target.split(".")
            for end in range(1, len(parts) + 1):
                module = ".".join(parts[:end])
                # A module's own enclosing packages are already being imported: no edge.
                if module in known and module != name and not name.startswith(module + "."):
                    found.add(module)
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_checker_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles() -> None:
    assert cycles(graph()) == []


def test_render_knows_nothing_of_publishing() -> None:
    edges = graph()
    leaks = {name: sorted(e for e in edges[name] if e.startswith("charter.publish")) for name in edges}
    assert {name: found for name, found in leaks.items() if name.startswith("charter.render") and found} == {}
    assert any(e == "charter.publish.swap" for e in edges["charter.publish.output"])  # the check sees edges


# The command line and the reporters it calls (by package: every module of cli/ and report/).
FACES = ("charter.cli.", "charter.report.", "charter.__main__")


def writes_to_the_terminal(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        printed = isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print"
        stream = isinstance(node, ast.Attribute) and node.attr in ("stdout", "stderr")
        if printed or (stream and isinstance(node.value, ast.Name) and node.value.id == "sys"):  # type: ignore[attr-defined]
            lines.append(node.lineno)  # type: ignore[attr-defined]
    return lines


def test_only_the_command_line_prints() -> None:
    """Stages return results; the face shows them (a stage that printed could not be reused by
    another face, nor tested without capturing the terminal)."""
    printing = {name: lines for name, path in modules().items() if (lines := writes_to_the_terminal(path))}
    assert {name for name in printing if not name.startswith(FACES)} == set(), printing
    assert "charter.cli.main" in printing  # the check sees prints where they are
