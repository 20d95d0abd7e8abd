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


# --- the layout (DESIGN.md, "Layout") ---------------------------------------------------------


def test_the_top_level_holds_packages_only() -> None:
    loose = sorted(p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    assert loose == []
    assert {p.parent.name for p in PACKAGE.glob("*/__init__.py")} >= {"cli", "model", "validate", "render", "publish"}


def test_every_package_is_installed() -> None:
    """pyproject.toml lists the packages: one left out would be missing from an installed charter."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in PACKAGE.rglob("__init__.py")}
    assert found - listed == set()


def test_the_command_line_is_a_package_of_small_modules() -> None:
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in (PACKAGE / "cli").glob("*.py")}
    assert len(sizes) > 3
    assert {name: n for name, n in sizes.items() if n > 300} == {}


def long_functions(path: Path, most: int = 80) -> list[str]:
    """Functions over ``most`` lines, unless their first line says why (a measured hot loop)."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > most and "hot loop" not in lines[node.lineno - 1]:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({length} lines)")
    return found


def test_functions_fit_on_a_screen() -> None:
    assert [f for path in sorted(PACKAGE.rglob("*.py")) for f in long_functions(path)] == []
    assert long_functions(Path(__file__), most=20)  # the check sees long functions


def test_ruffs_branch_and_statement_limits_are_on() -> None:
    import tomllib

    lint = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["ruff"]["lint"]
    assert {"PLR0912", "PLR0915"}.isdisjoint(lint["ignore"])
    assert "PL" in lint["select"]


# --- one meaning per concept --------------------------------------------------------------------

KIND_KEYS = {"team", "role", "person", "external", "outcome"}
KIND_FOLDERS = {"teams", "roles", "people", "outcomes", "external"}


def kind_tables(path: Path) -> list[int]:
    """Literal dicts, tuples, lists and sets naming four or more kinds (or their folders): a table
    of kinds beside the one in charter/schema/kinds.py."""
    found = []
    plain = (ast.Constant, ast.Name, ast.Attribute)  # a lookup table's values, not a document's
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Dict) and all(isinstance(v, plain) for v in node.values):
            items: list[ast.expr | None] = list(node.keys)
        elif isinstance(node, ast.Tuple | ast.List | ast.Set) and all(isinstance(e, ast.Constant) for e in node.elts):
            items = list(node.elts)
        else:
            continue
        words = {i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)}
        if len(words & KIND_KEYS) >= 4 or len(words & KIND_FOLDERS) >= 4:
            found.append(node.lineno)
    return found


def test_one_table_of_entity_kinds() -> None:
    tables = {str(p.relative_to(ROOT)): lines for p in PACKAGE.rglob("*.py") if (lines := kind_tables(p))}
    assert tables == {}
    assert kind_tables(ROOT / "tests" / "test_architecture.py")  # the check sees a table (KIND_KEYS above)


def calls_in(path: Path, name: str) -> list[ast.Call]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "attr", None) == name]


def test_one_definition_of_a_handoff_and_of_a_roles_holders() -> None:
    """Comparing two steps' performers, or filtering a role's holders by the known people, is done
    once, in the model's facts; every face asks the model."""
    facts = PACKAGE / "model" / "facts.py"

    def compares_performers(path: Path) -> bool:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "set":
                inner = node.args[0] if node.args else None
                if isinstance(inner, ast.Call) and getattr(inner.func, "attr", None) == "performers":
                    return True
        return False

    def filters_holders(path: Path) -> bool:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.comprehension):
                over = ast.dump(node.iter)
                if "attr='holders'" in over and any("people" in ast.dump(test) for test in node.ifs):
                    return True
        return False

    assert compares_performers(facts)  # the checks see the definitions
    assert filters_holders(facts)
    others = [p for p in PACKAGE.rglob("*.py") if p != facts]
    assert [str(p.relative_to(ROOT)) for p in others if compares_performers(p)] == []
    assert [str(p.relative_to(ROOT)) for p in others if filters_holders(p)] == []


def test_only_problems_leave_the_stages() -> None:
    """The loader's issue before a file is known, and a rule's finding before the engine codes it,
    stay inside their stage: what leaves load/ and validate/ is a Problem."""
    inner = {"FileIssue": ("charter.load", "charter.validate"), "RuleFinding": ("charter.validate",)}
    known = modules()
    leaks = []
    for name, path in known.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    allowed = inner.get(alias.name)
                    if allowed is not None and not name.startswith(allowed):
                        leaks.append(f"{name} imports {alias.name}")
    assert leaks == []


def test_stages_return_named_results() -> None:
    import typing

    from charter.load.discover import discover, load_files
    from charter.validate.check import validate
    from charter.validate.rules.engine import run_rules
    from charter.validate.structure import validate_structure

    for stage in (discover, load_files, validate_structure, run_rules, validate):
        returned = typing.get_type_hints(stage)["return"]
        assert typing.get_origin(returned) is not tuple, stage.__name__
        assert returned is not tuple, stage.__name__
        assert hasattr(returned, "__dataclass_fields__") or hasattr(returned, "_fields"), stage.__name__


def test_rules_read_typed_options() -> None:
    from charter.validate.rules import RULES

    for rule in RULES.values():
        path = Path(rule.check.__code__.co_filename)
        source = path.read_text(encoding="utf-8")
        assert "ctx.options[" not in source, path.name
        assert "def check(ctx: RuleContext[Options])" in source, path.name
    engine = (PACKAGE / "validate" / "rules" / "engine.py").read_text(encoding="utf-8")
    assert not any(f"rules import {r.NAME.replace('-', '_')}" in engine for r in RULES.values())  # no rule by name
