"""The layering: config is torch-free; components never read configs; validation calls
builders, never the other way round; and no import cycle between plugtrain packages.

Every ``import`` of every module counts, function-level and ``TYPE_CHECKING`` ones included:
a cycle hidden in a function is still a cycle.
"""

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import plugtrain

SRC = Path(plugtrain.__file__).resolve().parent


def _modules(node: ast.AST) -> Iterator[str]:
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom) and node.module is not None and node.level == 0:
        if node.module == "plugtrain":
            yield from (f"plugtrain.{alias.name}" for alias in node.names)
        else:
            yield node.module


def _imports(package: str) -> set[tuple[str, str]]:
    """(file, imported module) for every import statement under a package of plugtrain."""
    found: set[tuple[str, str]] = set()
    root = SRC / package
    files = list(root.rglob("*.py")) if root.is_dir() else [SRC / f"{package}.py"]
    for path in files:
        if not path.is_file():
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            found |= {(path.name, module) for module in _modules(node)}
    return found


def _packages() -> list[str]:
    """Every package and top-level module of plugtrain (``config``, ``errors``, ...)."""
    names = {p.name for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").is_file()}
    names |= {p.stem for p in SRC.glob("*.py") if p.stem != "__init__"}
    return sorted(names)


def _graph() -> dict[str, set[str]]:
    """Package -> the plugtrain packages it imports (the facade ``plugtrain`` left out)."""
    packages = set(_packages())
    graph: dict[str, set[str]] = {}
    for package in packages:
        targets = {
            module.split(".")[1]
            for _, module in _imports(package)
            if module.startswith("plugtrain.")
        }
        graph[package] = {t for t in targets if t in packages and t != package}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a path ``[a, b, ..., a]``, or None."""
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state:
                found = visit(target)
                if found is not None:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found is not None:
                return found
    return None


def test_no_import_cycle_between_plugtrain_packages() -> None:
    cycle = _cycle(_graph())
    assert cycle is None, f"import cycle between plugtrain packages: {' -> '.join(cycle or [])}"


def test_the_cycle_finder_finds_cycles() -> None:
    # guards the checker: a cycle of three, hidden behind an acyclic start
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"d"}, "d": {"b"}}) == ["b", "c", "d", "b"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_function_level_imports_are_seen() -> None:
    tree = ast.parse("def f():\n    from plugtrain.builders import build_detector\n")
    assert [m for node in ast.walk(tree) for m in _modules(node)] == ["plugtrain.builders"]


def test_import_plugtrain_config_loads_no_torch() -> None:
    program = (
        "import sys, importlib.util\n"
        "if importlib.util.find_spec('plugtrain.config') is not None:\n"
        "    import plugtrain.config\n"
        "import plugtrain, plugtrain.errors\n"
        "print(sorted(m for m in sys.modules if m == 'torch' or m.startswith('torch.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_config_imports_only_errors_of_plugtrain() -> None:
    bad = {
        (file, module)
        for file, module in _imports("config")
        if (
            module.startswith("plugtrain")
            and not module.startswith(("plugtrain.config", "plugtrain.io"))
            and module != "plugtrain.errors"
        )
        or module.split(".")[0] in {"torch", "torchvision"}
    }
    assert not bad, (
        f"plugtrain.config must import no torch and nothing of plugtrain but errors and io: {bad}"
    )


def test_io_imports_only_errors_of_plugtrain() -> None:
    bad = {
        (file, module)
        for file, module in _imports("io")
        if (
            module.startswith("plugtrain")
            and not module.startswith("plugtrain.io")
            and module != "plugtrain.errors"
        )
        or module.split(".")[0] in {"torch", "torchvision", "numpy", "PIL"}
    }
    assert not bad, f"plugtrain.io must stay torch-free and import only plugtrain.errors: {bad}"


def test_specs_and_registry_import_no_torch() -> None:
    allowed = {"specs": {"errors", "specs"}, "registry": {"errors", "specs", "config", "registry"}}
    for package, packages in allowed.items():
        bad = {
            (file, module)
            for file, module in _imports(package)
            if module.split(".")[0] in {"torch", "torchvision"}
            or (module.startswith("plugtrain.") and module.split(".")[1] not in packages)
        }
        assert not bad, f"plugtrain.{package} must stay torch-free: {bad}"


def test_components_never_import_config_builders_or_validation() -> None:
    bad = {
        (file, module)
        for file, module in _imports("components")
        if module.startswith(("plugtrain.config", "plugtrain.builders", "plugtrain.validation"))
    }
    assert not bad, f"components must take built parts, not configs: {bad}"


def test_builders_never_import_validation() -> None:
    bad = {
        (file, module)
        for file, module in _imports("builders")
        if module.startswith("plugtrain.validation")
    }
    assert not bad, f"validation calls builders, never the other way round: {bad}"


def test_config_check_sees_real_files() -> None:
    # guards the scanner itself: the typing package imports torch, so it must find that
    assert any(module == "torch" for _, module in _imports("typing"))
