"""``plugtrain train`` and ``plugtrain evaluate``: the main loop."""

import json
from dataclasses import asdict
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["DEFAULT_CONFIG_NAME", "default_config_text", "evaluate", "train"]

DEFAULT_CONFIG_NAME = "default.yaml"


def default_config_text() -> str:
    """The embedded default config (also shipped as ``configs/default.yaml``)."""
    return resources.files("plugtrain.configs").joinpath(DEFAULT_CONFIG_NAME).read_text()


def _console_error(text: str) -> None:
    from rich.console import Console

    Console(stderr=True, soft_wrap=True).print(text, highlight=False, markup=False)


def _ensure_default_data() -> None:
    """The embedded default trains on the synthetic shapes set; make it if it is missing."""
    from plugtrain.data import make_shapes_dataset

    root = Path("data/shapes")
    needed = [root / "train.json", root / "val.json", root / "train", root / "val"]
    if all(path.exists() for path in needed):
        return
    _console_error(f"making the synthetic shapes data set in {root}/ (first run only)")
    make_shapes_dataset(root)


def train(
    config: Annotated[
        Path | None,
        typer.Argument(help="experiment YAML; omitted: the embedded default (synthetic shapes)"),
    ] = None,
    overrides: Annotated[
        list[str] | None, typer.Argument(help="key.path=value overrides, parsed as YAML")
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="continue from OUTPUT_DIR/checkpoints/last.json")
    ] = False,
    overwrite: Annotated[
        bool,
        typer.Option(
            "--overwrite",
            help="delete the earlier run in OUTPUT_DIR (checkpoints, metrics, summary, plots)",
        ),
    ] = False,
    device: Annotated[
        str | None, typer.Option(help="cpu, cuda, cuda:1 (default: cuda if present)")
    ] = None,
) -> None:
    """Validate the config, then train, evaluate and write checkpoints, plots and summary.json."""
    from plugtrain.runs import train_from_config
    from plugtrain.validation import validate_config, validate_config_text

    override_list = list(overrides or [])
    if config is not None and "=" in config.name and not config.exists():
        # `plugtrain train train.epochs=3`: overrides of the embedded default, no config
        override_list.insert(0, str(config))
        config = None
    if config is None:
        _ensure_default_data()
        report = validate_config_text(
            default_config_text(), file=f"<embedded {DEFAULT_CONFIG_NAME}>", overrides=override_list
        )
    else:
        report = validate_config(config, override_list)
    for issue in report.issues:
        _console_error(f"{issue.where()}: {report.severity(issue)} [{issue.code}] {issue.message}")
    if not report.ok or report.config is None:
        _console_error(f"{len(report.errors)} error(s) in the config; nothing was trained")
        raise typer.Exit(code=1)
    if report.warnings:
        _console_error(f"{len(report.warnings)} warning(s) in the config; training anyway")
    from plugtrain.errors import PlugtrainError

    try:
        summary = train_from_config(
            report.config, resume=resume, overwrite=overwrite, device=device
        )
    except PlugtrainError as error:
        _console_error(str(error))
        raise typer.Exit(code=1) from None
    print(json.dumps(asdict(summary), indent=2))


def evaluate(
    checkpoint: Annotated[Path, typer.Argument(help="a checkpoint written by plugtrain train")],
    images: Annotated[
        Path | None, typer.Option(help="image folder (default: the run's val set)")
    ] = None,
    annotations: Annotated[
        Path | None, typer.Option(help="COCO JSON (default: the run's val set)")
    ] = None,
    results: Annotated[Path | None, typer.Option(help="also write COCO results JSON here")] = None,
    folders: Annotated[
        Path | None,
        typer.Option(help="classification: a class-folders set (default: the run's val set)"),
    ] = None,
) -> None:
    """The metrics of a trained checkpoint's setup on its val set (detection: COCO mAP,
    classification: top-1 accuracy); prints one JSON object."""
    from plugtrain.errors import PlugtrainError
    from plugtrain.runs import evaluate_checkpoint

    try:
        metrics = evaluate_checkpoint(
            checkpoint, images=images, annotations=annotations, results=results, folders=folders
        )
    except PlugtrainError as error:
        _console_error(str(error))
        raise typer.Exit(code=1) from None
    print(json.dumps(metrics, indent=2))
