"""``plugtrain schema``: the JSON Schema of config files (for editor completion)."""

import sys

__all__ = ["schema"]


def schema() -> None:
    """Print the JSON Schema of config files (the content of configs/schema.json).

    Point an editor at it with a first line ``# yaml-language-server: $schema=schema.json``.
    """
    from plugtrain.config import schema_text

    sys.stdout.write(schema_text())
