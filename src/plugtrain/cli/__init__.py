"""The ``plugtrain`` command line. Each command lives in a module of its own."""

from plugtrain.cli import _info  # noqa: F401  # registers its command
from plugtrain.cli._app import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``plugtrain`` console script."""
    app()
