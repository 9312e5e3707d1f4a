"""``plugtrain data check|synth|inspect``: check, make and look at data sets (COCO, class
folders, folders of unlabeled images).

Registered on ``data_app`` in ``cli/__init__.py``. Heavy imports (torch, Pillow) happen
inside the commands so ``plugtrain --help`` stays fast.
"""

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from plugtrain._synth_styles import SynthStyle

__all__ = ["OutputFormat", "SynthKind", "check", "inspect", "synth"]


class OutputFormat(StrEnum):
    """How ``data check`` prints its report."""

    text = "text"
    json = "json"


class SynthKind(StrEnum):
    """What ``data synth`` writes."""

    shapes = "shapes"
    crops = "crops"


def check(
    images: Annotated[
        Path | None,
        typer.Option(
            "--images",
            help="COCO: the folder holding the files named by file_name; without "
            "--annotations: a folder of unlabeled images (format: images).",
        ),
    ] = None,
    annotations: Annotated[
        Path | None, typer.Option("--annotations", help="COCO instances JSON file.")
    ] = None,
    folders: Annotated[
        Path | None,
        typer.Option(
            "--folders", help="A class-folders set (format: folders): one sub-folder per class."
        ),
    ] = None,
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
    """Check a data set up front: every record and every image file.

    A COCO set (--images and --annotations), a class-folders set (--folders) or a folder of
    unlabeled images (--images alone). Exit status 0 when clean, 1 when any problem is
    found. Each COCO problem has a stable code and names its image id and/or annotation id
    (see docs/data.md); the annotation file must be a regular file within the size limit
    (PLUGTRAIN_MAX_ANNOTATION_BYTES).
    """
    from plugtrain.data import check_coco
    from plugtrain.errors import PlugtrainError

    if folders is not None or annotations is None or images is None:
        _check_folder_set(images, annotations, folders, output_format, workers)
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


def _check_folder_set(
    images: Path | None,
    annotations: Path | None,
    folders: Path | None,
    output_format: OutputFormat,
    workers: int | None,
) -> NoReturn:
    """``data check`` of a folders or an images set; exits."""
    import json

    from plugtrain.data import check_class_folders, check_images_folder
    from plugtrain.errors import ArgumentError, PlugtrainError

    try:
        if folders is not None and (images is not None or annotations is not None):
            raise ArgumentError(
                part="plugtrain data check",
                argument="--folders",
                received="--folders together with --images/--annotations",
                expected="one data set: --folders DIR, --images DIR, or --images DIR "
                "--annotations FILE",
                fix="check one set at a time",
            )
        if folders is not None:
            report = check_class_folders(folders, workers=workers)
        elif images is not None and annotations is None:
            report = check_images_folder(images, workers=workers)
        else:
            raise ArgumentError(
                part="plugtrain data check",
                argument="--images",
                received="--annotations without --images" if annotations else "no data set",
                expected="--folders DIR, --images DIR, or --images DIR --annotations FILE",
                fix="name the set to check, e.g. plugtrain data check --folders data/crops/train",
            )
    except PlugtrainError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(code=1) from None
    if output_format is OutputFormat.json:
        sys.stdout.write(json.dumps(report.to_json()) + "\n")
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
    num_train: Annotated[
        int | None, typer.Option(min=1, help="Training images (default: shapes 600, crops 300).")
    ] = None,
    num_val: Annotated[
        int | None, typer.Option(min=1, help="Validation images (default: shapes 150, crops 90).")
    ] = None,
    size: Annotated[
        int | None,
        typer.Option(min=16, help="Side of the square images in pixels (shapes 320, crops 64)."),
    ] = None,
    seed: Annotated[int, typer.Option(help="Same seed, same data set.")] = 0,
    kind: Annotated[
        SynthKind,
        typer.Option(
            "--kind",
            help="shapes: detection images in COCO format; crops: one shape per image in "
            "class folders (format: folders)",
        ),
    ] = SynthKind.shapes,
    hard: Annotated[
        bool,
        typer.Option(
            "--hard",
            help="A harder set: more classes (some alike), small and large objects, clutter, "
            "blur, noise, several image sizes (the options below; --size is then unused).",
        ),
    ] = False,
    num_classes: Annotated[int, typer.Option(min=1, help="--hard: classes, 1 to 10.")] = 8,
    object_sizes: Annotated[
        str, typer.Option(help="--hard: MIN,MAX object size as fractions of the short side.")
    ] = "0.04,0.5",
    clutter: Annotated[int, typer.Option(min=0, help="--hard: most unlabelled strokes.")] = 6,
    blur: Annotated[float, typer.Option(min=0, help="--hard: largest blur radius, px.")] = 1.5,
    noise: Annotated[
        float, typer.Option(min=0, help="--hard: largest noise std, grey levels.")
    ] = 12.0,
    image_sizes: Annotated[
        str, typer.Option(help="--hard: image sizes HxW, comma separated.")
    ] = "240x320,320x320,320x240,288x480",
    style: Annotated[
        SynthStyle,
        typer.Option(
            help="The look: source (the default) or target (the shifted domain of "
            "domain-adversarial training: inverted, washed orange, blurred, grainy); shapes and "
            "crops alike."
        ),
    ] = SynthStyle.source,
) -> None:
    """Write a synthetic data set of circles, squares and triangles: the shapes set (COCO,
    for detection; with --hard a harder one, see docs/data.md) or shape crops (class
    folders, for classification)."""
    from plugtrain.data import make_shapes_dataset
    from plugtrain.errors import PlugtrainError

    if kind is SynthKind.crops:
        _synth_crops(
            out,
            num_train=num_train or 300,
            num_val=num_val or 90,
            size=size or 64,
            seed=seed,
            style=style,
        )
        return
    num_train, num_val, size = num_train or 600, num_val or 150, size or 320
    if size < 32:
        typer.echo(f"--size {size} is too small for the shapes set: use 32 or more", err=True)
        raise typer.Exit(code=1)
    try:
        if hard:
            from plugtrain.data import (
                HardSynthOptions,
                make_hard_dataset,
                parse_image_sizes,
                parse_object_sizes,
            )

            low, high = parse_object_sizes(object_sizes)
            options = HardSynthOptions(
                num_classes=num_classes,
                min_object=low,
                max_object=high,
                clutter=clutter,
                blur=blur,
                noise=noise,
                image_sizes=parse_image_sizes(image_sizes),
            )
            made = make_hard_dataset(
                out, num_train=num_train, num_val=num_val, options=options, seed=seed
            )
        else:
            made = make_shapes_dataset(
                out, num_train=num_train, num_val=num_val, size=size, seed=seed, style=style
            )
    except OSError as error:
        _refuse_out(out, error)
    except PlugtrainError as error:  # an option out of range, named with its fix
        typer.echo(str(error), err=True)
        raise typer.Exit(code=1) from None
    typer.echo(
        f"wrote {num_train} training images to {made.train_images} ({made.train_annotations})\n"
        f"wrote {num_val} validation images to {made.val_images} ({made.val_annotations})"
    )


def _synth_crops(
    out: Path, *, num_train: int, num_val: int, size: int, seed: int, style: SynthStyle
) -> None:
    from plugtrain.data import make_crops_dataset
    from plugtrain.errors import PlugtrainError

    try:
        made = make_crops_dataset(
            out, num_train=num_train, num_val=num_val, size=size, seed=seed, style=style
        )
    except PlugtrainError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(code=1) from None
    except OSError as error:
        _refuse_out(out, error)
    classes = ", ".join(made.classes)
    typer.echo(
        f"wrote {num_train} training crops to {made.train} (one folder per class: {classes})\n"
        f"wrote {num_val} validation crops to {made.val}"
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
