"""``plugtrain suggest``: write a complete, commented config chosen for a data set.

Exit status 0 when the config was written (warnings are printed to stderr and written at
the top of the file), 1 when the data cannot be used or the file cannot be written.
"""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from plugtrain.suggest import Suggestion

__all__ = ["SUGGESTED_DIR", "run_suggestion", "suggest", "suggest_for_train"]

SUGGESTED_DIR = Path("runs/suggested")
"""Where ``plugtrain train --images ... --annotations ...`` writes and trains its config."""


def _stderr(text: str) -> None:
    from rich.console import Console

    Console(stderr=True, soft_wrap=True).print(text, highlight=False, markup=False)


def run_suggestion(
    *,
    images: Path,
    annotations: Path,
    val_images: Path | None,
    val_annotations: Path | None,
    time_budget: float,
    out: Path,
    output_dir: str,
    device: str | None,
    timed_steps: int = 5,
) -> "Suggestion":
    """Suggest, write ``out`` (the split next to it, in ``<out stem>.split/``), report on
    stderr; ``typer.Exit(1)`` with the message when the data or the folder is unusable."""
    from plugtrain.errors import PlugtrainError
    from plugtrain.suggest import suggest_config

    if val_images is not None and val_annotations is None:
        _stderr("--val-images needs --val-annotations (the COCO file of the validation set)")
        raise typer.Exit(code=1)
    try:
        suggestion = suggest_config(
            images,
            annotations,
            val_images=val_images,
            val_annotations=val_annotations,
            time_budget_minutes=time_budget,
            split_dir=out.with_name(f"{out.stem}.split"),
            output_dir=output_dir,
            device=device,
            timed_steps=timed_steps,
        )
        text = suggestion.to_yaml()
    except PlugtrainError as error:
        _stderr(str(error))
        raise typer.Exit(code=1) from None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text)
    except OSError as error:
        _stderr(f"cannot write {out}: {error.strerror or error}; pass a writable --out file")
        raise typer.Exit(code=1) from None
    for warning in suggestion.warnings:
        _stderr(f"warning: {warning}")
    config = suggestion.config
    _stderr(
        f"wrote {out}: image_size {config.data.image_size}, batch {config.data.batch_size}, "
        f"{config.train.epochs} epochs, lr {config.train.optimizer.lr:g} "
        f"({suggestion.step_seconds:.3f} s per step measured on {suggestion.timing.device}); "
        f"the reason of each choice is in the file"
    )
    return suggestion


def suggest(
    images: Annotated[Path, typer.Option("--images", help="Folder of the training images.")],
    annotations: Annotated[
        Path, typer.Option("--annotations", help="COCO instances JSON of the training set.")
    ],
    val_images: Annotated[
        Path | None,
        typer.Option("--val-images", help="Folder of the validation images (default: --images)."),
    ] = None,
    val_annotations: Annotated[
        Path | None,
        typer.Option(
            "--val-annotations",
            help="COCO JSON of the validation set; omitted: 20 % of the training images are "
            "held out (whole groups when the images carry a group key).",
        ),
    ] = None,
    time_budget: Annotated[
        float,
        typer.Option("--time-budget", min=0.5, help="Minutes the training run may take here."),
    ] = 10.0,
    out: Annotated[Path, typer.Option("--out", help="The YAML file to write.")] = Path(
        "suggested.yaml"
    ),
    output_dir: Annotated[
        str, typer.Option("--output-dir", help="train.output_dir of the config.")
    ] = "runs/suggested",
    device: Annotated[
        str | None,
        typer.Option(help="Where to time the steps: cpu, cuda (default: cuda if present)."),
    ] = None,
    timed_steps: Annotated[
        int, typer.Option("--timed-steps", min=1, help="Training steps timed (after 2 untimed).")
    ] = 5,
) -> None:
    """Read the data's statistics, time a few training steps, and write a commented config.

    Each choice (image size, pyramid levels, anchor sizes, batch, learning rate, epochs)
    comes with its reason and numbers as a comment; what no setting fixes (objects smaller
    than any stride, a class with fewer than 5 examples, a tiny data set) is a warning.
    The file passes `plugtrain validate`; train it with `plugtrain train FILE`.
    """
    run_suggestion(
        images=images,
        annotations=annotations,
        val_images=val_images,
        val_annotations=val_annotations,
        time_budget=time_budget,
        out=out,
        output_dir=output_dir,
        device=device,
        timed_steps=timed_steps,
    )


def suggest_for_train(
    images: Path | None, annotations: Path | None, *, resume: bool, device: str | None
) -> Path:
    """The config ``plugtrain train --images DIR --annotations FILE`` trains: suggested into
    ``runs/suggested/suggested.yaml`` (10-minute budget, a held-out validation split), or,
    with ``--resume``, the one suggested for the run being resumed (a new suggestion would
    time the steps again and could change the run length under it)."""
    if images is None or annotations is None:
        _stderr(
            "--images and --annotations go together: without a CONFIG, plugtrain train "
            "suggests one for that data set (see plugtrain suggest)"
        )
        raise typer.Exit(code=1)
    out = SUGGESTED_DIR / "suggested.yaml"
    if resume and out.is_file():
        _stderr(f"--resume: training the config suggested before, {out}")
        return out
    run_suggestion(
        images=images,
        annotations=annotations,
        val_images=None,
        val_annotations=None,
        time_budget=10.0,
        out=out,
        output_dir=str(SUGGESTED_DIR),
        device=device,
    )
    return out
