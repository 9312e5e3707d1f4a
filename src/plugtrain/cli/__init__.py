"""The ``plugtrain`` command line. Each command lives in a module of its own and is
registered here; command modules import heavy dependencies (torch) inside the command."""

from plugtrain.cli import (
    _app,
    _data,
    _export,
    _info,
    _lr_find,
    _parts,
    _predict,
    _schema,
    _serve,
    _suggest,
    _train,
    _validate,
)
from plugtrain.cli._app import app, data_app

__all__ = ["app", "data_app", "main"]

app.command()(_info.info)
app.command()(_validate.validate)
app.command()(_schema.schema)
app.command()(_parts.parts)
app.command()(_train.train)
app.command()(_train.evaluate)
app.command()(_suggest.suggest)
app.command("lr-find")(_lr_find.lr_find)
app.command()(_predict.predict)
app.command()(_export.export)
app.command()(_serve.serve)
data_app.command("check")(_data.check)
data_app.command("synth")(_data.synth)
data_app.command("inspect")(_data.inspect)
_app.describe_commands(app)  # last: the help names exactly the commands registered above


def main() -> None:
    """Entry point of the ``plugtrain`` console script."""
    app()
