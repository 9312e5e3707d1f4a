"""Static checks across fields and against the file system (no torch, no weights built).

Each check runs on the sections it needs that are valid, so one broken section does not
hide the problems of the others. Paths are relative to the current working directory.
"""

import math
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Final

from plugtrain.config._data import DataConfig, DatasetConfig
from plugtrain.config._findings import Finding, Path
from plugtrain.config._load import SchemaResult
from plugtrain.config._model import ModelConfig
from plugtrain.config._paths import path_kind
from plugtrain.config._tracking import tracking_findings
from plugtrain.config._train import StepSchedulerConfig, TrainConfig
from plugtrain.io import parse_coco

__all__ = ["AnnotationsInfo", "CheckResult", "read_annotations", "static_checks"]

_WEIGHT_SUFFIXES: Final = (".safetensors", ".pth", ".pt")
_SHOWN: Final = 3


@dataclass(frozen=True, slots=True)
class AnnotationsInfo:
    """What the checks need from a COCO instances file: image count, file names, categories."""

    path: str
    file_names: tuple[str, ...]
    categories: tuple[tuple[int, str], ...]

    @property
    def num_images(self) -> int:
        return len(self.file_names)


@dataclass(slots=True)
class CheckResult:
    """The findings of the static checks and the facts they established (for summaries)."""

    findings: list[Finding] = field(default_factory=list[Finding])
    train_images: int | None = None
    categories: tuple[str, ...] | None = None
    val_images: int | None = None
    steps_per_epoch: int | None = None
    total_steps: int | None = None


def _invalid(path: Path, file: str, problem: str) -> Finding:
    return Finding(
        path,
        "annotations-invalid",
        f"{file} is not a usable COCO instances file: {problem}; check it with "
        f"plugtrain data check",
    )


def _missing_path(path: Path, file: str, what: str, problem: str | None = None) -> Finding:
    if problem is not None:
        return Finding(path, "path-unreadable", f"{what} {file} cannot be looked at: {problem}")
    return Finding(
        path,
        "path-missing",
        f"{what} {file} does not exist (relative paths start at the current directory "
        f"{os.getcwd()}); fix the path or create it",
    )


# Problems of the parser that make a file useless for training; anything else about single
# records is the business of `plugtrain data check` (an empty 'images' list is left to the
# batch-size check, which says more).
_UNUSABLE: Final = frozenset(
    {
        "annotations_too_large",
        "json_invalid",
        "json_too_deep",
        "json_number_too_large",
        "json_structure",
    }
)


def read_annotations(path: Path, file: str) -> tuple[AnnotationsInfo | None, list[Finding]]:
    """Read the image file names and the categories of the COCO file ``file``.

    ``path`` is the config path of the setting that names the file (for findings). The file
    is read and parsed by :func:`plugtrain.io.parse_coco`, the parser every reader uses.
    """
    kind, problem = path_kind(file)
    if kind == "missing":
        return None, [_missing_path(path, file, "annotation file", problem)]
    if kind == "folder":
        return None, [Finding(path, "path-type", f"annotation file {file} is a folder, not a file")]
    parsed = parse_coco(file, box_tolerance=0.0)
    not_file = [p for p in parsed.problems if p.code == "annotations_not_file"]
    if not_file:  # a FIFO, device or socket: refused by the parser without reading it
        return None, [Finding(path, "path-type", not_file[0].message)]
    unreadable = [p for p in parsed.problems if p.code == "annotations_missing"]
    if unreadable:
        return None, [Finding(path, "path-unreadable", unreadable[0].message)]
    unusable = [p for p in parsed.problems if p.code in _UNUSABLE]
    unusable += parsed.category_problems
    if unusable:
        return None, [_invalid(path, file, unusable[0].message)]
    return AnnotationsInfo(file, parsed.named_files, parsed.categories), []


def _check_images_folder(path: Path, folder: str, info: AnnotationsInfo | None) -> list[Finding]:
    target = FsPath(folder)
    kind, problem = path_kind(folder)
    if kind == "missing":
        return [_missing_path(path, folder, "images folder", problem)]
    if kind != "folder":
        return [Finding(path, "path-type", f"images folder {folder} is a {kind}, not a folder")]
    if info is None:
        return []
    try:
        present = {entry.name for entry in os.scandir(target)}
    except OSError as error:
        return [Finding(path, "path-unreadable", f"cannot list {folder}: {error.strerror}")]
    absent = [
        name
        for name in info.file_names
        if (name not in present if "/" not in name else path_kind(str(target / name))[0] != "file")
    ]
    if not absent:
        return []
    shown = ", ".join(absent[:_SHOWN]) + (", ..." if len(absent) > _SHOWN else "")
    return [
        Finding(
            path,
            "images-missing",
            f"{len(absent)} of the {info.num_images} images named in {info.path} are not in "
            f"{folder} ({shown}); point images at the folder that holds them",
        )
    ]


def _check_dataset(
    name: str, dataset: DatasetConfig, result: CheckResult
) -> AnnotationsInfo | None:
    base: Path = ("data", name)
    info, findings = read_annotations((*base, "annotations"), dataset.annotations)
    result.findings += findings
    result.findings += _check_images_folder((*base, "images"), dataset.images, info)
    return info


def _category_text(info: AnnotationsInfo) -> str:
    names = ", ".join(name for _, name in info.categories[:8])
    more = ", ..." if len(info.categories) > 8 else ""
    return f"{len(info.categories)} categories ({names}{more})"


def _check_data(
    data: DataConfig, model: ModelConfig | None, result: CheckResult
) -> AnnotationsInfo | None:
    train = _check_dataset("train", data.train, result)
    val = _check_dataset("val", data.val, result) if data.val is not None else None
    if train is not None:
        result.train_images = train.num_images
        result.categories = tuple(name for _, name in train.categories)
    if val is not None:
        result.val_images = val.num_images
    if train is not None and val is not None and train.categories != val.categories:
        result.findings.append(
            Finding(
                ("data", "val", "annotations"),
                "categories-mismatch",
                f"{val.path} has {_category_text(val)} but {train.path} has "
                f"{_category_text(train)}; train and val must have the same category ids and "
                f"names",
            )
        )
    reference = train or val
    if model is not None and reference is not None:
        num_classes = model.head.num_classes
        if num_classes != len(reference.categories):
            result.findings.append(
                Finding(
                    ("model", "head", "num_classes"),
                    "num-classes-mismatch",
                    f"num_classes is {num_classes} but {reference.path} has "
                    f"{_category_text(reference)}; set num_classes: {len(reference.categories)}",
                )
            )
    if train is not None and data.batch_size > train.num_images:
        result.findings.append(
            Finding(
                ("data", "batch_size"),
                "batch-size",
                f"batch_size {data.batch_size} is larger than the {train.num_images} training "
                f"images in {train.path}; use batch_size: {max(1, train.num_images)} or less",
            )
        )  # a warning: the run still trains (one smaller batch per epoch), so check on
    return train


def _check_schedule(
    train: TrainConfig, data: DataConfig | None, info: AnnotationsInfo | None, result: CheckResult
) -> None:
    scheduler = train.scheduler
    if isinstance(scheduler, StepSchedulerConfig):
        late = [m for m in scheduler.milestones if m >= train.epochs]
        if late:
            result.findings.append(
                Finding(
                    ("train", "scheduler", "milestones"),
                    "schedule",
                    f"milestone {late[0]} is not before the end of the run (train.epochs is "
                    f"{train.epochs}); milestones must be epochs in [1, {train.epochs - 1}]",
                )
            )
    if data is None or info is None or info.num_images == 0:
        return
    steps_per_epoch = math.ceil(info.num_images / data.batch_size)
    total = steps_per_epoch * train.epochs
    result.steps_per_epoch = steps_per_epoch
    result.total_steps = total
    warmup = getattr(scheduler, "warmup_steps", 0)
    if isinstance(warmup, int) and warmup >= total:
        result.findings.append(
            Finding(
                ("train", "scheduler", "warmup_steps"),
                "schedule",
                f"warmup_steps {warmup} is not shorter than the run: {train.epochs} epochs x "
                f"{steps_per_epoch} steps (ceil({info.num_images} images / batch_size "
                f"{data.batch_size})) = {total} steps; use fewer warmup steps (e.g. "
                f"{max(0, total // 10)}) or train longer",
            )
        )


def _writable(folder: FsPath) -> str | None:
    """Why nothing can be created in ``folder`` (``None`` when something can).

    Creating (and at once removing) an empty folder is the only test that is right for
    root, read-only file systems and special folders such as /proc alike.
    """
    try:
        probe = tempfile.mkdtemp(prefix=".plugtrain-validate-", dir=folder)
    except OSError as error:
        return error.strerror or str(error)
    os.rmdir(probe)
    return None


def _check_output_dir(train: TrainConfig, result: CheckResult) -> None:
    path: Path = ("train", "output_dir")
    output = train.output_dir
    kind, problem = path_kind(output)
    if problem is not None:
        result.findings.append(
            Finding(path, "output-dir", f"output_dir {output} cannot be used: {problem}")
        )
        return
    why: str | None
    if kind != "missing":
        why = _writable(FsPath(output)) if kind == "folder" else "it exists and is not a folder"
        if why is not None:
            result.findings.append(
                Finding(path, "output-dir", f"output_dir {output} cannot be written: {why}")
            )
        return
    ancestor = FsPath(output).absolute().parent
    while path_kind(str(ancestor))[0] == "missing" and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if path_kind(str(ancestor))[0] != "folder":
        why = f"{ancestor} is not a folder"
    else:
        why = _writable(ancestor)
        why = None if why is None else f"nothing can be created in {ancestor} ({why})"
    if why is not None:
        result.findings.append(
            Finding(path, "output-dir", f"output_dir {output} cannot be created: {why}")
        )


def _check_model(model: ModelConfig, result: CheckResult) -> None:
    weights = model.backbone.weights
    if weights is not None:
        where: Path = ("model", "backbone", "weights")
        target = FsPath(weights)
        kind, problem = path_kind(weights)
        if kind == "missing":
            result.findings.append(_missing_path(where, weights, "weights file", problem))
        elif kind != "file":
            result.findings.append(
                Finding(where, "path-type", f"weights {weights} is a {kind}, not a file")
            )
        elif target.suffix.lower() not in _WEIGHT_SUFFIXES:
            result.findings.append(
                Finding(
                    where,
                    "weights-invalid",
                    f"weights {weights} is neither a .safetensors file nor a torch state dict "
                    f"(.pth, .pt)",
                )
            )


def static_checks(schema: SchemaResult) -> CheckResult:
    """Cross-field and file-system checks of every valid section of ``schema``."""
    result = CheckResult()
    model, data, train = schema.model, schema.data, schema.train
    if model is not None:
        _check_model(model, result)
    info = _check_data(data, model, result) if data is not None else None
    if train is not None:
        _check_schedule(train, data, info, result)
        _check_output_dir(train, result)
        result.findings += tracking_findings(train.tracking)
    return result
