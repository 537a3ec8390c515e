"""The house's floors hold: read every import of app/ (in functions too) with `ast`.

A feature imports only its own floor's core and the floors below it, never sideways up,
never in a circle. A lower floor that must react to a higher one sends a signal
(app/events.py); a rule a higher floor decides is installed by the factory
(app/scheduling/policy.py). Change FLOORS only with DESIGN.md.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "app"

# Bottom to top. Packages on one floor may not import each other unless listed in SIDEWAYS.
FLOORS: list[set[str]] = [
    # core: the database, audit log, registry, text and translation helpers, small shared pieces
    {"db", "errors", "events", "text", "i18n", "audit", "registry", "dates", "spreadsheets",
     "pagination", "mail", "forms", "templating", "csvtable"},
    {"content"},
    {"auth"},
    {"extensions"},                  # loads users for Flask-Login, installs request hooks
    {"scheduling"},
    {"exercises", "quizzes", "decks"},
    {"orientation", "pathway", "materials"},  # materials: a cohort's pack of decks and worksheets
    {"plans"},
    {"monitoring"},
    # the top: pages that gather every feature, the factory, the console, the demo data
    {"main", "admin", "models", "seed", "seed_plan", "cli", "console", "factory", "reactions", "__init__",
     "wsgi"},  # wsgi: the app built once for gunicorn --preload
]
SIDEWAYS = {("pathway", "orientation")}  # the pathway's report shows the orientation rule
OPEN_FLOORS = {0, len(FLOORS) - 1}  # core pieces and top-floor modules may use each other


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(APP.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports() -> dict[str, set[str]]:
    """module -> app modules it imports (each `from app.x import name` counts app.x)."""
    edges: dict[str, set[str]] = defaultdict(set)
    for path in APP.rglob("*.py"):
        module = _module_name(path)
        package_of_file = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package_of_file.split(".")
                    base = base[: len(base) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                if target == "app":  # `from app import x`: x is a submodule or a name of app
                    for alias in node.names:
                        candidate = f"app.{alias.name}"
                        edges[module].add(candidate if _exists(candidate) else "app")
                elif target.startswith("app."):
                    edges[module].add(target)
            elif isinstance(node, ast.Import):
                edges[module].update(a.name for a in node.names if a.name.startswith("app."))
    return edges


def _exists(module: str) -> bool:
    relative = Path(*module.split(".")[1:])
    return (APP / relative).with_suffix(".py").exists() or (APP / relative / "__init__.py").exists()


def _floor(package: str) -> int:
    for number, floor in enumerate(FLOORS):
        if package in floor:
            return number
    raise AssertionError(f"package app.{package} has no floor: add it to FLOORS (and DESIGN.md)")


def test_every_package_has_a_floor():
    packages = {p.name for p in APP.iterdir() if (p / "__init__.py").exists()}
    packages |= {p.stem for p in APP.glob("*.py")}
    for package in packages:
        _floor(package)


def _against_floors(edges: dict[str, set[str]]) -> list[str]:
    wrong = []
    for module, targets in edges.items():
        source = _package(module)
        for target in targets:
            goal = _package(target)
            if goal == source:
                continue
            up = _floor(goal) > _floor(source)
            sideways = (_floor(goal) == _floor(source) and _floor(source) not in OPEN_FLOORS
                        and (source, goal) not in SIDEWAYS)
            if up or sideways:
                wrong.append(f"{module} -> {target}")
    return sorted(wrong)


def test_no_import_runs_up_a_floor_or_sideways():
    wrong = _against_floors(_imports())
    assert wrong == [], "imports against the floor order:\n" + "\n".join(wrong)


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    colour: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        colour[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if colour.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in colour and (found := visit(nxt)):
                return found
        stack.pop()
        colour[node] = 2
        return None

    for node in sorted(graph):
        if node not in colour and (found := visit(node)):
            return found
    return None


def _resolve(target: str, modules: set[str]) -> str | None:
    """`app.x.y` may name a module or a name inside module `app.x`."""
    while target and target not in modules:
        target = target.rpartition(".")[0]
    return target or None


def test_no_circle_between_packages():
    graph: dict[str, set[str]] = defaultdict(set)
    for module, targets in _imports().items():
        for target in targets:
            if _package(target) != _package(module):
                graph[_package(module)].add(_package(target))
    assert _cycle(graph) is None, f"a circle between packages: {' -> '.join(_cycle(graph))}"


def test_no_circle_between_files():
    edges = _imports()
    modules = {_module_name(p) for p in APP.rglob("*.py")}
    graph = {m: {r for t in targets if (r := _resolve(t, modules)) and r != m
                 and not m.startswith(r + ".")}  # a package's own __init__ runs first anyway
             for m, targets in edges.items()}
    found = _cycle(graph)
    assert found is None, f"a circle between files: {' -> '.join(found)}"


@pytest.mark.parametrize("source, target", [
    ("app.scheduling.services.cohorts", "app.pathway.services"),   # the old hidden circle
    ("app.auth.services", "app.admin.models"),
    ("app.scheduling.session_agenda", "app.decks.agenda_render"),
    ("app.quizzes.services", "app.exercises.models"),               # sideways on one floor
])
def test_the_old_arrows_would_be_caught(source, target):
    assert _against_floors({source: {target}}) == [f"{source} -> {target}"]


def test_a_circle_is_found():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


# Imports inside functions only where they keep start-up light: the factory and the console
# (a command that needs no database must not build the web app), and python-pptx.
LAZY_ALLOWED = {"app/__init__.py", "app/cli.py", "app/console.py", "app/wsgi.py",
                "app/plans/cli.py", "app/monitoring/cli.py", "app/scheduling/live/cli.py",
                "app/decks/routes.py", "app/content/files.py"}


def test_imports_of_app_modules_stand_at_the_top():
    inner = []
    for path in APP.rglob("*.py"):
        name = str(path.relative_to(APP.parent))
        if name in LAZY_ALLOWED:
            continue
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                inner += [f"{name}:{node.lineno}" for node in ast.walk(function)
                          if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("app")]
    assert inner == [], "move these imports to the top of their module:\n" + "\n".join(inner)
