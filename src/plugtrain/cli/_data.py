"""``plugtrain data check|synth|inspect``: check, make and look at COCO-format data sets.

Registered on ``data_app`` in ``cli/__init__.py``. Heavy imports (torch, Pillow) happen
inside the commands so ``plugtrain --help`` stays fast.
"""

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from plugtrain.data._synth_style import SynthStyle

__all__ = ["OutputFormat", "check", "inspect", "synth"]


class OutputFormat(StrEnum):
    """How ``data check`` prints its report."""

    text = "text"
    json = "json"


def check(
    images: Annotated[
        Path, typer.Option("--images", help="Folder holding the files named by file_name.")
    ],
    annotations: Annotated[Path, typer.Option("--annotations", help="COCO instances JSON file.")],
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", help="text for people, json (one object on stdout) for tools."),
    ] = OutputFormat.text,
    box_tolerance: Annotated[
        float,
        typer.Option(help="Pixels a box may reach past the image border before it is reported."),
    ] = 0.5,
    headers_only: Annotated[
        bool,
        typer.Option(
            "--headers-only",
            help="Read image headers only (faster; misses truncated or corrupt pixel data).",
        ),
    ] = False,
    workers: Annotated[
        int | None, typer.Option(help="Threads decoding images (default: 2 per core).")
    ] = None,
    allow_outside: Annotated[
        bool,
        typer.Option(
            "--allow-outside",
            help="Read images whose file_name leads outside --images (absolute paths, '..', "
            "symlinks pointing elsewhere); refused by default.",
        ),
    ] = False,
) -> None:
    """Check a COCO data set up front: every record and every image file.

    Exit status 0 when clean, 1 when any problem is found. Each problem has a stable code
    and names its image id and/or annotation id (see docs/data.md). The annotation file
    must be a regular file within the size limit (PLUGTRAIN_MAX_ANNOTATION_BYTES).
    """
    from plugtrain.data import check_coco
    from plugtrain.errors import PlugtrainError

    try:
        report = check_coco(
            images,
            annotations,
            decode=not headers_only,
            workers=workers,
            box_tolerance=box_tolerance,
            allow_outside=allow_outside,
        )
    except PlugtrainError as error:  # e.g. a malformed size limit in the environment
        typer.echo(str(error), err=True)
        raise typer.Exit(code=1) from None
    if output_format is OutputFormat.json:
        sys.stdout.write(report.to_json() + "\n")
    else:
        _print_text_report(report.to_text())
    raise typer.Exit(code=0 if report.ok else 1)


def _refuse_out(out: Path, error: OSError) -> NoReturn:
    """A folder that cannot be written: one plugtrain message, exit 1 (never a traceback)."""
    from plugtrain.errors import DataError

    where = error.filename if isinstance(error.filename, str) else str(out)
    reason = error.strerror or str(error)
    message = DataError(
        f"cannot write to {where}: {reason}; pass an --out folder that can be created and written",
        file=str(out),
    )
    typer.echo(str(message), err=True)
    raise typer.Exit(code=1) from None


def _print_text_report(text: str) -> None:
    from rich.console import Console

    # markup off: messages quote user data ([x, y, w, h]) that rich would read as tags
    Console(highlight=False, soft_wrap=True).print(text, markup=False)


def synth(
    out: Annotated[Path, typer.Option("--out", help="Folder to write train/, val/ and JSONs to.")],
    num_train: Annotated[int, typer.Option(min=1, help="Training images.")] = 600,
    num_val: Annotated[int, typer.Option(min=1, help="Validation images.")] = 150,
    size: Annotated[int, typer.Option(min=32, help="Side of the square images in pixels.")] = 320,
    seed: Annotated[int, typer.Option(help="Same seed, same data set.")] = 0,
    style: Annotated[
        SynthStyle,
        typer.Option(
            help="The look: source (the default) or target (the shifted domain of "
            "domain-adversarial training: texture-blended, inverted, blurred, grainy)."
        ),
    ] = SynthStyle.source,
) -> None:
    """Write the synthetic shapes data set (circle, square, triangle) in COCO format."""
    from plugtrain.data import make_shapes_dataset

    try:
        made = make_shapes_dataset(
            out, num_train=num_train, num_val=num_val, size=size, seed=seed, style=style
        )
    except OSError as error:
        _refuse_out(out, error)
    typer.echo(
        f"wrote {num_train} training images to {made.train_images} ({made.train_annotations})\n"
        f"wrote {num_val} validation images to {made.val_images} ({made.val_annotations})"
    )


def inspect(
    images: Annotated[
        Path, typer.Option("--images", help="Folder holding the files named by file_name.")
    ],
    annotations: Annotated[Path, typer.Option("--annotations", help="COCO instances JSON file.")],
    out: Annotated[Path, typer.Option("--out", help="Folder for samples.png.")],
    num_samples: Annotated[int, typer.Option(min=1, help="Images in the grid.")] = 16,
    seed: Annotated[int, typer.Option(help="Which images the grid shows.")] = 0,
) -> None:
    """Class counts, a box-size histogram and a PNG grid of samples with their boxes drawn.

    Records with problems are skipped (as in lenient mode) and counted.
    """
    from plugtrain.data import inspect_coco
    from plugtrain.errors import PlugtrainError

    try:
        stats = inspect_coco(images, annotations, out=out, num_samples=num_samples, seed=seed)
    except PlugtrainError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(code=1) from None
    except OSError as error:
        _refuse_out(out, error)
    _print_text_report(stats.to_text())
