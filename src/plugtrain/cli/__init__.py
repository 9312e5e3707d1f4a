"""The ``plugtrain`` command line. Each command lives in a module of its own and is
registered here; command modules import heavy dependencies (torch) inside the command."""

from plugtrain.cli._app import app, data_app
from plugtrain.cli import _info

__all__ = ["app", "data_app", "main"]

app.command()(_info.info)


def main() -> None:
    """Entry point of the ``plugtrain`` console script."""
    app()
