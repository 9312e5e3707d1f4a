"""The top-level help names exactly the commands that exist."""

import re

from typer.testing import CliRunner

from plugtrain.cli import app
from plugtrain.cli._app import command_names


def _description() -> str:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    match = re.search(r"COMMAND \[ARGS\]\.\.\. (.*?) ╭", text)
    assert match is not None, text
    return match.group(1)


def test_every_command_named_in_the_help_exists_and_every_command_is_named() -> None:
    description = _description()
    listed = re.search(r"Commands: ([a-z, -]+)\.", description)
    assert listed is not None, description
    named = [name.strip() for name in listed.group(1).split(",")]
    registered = command_names(app)
    assert named == registered
    assert {"validate", "train", "evaluate", "predict", "data"} <= set(registered)


def test_the_help_promises_no_command_that_is_not_registered() -> None:
    description = _description()
    words = set(re.findall(r"[a-z]+", description.lower()))
    for verb in ("export", "serve", "evaluate", "predict", "train", "validate"):
        assert (verb in words) == (verb in command_names(app)), (verb, description)
