"""The layout a newcomer reads from the folder names, held by a test rather than by good intentions.

Four floors, each importing only the floors below it (see README "For developers" and docs/adr/0032), on a base:

    base         coqi.files                                no Django, no other part of coqi (ADR 0038)
    pure         coqi.spc, coqi.text                       no Django, nothing of coqi but the base
    foundation   coqi.core, coqi.accounts, coqi.ops        tenancy, roles, audit, shared pieces; health, logs
    domain       one app per concept, in the order below   each may import only the apps before it
    top floor    gathers from many areas                   imported by nothing below it

Every import counts, including ones inside functions and under TYPE_CHECKING: a lazy import is still a dependency,
and hiding one inside a function is exactly how layers rot. Modules must also form no circle, even through lazy
imports, since a circle between two files means neither can be read, tested or moved without the other.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "coqi"

# Lower floors first; inside a floor, each part may import only the parts listed before it.
FLOORS: list[tuple[str, list[str]]] = [
    ("base", ["files"]),
    ("pure", ["spc", "text"]),
    ("foundation", ["core", "accounts", "ops"]),
    (
        "domain",
        [
            "projects",
            "partners",
            "payments",
            "learning",
            "improvement",
            "experience",
            "innovation",
            "ideas",
            "assessment",
        ],
    ),
    ("top", ["network", "reports", "rights", "demo", "api", "cli", "config"]),
]
LONGEST_FILE = 500  # lines; migrations are generated and exempt


def _rank() -> dict[str, tuple[int, int]]:
    return {part: (floor, place) for floor, (_, parts) in enumerate(FLOORS) for place, part in enumerate(parts)}


def _part_of(module: str) -> str | None:
    pieces = module.split(".")
    if pieces[0] != "coqi" or len(pieces) < 2:
        return None
    return pieces[1]


def _module_name(path: Path, package: Path) -> str:
    relative = path.relative_to(package.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _python_files(package: Path):
    for path in sorted(package.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        yield path


def _imports(path: Path, *, top_level_only: bool) -> list[tuple[int, str, tuple[str, ...]]]:
    """(line, imported module, names taken from it) for every absolute import of coqi in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    nodes = tree.body if top_level_only else ast.walk(tree)
    found = []
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module, tuple(alias.name for alias in node.names)))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, ()) for alias in node.names]
    return [(line, module, names) for line, module, names in found if module.split(".")[0] == "coqi"]


def upward_imports(package: Path = PACKAGE) -> list[str]:
    rank = _rank()
    problems = []
    for path in _python_files(package):
        source_part = _part_of(_module_name(path, package))
        if source_part is None:
            continue
        if source_part not in rank:
            problems.append(f"{path.relative_to(package.parent)}: coqi.{source_part} is on no floor")
            continue
        for line, module, names in _imports(path, top_level_only=False):
            modules = [f"coqi.{name}" for name in names] if module == "coqi" else [module]
            for target_part in {_part_of(imported) for imported in modules}:
                problems += _floor_problem(rank, path, package, line, module, source_part, target_part)
    return problems


def _floor_problem(rank, path, package, line, module, source_part, target_part) -> list[str]:
    if target_part is None or target_part == source_part:
        return []
    where = f"{path.relative_to(package.parent)}:{line} imports {module}"
    if target_part not in rank:
        return [f"{where}: coqi.{target_part} is on no floor"]
    source, target = rank[source_part], rank[target_part]
    if source[0] == 0:
        return [f"{where}: the base imports nothing else of coqi"]
    if source[0] == 1 and target[0] != 0:
        return [f"{where}: a pure library imports nothing else of coqi but the base"]
    if target >= source:
        return [f"{where}: {source_part} may not import {target_part} (same or higher)"]
    return []


def import_circles(package: Path = PACKAGE) -> list[list[str]]:
    """Strongly connected groups of modules that import each other, lazily or not (Tarjan's algorithm)."""
    files = {_module_name(path, package): path for path in _python_files(package)}
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in files.items():
        for _, module, names in _imports(path, top_level_only=False):
            # `from coqi.a import b` takes the submodule b when there is one, and the package otherwise.
            targets = {f"{module}.{n}" if f"{module}.{n}" in files else module for n in names} or {module}
            graph[name] |= {target for target in targets if target in files and target != name}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for neighbour in graph[node]:
            if neighbour not in index:
                visit(neighbour)
                low[node] = min(low[node], low[neighbour])
            elif neighbour in on_stack:
                low[node] = min(low[node], index[neighbour])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for node in sorted(files):
        if node not in index:
            visit(node)
    return circles


def long_files(package: Path = PACKAGE) -> list[str]:
    found = []
    for path in _python_files(package):
        lines = path.read_text(encoding="utf-8").count("\n")
        if lines > LONGEST_FILE:
            found.append(f"{path.relative_to(package.parent)}: {lines} lines")
    return found


def test_every_part_of_coqi_is_on_a_floor():
    rank = _rank()
    parts = {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").exists()}
    parts |= {path.stem for path in PACKAGE.glob("*.py") if path.stem != "__init__"}
    assert sorted(parts - set(rank)) == []


def test_no_import_runs_to_the_same_or_a_higher_floor():
    problems = upward_imports()
    assert not problems, f"{len(problems)} imports run upward:\n" + "\n".join(problems)


def test_no_circle_of_imports():
    circles = import_circles()
    assert not circles, "Modules that import each other:\n" + "\n".join(" ↔ ".join(c) for c in circles)


def test_no_file_longer_than_a_newcomer_can_hold():
    assert not long_files(), f"Files over {LONGEST_FILE} lines:\n" + "\n".join(long_files())


def test_the_checks_catch_an_upward_import_a_circle_and_a_long_file(tmp_path):
    """The checks above pass only because the tree is clean, not because they cannot fail."""
    root = tmp_path / "coqi"
    (root / "core").mkdir(parents=True)
    (root / "projects").mkdir()
    for folder in (root, root / "core", root / "projects"):
        (folder / "__init__.py").write_text("")
    (root / "core" / "a.py").write_text("from coqi.projects import b\n")
    (root / "projects" / "b.py").write_text("import coqi.core.a\n")
    (root / "projects" / "c.py").write_text("x = 1\n" * (LONGEST_FILE + 1))
    assert any("core may not import projects" in problem for problem in upward_imports(root))
    assert import_circles(root) == [["coqi.core.a", "coqi.projects.b"]]
    assert long_files(root) == [f"coqi/projects/c.py: {LONGEST_FILE + 1} lines"]
