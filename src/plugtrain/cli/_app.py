"""The ``plugtrain`` typer application; command modules register themselves on it."""

import typer

__all__ = ["app", "data_app"]

app = typer.Typer(
    name="plugtrain",
    help="Build, validate, train, evaluate, export and serve typed detectors.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

data_app = typer.Typer(help="Make, check and inspect COCO-format data sets.", no_args_is_help=True)
app.add_typer(data_app, name="data")
