"""Every package's ``__all__`` lists exactly its public names, all importable (ruff sorts it)."""

import importlib
import inspect
import pkgutil
from types import ModuleType

import pytest

import plugtrain


def _packages() -> list[str]:
    names = ["plugtrain"]
    for info in pkgutil.walk_packages(plugtrain.__path__, "plugtrain."):
        if info.ispkg and not any(part.startswith("_") for part in info.name.split(".")):
            names.append(info.name)
    return names


def _public_names(package: ModuleType) -> set[str]:
    names: set[str] = set()
    for name, value in vars(package).items():
        if name.startswith("_") or name == "TYPE_CHECKING" or inspect.ismodule(value):
            continue
        names.add(name)
    # lazily exported names appear in the namespace only after first use
    return names | {
        n for n in getattr(package, "__all__", ()) if n in getattr(package, "_LAZY", {})
    }


@pytest.mark.parametrize("name", _packages())
def test_all_equals_public_names(name: str) -> None:
    package = importlib.import_module(name)
    exported = getattr(package, "__all__", None)
    assert exported is not None, f"{name} has no __all__"
    assert len(set(exported)) == len(exported), f"{name}.__all__ has duplicates"
    public = _public_names(package) | ({"__version__"} & set(exported))
    assert set(exported) == public, (
        f"{name}: in __all__ but not defined: {sorted(set(exported) - public)}; "
        f"public but not in __all__: {sorted(public - set(exported))}"
    )
    for item in exported:
        assert getattr(package, item) is not None


def test_packages_are_found() -> None:
    assert {"plugtrain", "plugtrain.typing", "plugtrain.structures"} <= set(_packages())
