"""The one check that a config fits its task: head, data formats, unlabeled set, metric.

Every task config states its needs as a :class:`TaskRequirements`; this module is the only
place that compares them with the rest of the config, so each setup gets the same
``task-mismatch`` findings (with file and line) at the key to change.
"""

from collections.abc import Callable

from plugtrain.config._findings import Finding, Path
from plugtrain.config._load import SchemaResult
from plugtrain.config._task import TASK_TYPES, TaskConfig, TaskRequirements

__all__ = ["check_task"]


def _requirements(task_type: str) -> TaskRequirements:
    return TASK_TYPES[task_type].requirements


def _others(task: TaskConfig, accepts: Callable[[TaskRequirements], bool]) -> str:
    """``"; or set task.type: classification"`` naming the tasks that would take it."""
    fitting = [name for name in TASK_TYPES if name != task.type and accepts(_requirements(name))]
    if not fitting:
        return ""
    return f", or set task.type: {' or '.join(fitting)} (the setup that takes it)"


def _choices(values: tuple[str, ...]) -> str:
    return " or ".join(values)


def _format_finding(task: TaskConfig, name: str, fmt: str, allowed: tuple[str, ...]) -> Finding:
    is_train = name == "train"
    path: Path = ("data", name, "format")
    return Finding(
        path,
        "task-mismatch",
        f"the {task.type} task reads data.{name} as format {_choices(allowed)}, not {fmt}; "
        f"set data.{name}.format: {allowed[0]}"
        + _others(
            task,
            lambda r: fmt in (r.train_formats if is_train else r.val_formats),
        ),
    )


def check_task(schema: SchemaResult) -> list[Finding]:
    """Findings where the valid sections of ``schema`` do not fit its ``task``."""
    task = schema.task
    if task is None:
        return []
    needs = task.requirements
    findings: list[Finding] = []
    model = schema.model
    if model is not None and model.head.type not in needs.head_types:
        head = model.head.type
        findings.append(
            Finding(
                ("model", "head", "type"),
                "task-mismatch",
                f"the {task.type} task trains a {_choices(needs.head_types)} head, not "
                f"{head}; set model.head.type: {needs.head_types[0]}"
                + _others(task, lambda r: head in r.head_types),
            )
        )
    if model is not None and model.neck is not None and not needs.neck:
        findings.append(
            Finding(
                ("model", "neck"),
                "task-mismatch",
                f"the {task.type} model has no neck (its head reads the backbone's last "
                f"level), and model.neck is {model.neck.type} when left out; set model.neck: "
                f"null",
            )
        )
    data = schema.data
    if data is not None:
        if data.train.format not in needs.train_formats:
            findings.append(_format_finding(task, "train", data.train.format, needs.train_formats))
        if data.val is not None and data.val.format not in needs.val_formats:
            findings.append(_format_finding(task, "val", data.val.format, needs.val_formats))
        if needs.needs_unlabeled and data.unlabeled is None:
            findings.append(
                Finding(
                    ("data", "unlabeled"),
                    "task-mismatch",
                    f"the {task.type} task learns from unlabeled images: add data.unlabeled: "
                    f"{{format: images, images: FOLDER}}",
                )
            )
        if not needs.needs_unlabeled and data.unlabeled is not None:
            findings.append(
                Finding(
                    ("data", "unlabeled"),
                    "task-mismatch",
                    f"the {task.type} task does not read unlabeled images; remove "
                    f"data.unlabeled" + _others(task, lambda r: r.needs_unlabeled),
                )
            )
    evaluation = schema.eval
    if (
        evaluation is not None
        and evaluation.metric is not None
        and evaluation.metric not in needs.metrics
    ):
        metric = evaluation.metric
        findings.append(
            Finding(
                ("eval", "metric"),
                "task-mismatch",
                f"the {task.type} task reports {', '.join(needs.metrics)}, not {metric}; set "
                f"eval.metric: {needs.metrics[0]} (or leave it out for the task's first)"
                + _others(task, lambda r: metric in r.metrics),
            )
        )
    return findings
