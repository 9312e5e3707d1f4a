"""The layering of DESIGN.md: config is torch-free; components never read configs."""

import ast
import subprocess
import sys
from pathlib import Path

import plugtrain

SRC = Path(plugtrain.__file__).resolve().parent


def _imports(package: str) -> set[tuple[str, str]]:
    """(file, imported module) for every import statement under a package of plugtrain."""
    found: set[tuple[str, str]] = set()
    root = SRC / package
    files = list(root.rglob("*.py")) if root.is_dir() else []
    for path in files:
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found |= {(path.name, alias.name) for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module is not None:
                found.add((path.name, node.module))
    return found


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


def test_components_never_import_config_or_builders() -> None:
    bad = {
        (file, module)
        for file, module in _imports("components")
        if module.startswith(("plugtrain.config", "plugtrain.builders"))
    }
    assert not bad, f"components must take built parts, not configs: {bad}"


def test_config_check_sees_real_files() -> None:
    # guards the scanner itself: the typing package imports torch, so it must find that
    assert any(module == "torch" for _, module in _imports("typing"))
