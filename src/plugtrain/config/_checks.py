"""Static checks across fields and against the file system (no torch, no weights built).

Each check runs on the sections it needs that are valid, so one broken section does not
hide the problems of the others. Paths are relative to the current working directory.
"""

import json
import math
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Final, cast

from plugtrain.config._data import DataConfig, DatasetConfig
from plugtrain.config._findings import Finding, Path
from plugtrain.config._load import SchemaResult
from plugtrain.config._model import ModelConfig, RetinaNetHeadConfig
from plugtrain.config._paths import path_kind
from plugtrain.config._train import StepSchedulerConfig, TrainConfig

__all__ = ["AnnotationsInfo", "CheckResult", "read_annotations", "static_checks"]

_GN_GROUPS: Final = 32
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
    facts: dict[str, object] = field(default_factory=dict[str, object])


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


def _categories(
    path: Path, file: str, raw: object
) -> tuple[tuple[tuple[int, str], ...], list[Finding]]:
    if not isinstance(raw, list) or not raw:
        return (), [_invalid(path, file, "'categories' must be a non-empty list")]
    pairs: list[tuple[int, str]] = []
    for index, item in enumerate(cast(list[object], raw)):
        entry: Mapping[str, object] = (
            cast(Mapping[str, object], item) if isinstance(item, dict) else {}
        )
        category_id, name = entry.get("id"), entry.get("name")
        if isinstance(category_id, bool) or not isinstance(category_id, int):
            return (), [_invalid(path, file, f"categories[{index}] has no integer 'id'")]
        if not isinstance(name, str):
            return (), [_invalid(path, file, f"categories[{index}] has no string 'name'")]
        pairs.append((category_id, name))
    ids = [category_id for category_id, _ in pairs]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        return (), [_invalid(path, file, f"category id {repeated[0]} is used twice")]
    return tuple(sorted(pairs)), []


def read_annotations(path: Path, file: str) -> tuple[AnnotationsInfo | None, list[Finding]]:
    """Read the image file names and the categories of the COCO file ``file``.

    ``path`` is the config path of the setting that names the file (for findings).
    """
    target = FsPath(file)
    kind, problem = path_kind(file)
    if kind == "missing":
        return None, [_missing_path(path, file, "annotation file", problem)]
    if kind != "file":
        return None, [Finding(path, "path-type", f"annotation file {file} is a {kind}, not a file")]
    try:
        with target.open("rb") as handle:
            document: object = json.load(handle)
    except OSError as error:
        return None, [Finding(path, "path-unreadable", f"cannot read {file}: {error.strerror}")]
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        return None, [_invalid(path, file, f"invalid JSON at {where} ({error.msg})")]
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        return None, [_invalid(path, file, f"not JSON text ({type(error).__name__})")]
    if not isinstance(document, dict):
        return None, [_invalid(path, file, "the top level must be an object")]
    top = cast(Mapping[str, object], document)
    images = top.get("images")
    if not isinstance(images, list):
        return None, [_invalid(path, file, "'images' must be a list")]
    categories, problems = _categories(path, file, top.get("categories"))
    if problems:
        return None, problems
    names = tuple(
        cast(str, entry.get("file_name"))
        for entry in (
            cast(Mapping[str, object], item)
            for item in cast(list[object], images)
            if isinstance(item, dict)
        )
        if isinstance(entry.get("file_name"), str)
    )
    return AnnotationsInfo(file, names, categories), []


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
        result.facts["train_images"] = train.num_images
        result.facts["categories"] = [name for _, name in train.categories]
    if val is not None:
        result.facts["val_images"] = val.num_images
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
    result.facts["steps_per_epoch"] = steps_per_epoch
    result.facts["total_steps"] = total
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
    neck = model.neck
    if neck is not None and neck.norm == "gn" and neck.channels % _GN_GROUPS:
        result.findings.append(
            Finding(
                ("model", "neck", "channels"),
                "value",
                f"channels {neck.channels} is not a multiple of {_GN_GROUPS}, which norm: gn "
                f"(GroupNorm, {_GN_GROUPS} groups) needs; use "
                f"{max(_GN_GROUPS, neck.channels // _GN_GROUPS * _GN_GROUPS)} or norm: none",
            )
        )
    head = model.head
    if isinstance(head, RetinaNetHeadConfig) and head.bg_iou_threshold > head.fg_iou_threshold:
        result.findings.append(
            Finding(
                ("model", "head", "bg_iou_threshold"),
                "value",
                f"bg_iou_threshold {head.bg_iou_threshold} is above fg_iou_threshold "
                f"{head.fg_iou_threshold}; anchors between them would be both; use "
                f"bg_iou_threshold <= fg_iou_threshold",
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
    return result
