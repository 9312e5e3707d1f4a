"""What only the semi-supervised task asks of the rest of a config."""

from plugtrain.config._findings import Finding
from plugtrain.config._load import SchemaResult
from plugtrain.config._task_semi import SemiSupervisedTaskConfig

__all__ = ["check_semi_supervised"]


def check_semi_supervised(schema: SchemaResult) -> list[Finding]:
    """``train.ema`` next to a mean teacher: the teacher already is the weight average."""
    train = schema.train
    if not isinstance(schema.task, SemiSupervisedTaskConfig) or train is None:
        return []
    if train.ema is None:
        return []
    return [
        Finding(
            ("train", "ema"),
            "task-mismatch",
            "the semi_supervised task keeps its own weight average, the teacher (evaluated, "
            "checkpointed and used by predict and export like train.ema's); remove train.ema "
            f"and set the teacher's schedule at task.teacher (e.g. task.teacher.decay: "
            f"{train.ema.decay})",
        )
    ]
