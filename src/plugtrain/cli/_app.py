"""The ``plugtrain`` typer application; command modules register themselves on it."""

import typer
import typer.main

__all__ = ["app", "command_names", "data_app", "describe_commands"]

app = typer.Typer(
    name="plugtrain",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

data_app = typer.Typer(help="Make, check and inspect COCO-format data sets.", no_args_is_help=True)
app.add_typer(data_app, name="data")


def command_names(application: typer.Typer) -> list[str]:
    """The names of the commands and command groups registered on ``application``, in
    registration order, as the command line spells them."""
    group = typer.main.get_group(application)
    return list(group.commands)


def describe_commands(application: typer.Typer) -> None:
    """Set the top-level help from the commands registered so far (call it once they all
    are), so that it never names a command that does not exist."""
    names = ", ".join(command_names(application))
    application.info.help = (
        f"Typed detectors built from parts, validated before launch. Commands: {names}."
    )
