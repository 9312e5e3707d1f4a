"""Fixtures of the config tests: a tiny COCO workspace as the current directory."""

from pathlib import Path

import pytest

from tests.unit.config.workspace import make_workspace


@pytest.fixture(scope="session")
def workspace_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One workspace per test session (the tests only read it)."""
    return make_workspace(tmp_path_factory.mktemp("workspace"))


@pytest.fixture
def workspace(workspace_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The workspace as the current directory: the reference's relative paths resolve."""
    monkeypatch.chdir(workspace_root)
    return workspace_root
