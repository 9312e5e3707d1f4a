"""The suggest tests' workspace: the config tests' tiny COCO set as the current directory."""

from tests.unit.config.conftest import workspace, workspace_root

__all__ = ["workspace", "workspace_root"]
