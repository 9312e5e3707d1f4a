"""The committed lock covers pyproject.toml: every dependency and extra is pinned in it, and
the versions satisfy the ranges (run `nox -s lock` after changing dependencies)."""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def _pins(path: Path) -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for line in path.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9._-]+)==([^\s;]+)", line)
        if match:
            pins[canonicalize_name(match.group(1))] = Version(match.group(2))
    return pins


def _declared() -> list[Requirement]:
    project = PYPROJECT["project"]
    texts: list[str] = list(project["dependencies"])
    for extra in ("dev", "export", "serve"):
        texts += project["optional-dependencies"][extra]
    return [Requirement(text) for text in texts]


def test_every_declared_dependency_is_pinned_within_its_range() -> None:
    pins = _pins(ROOT / "requirements" / "dev.lock")
    for requirement in _declared():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in requirements/dev.lock: run nox -s lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{name}=={pins[name]} in the lock does not satisfy {requirement}: run nox -s lock"
        )


def test_the_check_tools_and_torch_are_pinned_as_requirements_torch_txt_says() -> None:
    pins = _pins(ROOT / "requirements" / "dev.lock")
    for tool in ("mypy", "pyright", "ruff", "types-pyyaml", "pytest-randomly", "pip-tools"):
        assert tool in pins
    for name, version in _pins(ROOT / "requirements" / "torch.txt").items():
        assert pins[name] == version
