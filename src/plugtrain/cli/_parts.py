"""``plugtrain parts``: every registered part type with its options and its spec.

Reads the registry only (torch-free). ``--format json`` prints one JSON object:
``{"parts": [{"slot", "type", "summary", "config", "options": [{"name", "type", "default",
"required", "description"}], "spec"}]}``.
"""

import json
import sys
from typing import Annotated

import typer

from plugtrain.cli._validate import OutputFormat

__all__ = ["parts"]


def parts(
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text (rich tables) or json.")
    ] = OutputFormat.text,
) -> None:
    """List every part type a config can name (backbone, neck, head), its options and spec."""
    from plugtrain.registry import describe_parts

    described = describe_parts()
    if output_format is OutputFormat.json:
        payload = {"parts": [part.to_json() for part in described]}
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(highlight=False, soft_wrap=True)
    for part in described:
        table = Table(
            title=f"{part.slot} type: {part.name}  ({escape(part.config)})",
            caption=f"spec: {escape(part.spec)}",
            title_justify="left",
            caption_justify="left",
        )
        for column in ("option", "type", "default", "description"):
            table.add_column(column)
        for option in part.options:
            table.add_row(
                escape(option.name),
                escape(option.type),
                "required" if option.default is None else escape(option.default),
                escape(option.description),
            )
        console.print(f"[bold]{escape(part.summary)}[/bold]")
        console.print(table)
