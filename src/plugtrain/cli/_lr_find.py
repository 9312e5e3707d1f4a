"""``plugtrain lr-find``: the learning-rate range test on a config, plotted."""

import json
from pathlib import Path
from typing import Annotated, Literal

import typer

__all__ = ["lr_find"]


def _console_error(text: str) -> None:
    from rich.console import Console

    Console(stderr=True, soft_wrap=True).print(text, highlight=False, markup=False)


def lr_find(
    config: Annotated[Path, typer.Argument(help="experiment YAML")],
    overrides: Annotated[
        list[str] | None, typer.Argument(help="key.path=value overrides, parsed as YAML")
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", help="the plot: loss vs learning rate, suggestion marked")
    ] = Path("lr_find.png"),
    steps: Annotated[
        int, typer.Option("--steps", help="optimiser steps of the sweep, in [2, 1000]")
    ] = 100,
    min_lr: Annotated[float, typer.Option("--min-lr", help="first learning rate")] = 1e-6,
    max_lr: Annotated[
        float, typer.Option("--max-lr", help="last learning rate (at most 10)")
    ] = 1.0,
    rule: Annotated[
        str, typer.Option("--rule", help="steepest (default) or minimum/10")
    ] = "steepest",
    device: Annotated[
        str | None, typer.Option(help="cpu, cuda, cuda:1 (default: cuda if present)")
    ] = None,
) -> None:
    """Sweep the learning rate exponentially over a few hundred steps at most, stop when the
    loss diverges, and suggest one: where the smoothed loss falls fastest (steepest)."""
    from plugtrain.errors import PlugtrainError
    from plugtrain.runs import lr_find_from_config
    from plugtrain.validation import validate_config

    chosen: Literal["steepest", "minimum/10"]
    if rule == "steepest":
        chosen = "steepest"
    elif rule == "minimum/10":
        chosen = "minimum/10"
    else:
        _console_error(f"--rule must be steepest or minimum/10, got {rule!r}")
        raise typer.Exit(code=2)
    report = validate_config(config, list(overrides or []))
    for issue in report.issues:
        _console_error(f"{issue.where()}: {report.severity(issue)} [{issue.code}] {issue.message}")
    if not report.ok or report.config is None:
        _console_error(f"{len(report.errors)} error(s) in the config; no sweep was run")
        raise typer.Exit(code=1)
    try:
        result = lr_find_from_config(
            report.config,
            steps=steps,
            min_lr=min_lr,
            max_lr=max_lr,
            rule=chosen,
            out=out,
            device=device,
        )
    except PlugtrainError as error:
        _console_error(str(error))
        raise typer.Exit(code=1) from None
    stop = "stopped at divergence" if result.diverged else f"reached --max-lr {max_lr:g}"
    _console_error(
        f"swept {len(result.lrs)} steps from {result.lrs[0]:.2e} to {result.lrs[-1]:.2e} "
        f"({stop}); rule {result.rule}: suggested lr {result.suggestion:.3g}; plot: {out}"
    )
    print(
        json.dumps(
            {
                "suggestion": result.suggestion,
                "rule": result.rule,
                "steps": len(result.lrs),
                "diverged": result.diverged,
                "plot": str(out),
            }
        )
    )
