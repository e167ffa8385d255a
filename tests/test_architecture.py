"""The app order, checked on the source: accounts → questions → curation, practice → teams →
interviewprep. A module imports only from its own app and the apps before it (curation and
practice stand side by side and import neither each other), and modules import no circle.

Every import counts, those inside functions too: an import moved into a function to dodge a
circle is a sign that the code sits in the wrong app.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEVEL = {"accounts": 0, "questions": 1, "curation": 2, "practice": 2, "teams": 3, "interviewprep": 4}


def modules() -> dict[str, Path]:
    found = {}
    for app in LEVEL:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue  # migrations name other apps' migrations as strings, not imports
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def imports(path: Path, *, top_level_only: bool = False) -> set[str]:
    """The project modules `path` imports (every `import` and `from` it holds)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    out: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
            out.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in out if name.split(".")[0] in LEVEL}


def leaf_modules(found: dict[str, Path]) -> set[str]:
    """interviewprep modules that import no app (the API's error vocabulary): any app may use
    them, since depending on them cannot make a dependency run back up the order."""
    return {
        name
        for name, path in found.items()
        if name.startswith("interviewprep.") and not {m for m in imports(path) if not m.startswith("interviewprep")}
    }


def test_no_module_imports_an_app_later_in_the_order_or_beside_it():
    found = modules()
    leaves = leaf_modules(found)
    wrong = []
    for name, path in found.items():
        app = name.split(".")[0]
        for target in imports(path):
            other = target.split(".")[0]
            if other == app or any(target == leaf or target.startswith(leaf + ".") for leaf in leaves):
                continue
            if LEVEL[other] >= LEVEL[app]:
                wrong.append(f"{name} imports {target}")
    assert wrong == []


def test_the_leaf_modules_are_what_we_think():
    assert leaf_modules(modules()) >= {"interviewprep.api_errors", "interviewprep.spreadsheets", "interviewprep.slugs"}


def test_modules_import_no_circle():
    found = modules()
    graph = {
        name: {t for t in imports(path, top_level_only=True) if t in found and t != name}
        for name, path in found.items()
    }
    # A module's own package __init__ re-exporting it is no circle worth reporting.
    for name in graph:
        graph[name] = {t for t in graph[name] if not name.startswith(t + ".")}
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycles.append(" → ".join([*stack[stack.index(target) :], target]))
            elif target not in state:
                visit(target, [*stack, target])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []
