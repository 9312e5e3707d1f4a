"""``plugtrain validate CONFIG [key.path=value ...]``: every problem of a config before launch.

Exit status: 0 valid (warnings allowed), 1 invalid (an error, including a missing or
unreadable CONFIG; with ``--strict`` also a warning), 2 usage error. ``--format json`` prints
exactly one JSON object on stdout: ``{"ok": bool, "errors": [issue], "warnings": [issue],
"summary": {...}}``, each issue ``{"loc", "file", "line", "column", "code", "severity",
"message"}``.
"""

import enum
import json
import sys
from typing import TYPE_CHECKING, Annotated, cast

import typer

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Console
    from rich.table import Table

    from plugtrain.errors import ConfigIssue
    from plugtrain.validation import ValidationReport

__all__ = ["OutputFormat", "validate"]


class OutputFormat(enum.StrEnum):
    """How ``plugtrain validate`` reports."""

    text = "text"
    json = "json"


def _shown(value: object) -> str:
    """A summary value in one short line."""
    if isinstance(value, str):
        return value
    items = cast(list[object], value) if isinstance(value, list) else []
    if items and all(isinstance(item, dict) for item in items):
        levels = [cast(dict[str, object], item) for item in items]
        if all({"name", "channels", "stride"} <= set(level) for level in levels):
            return ", ".join(
                f"{level['name']} ({level['channels']} ch, stride {level['stride']})"
                for level in levels
            )
    return json.dumps(value)


def _dry_run_table(dry_run: dict[str, object]) -> "Table":
    from rich.markup import escape
    from rich.table import Table

    table = Table(title="dry run (meta device)", show_header=False)
    table.add_row("input", escape(str(dry_run.get("input"))))
    levels = dry_run.get("levels")
    if isinstance(levels, dict):
        for name, shape in cast(dict[str, object], levels).items():
            table.add_row(f"level {escape(name)}", escape(str(shape)))
    parameters = dry_run.get("parameters")
    if isinstance(parameters, dict):
        for part, count in cast(dict[str, object], parameters).items():
            shown = f"{count:,}" if isinstance(count, int) else str(count)
            table.add_row(f"parameters {escape(part)}", shown)
    table.add_row("activations (estimate)", f"{dry_run.get('activation_mib')} MiB")
    cost = dry_run.get("cost")
    if isinstance(cost, dict):
        figures = cast(dict[str, object], cost)
        table.add_row("GFLOPs per image", escape(str(figures.get("gflops_per_image"))))
        table.add_row(
            "peak activations (estimate)",
            f"{figures.get('activation_peak_mib')} MiB "
            f"({figures.get('activation_mib_per_image')} MiB per image)",
        )
    table.add_row("loss", escape(str(dry_run.get("loss"))))
    return table


def _print_issues(console: "Console", title: str, issues: "Sequence[ConfigIssue]") -> None:
    from rich.markup import escape

    if not issues:
        return
    colour = "red" if title == "errors" else "yellow"
    console.print(f"[{colour}]{title}[/{colour}] ({len(issues)}):")
    for issue in issues:
        place = ":".join(str(p) for p in (issue.file, issue.line, issue.column) if p is not None)
        console.print(
            f"  [bold]{escape(place)}[/bold] [cyan]{escape(issue.loc or '<root>')}[/cyan] "
            f"[{colour}]\\[{escape(issue.code)}][/{colour}] {escape(issue.message)}"
        )


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'s' if number != 1 else ''}"


def _print_text(report: "ValidationReport") -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False, soft_wrap=True)
    _print_issues(console, "errors", report.errors)
    _print_issues(console, "warnings", report.warnings)
    dry_run: dict[str, object] = {}
    for key, value in report.summary.to_json().items():
        if key == "dry_run" and isinstance(value, dict):
            dry_run = cast(dict[str, object], value)
            continue
        console.print(f"  [dim]{escape(key)}:[/dim] {escape(_shown(value))}")
    if dry_run:
        console.print(_dry_run_table(dry_run))
    warnings = f" ({_count(len(report.warnings), 'warning')})" if report.warnings else ""
    if report.ok:
        console.print(f"[green]valid[/green]{warnings}: {escape(report.summary.config)}")
    else:
        console.print(f"[red]invalid[/red]: {_count(len(report.errors), 'error')}{warnings}")


def _internal_error(config: str, error: Exception) -> "ValidationReport":
    from plugtrain.errors import ConfigIssue
    from plugtrain.validation import ValidationReport, ValidationSummary

    issue = ConfigIssue(
        loc="",
        code="internal-error",
        message=f"plugtrain failed while validating ({type(error).__name__}: {error}); this is "
        f"a bug in plugtrain, please report it with the config",
        file=config,
    )
    return ValidationReport((issue,), ValidationSummary(config=config, problems=1), None)


def validate(
    config: Annotated[str, typer.Argument(help="The YAML config file.", show_default=False)],
    overrides: Annotated[
        list[str] | None,
        typer.Argument(
            help="Overrides key.path=value, the value read as YAML "
            "(train.epochs=20, data.image_size=[256,256], model.backbone.weights=null).",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text (rich) or json (one object on stdout).")
    ] = OutputFormat.text,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run/--no-dry-run",
            help="After the static checks, build the detector on the meta device and run "
            "forward and loss.",
        ),
    ] = True,
    strict: Annotated[
        bool, typer.Option("--strict", help="Count warnings as errors (exit 1 on a warning).")
    ] = False,
) -> None:
    """Check a config before launch: schema, files, parts, weights, then a dry run.

    Reports every problem at once, errors then warnings, each as file:line:column, dotted
    loc, code and a fix. Exit status 0 when valid (warnings allowed), 1 when not.
    """
    try:
        from plugtrain.validation import validate_config

        report = validate_config(config, overrides or [], dry_run=dry_run)
    except Exception as error:  # never a traceback: a bug is reported as an issue too
        report = _internal_error(config, error)
    if strict:
        report = report.as_strict()
    if output_format is OutputFormat.json:
        sys.stdout.write(json.dumps(report.as_json(), indent=2) + "\n")
    else:
        _print_text(report)
    raise typer.Exit(0 if report.ok else 1)
