"""Static checks across fields and against the file system (no torch, no weights built).

Each check runs on the sections it needs that are valid, so one broken section does not
hide the problems of the others. Paths are relative to the current working directory.
"""

import math
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Final

from plugtrain.config._data import (
    CocoDatasetConfig,
    DataConfig,
    FolderDatasetConfig,
    ImagesDatasetConfig,
    SetConfig,
)
from plugtrain.config._ema_schedule import default_warmup_updates, first_weights_share
from plugtrain.config._findings import Finding, Path
from plugtrain.config._load import SchemaResult
from plugtrain.config._model import ModelConfig
from plugtrain.config._paths import path_kind
from plugtrain.config._task_checks import check_task
from plugtrain.config._task_semi_checks import (
    EpochItems,
    check_burn_in,
    check_semi_supervised,
    epoch_items,
)
from plugtrain.config._tracking import tracking_findings
from plugtrain.config._train import StepSchedulerConfig, TrainConfig
from plugtrain.io import FolderProblem, list_class_folders, list_image_folder, parse_coco

__all__ = [
    "AnnotationsInfo",
    "CheckResult",
    "SetFacts",
    "check_image_folder",
    "read_annotations",
    "static_checks",
]

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
    unlabeled_images: int | None = None
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


@dataclass(frozen=True, slots=True)
class SetFacts:
    """What the checks learnt of one data set, whatever its format.

    ``source``: the file or folder that names its contents (for messages); ``names``: the
    class names in label order (``None`` for unlabeled images); ``identity``: what must be
    equal between the training and the validation set (COCO: ids and names).
    """

    source: str
    num_images: int
    names: tuple[str, ...] | None
    identity: tuple[tuple[int, str], ...]
    kind: str

    def describe(self) -> str:
        names = self.names or ()
        shown = ", ".join(names[:8]) + (", ..." if len(names) > 8 else "")
        return f"{len(names)} {self.kind} ({shown})"


def _problems_finding(path: Path, problems: Sequence[FolderProblem]) -> Finding:
    shown = "; ".join(p.message for p in problems[:_SHOWN])
    more = f" (and {len(problems) - _SHOWN} more)" if len(problems) > _SHOWN else ""
    return Finding(path, "dataset-invalid", f"{shown}{more}; check it with plugtrain data check")


def _existing_folder(path: Path, folder: str, what: str) -> Finding | None:
    kind, problem = path_kind(folder)
    if kind == "missing":
        return _missing_path(path, folder, what, problem)
    if kind != "folder":
        return Finding(path, "path-type", f"{what} {folder} is a {kind}, not a folder")
    return None


def _check_folders(
    base: Path, dataset: FolderDatasetConfig, result: CheckResult
) -> SetFacts | None:
    where: Path = (*base, "root")
    missing = _existing_folder(where, dataset.root, "class folders root")
    if missing is not None:
        result.findings.append(missing)
        return None
    listing = list_class_folders(dataset.root)
    if listing.problems:
        result.findings.append(_problems_finding(where, listing.problems))
    if not listing.classes:
        return None
    return SetFacts(
        source=dataset.root,
        num_images=len(listing.samples),
        names=listing.classes,
        identity=tuple(enumerate(listing.classes)),
        kind="class folders",
    )


def check_image_folder(
    base: Path, dataset: ImagesDatasetConfig, result: CheckResult
) -> SetFacts | None:
    """The ``images`` set ``dataset`` at config path ``base``: exists, holds only images."""
    where: Path = (*base, "images")
    missing = _existing_folder(where, dataset.images, "images folder")
    if missing is not None:
        result.findings.append(missing)
        return None
    listing = list_image_folder(dataset.images)
    if listing.problems:
        result.findings.append(_problems_finding(where, listing.problems))
    return SetFacts(dataset.images, len(listing.files), None, (), "images")


def _check_dataset(name: str, dataset: SetConfig, result: CheckResult) -> SetFacts | None:
    base: Path = ("data", name)
    if isinstance(dataset, FolderDatasetConfig):
        return _check_folders(base, dataset, result)
    if isinstance(dataset, ImagesDatasetConfig):
        return check_image_folder(base, dataset, result)
    info, findings = read_annotations((*base, "annotations"), dataset.annotations)
    result.findings += findings
    result.findings += _check_images_folder((*base, "images"), dataset.images, info)
    if info is None:
        return None
    return SetFacts(
        source=info.path,
        num_images=info.num_images,
        names=tuple(name for _, name in info.categories),
        identity=info.categories,
        kind="categories",
    )


def _check_data(
    data: DataConfig, model: ModelConfig | None, result: CheckResult
) -> SetFacts | None:
    train = _check_dataset("train", data.train, result)
    val = _check_dataset("val", data.val, result) if data.val is not None else None
    if data.unlabeled is not None:
        unlabeled = check_image_folder(("data", "unlabeled"), data.unlabeled, result)
        result.unlabeled_images = None if unlabeled is None else unlabeled.num_images
    if train is not None:
        result.train_images = train.num_images
        result.categories = train.names
    if val is not None:
        result.val_images = val.num_images
    if (
        train is not None
        and val is not None
        and train.names is not None
        and val.names is not None
        and train.identity != val.identity
    ):
        where = "annotations" if isinstance(data.val, CocoDatasetConfig) else "root"
        result.findings.append(
            Finding(
                ("data", "val", where),
                "categories-mismatch",
                f"{val.source} has {val.describe()} but {train.source} has "
                f"{train.describe()}; train and val must have the same "
                f"{'category ids and names' if train.kind == 'categories' else train.kind}",
            )
        )
    reference = next((s for s in (train, val) if s is not None and s.names is not None), None)
    # a head with no classes (reconstruction, projection) reads the labels of no set
    if (
        model is not None
        and model.head.num_classes
        and reference is not None
        and reference.names is not None
    ):
        num_classes = model.head.num_classes
        if num_classes != len(reference.names):
            result.findings.append(
                Finding(
                    ("model", "head", "num_classes"),
                    "num-classes-mismatch",
                    f"num_classes is {num_classes} but {reference.source} has "
                    f"{reference.describe()}; set num_classes: {len(reference.names)}",
                )
            )
    if train is not None and data.batch_size > train.num_images:
        result.findings.append(
            Finding(
                ("data", "batch_size"),
                "batch-size",
                f"batch_size {data.batch_size} is larger than the {train.num_images} training "
                f"images in {train.source}; use batch_size: {max(1, train.num_images)} or less",
            )
        )  # a warning: the run still trains (one smaller batch per epoch), so check on
    return train


def _check_schedule(
    train: TrainConfig, data: DataConfig | None, epoch: EpochItems | None, result: CheckResult
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
    if data is None or epoch is None or epoch.items == 0:
        return
    steps_per_epoch = math.ceil(epoch.items / data.batch_size)
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
                f"{steps_per_epoch} steps (ceil({epoch.how} / batch_size "
                f"{data.batch_size})) = {total} steps; use fewer warmup steps (e.g. "
                f"{max(0, total // 10)}) or train longer",
            )
        )


# Above this share of the first update's weights left in the final average, the average
# (what evaluation, the best checkpoint and export use) is still mostly an untrained model.
_EMA_EARLY_SHARE: Final = 0.05


def _check_ema(train: TrainConfig, result: CheckResult) -> None:
    ema = train.ema
    if ema is None or ema.warmup_updates is None or result.total_steps is None:
        return  # the default ramp never leaves the start's weights a large share
    updates = result.total_steps // ema.every_steps
    share = first_weights_share(ema.decay, ema.warmup_updates, updates)
    if share <= _EMA_EARLY_SHARE or updates <= 1:
        return
    lower = _EMA_EARLY_SHARE ** (1.0 / (updates - 1))
    result.findings.append(
        Finding(
            ("train", "ema", "warmup_updates"),
            "schedule",
            f"the weight average ends the run's {updates} updates still holding "
            f"{share:.0%} of the first update's (nearly untrained) weights (decay "
            f"{ema.decay}, warmup_updates {ema.warmup_updates}), and it is what evaluation, "
            f"the best checkpoint and export use; remove warmup_updates (the default ramps "
            f"over 1 / (1 - decay) = {default_warmup_updates(ema.decay)} updates) or lower decay "
            f"to {math.floor(lower * 1000) / 1000} or less",
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
    result.findings += check_task(schema)
    result.findings += check_semi_supervised(schema)
    if train is not None:
        _check_schedule(
            train,
            data,
            epoch_items(schema, None if info is None else info.num_images, result.unlabeled_images),
            result,
        )
        result.findings += check_burn_in(schema, result.total_steps)
        _check_ema(train, result)
        _check_output_dir(train, result)
        result.findings += tracking_findings(train.tracking)
    return result
