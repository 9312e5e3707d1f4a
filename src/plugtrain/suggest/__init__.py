"""``plugtrain suggest``: a complete, commented config chosen for a data set and this machine.

Typical use::

    suggestion = suggest_config("data/train", "data/train.json", time_budget_minutes=10)
    Path("suggested.yaml").write_text(suggestion.to_yaml())
    for warning in suggestion.warnings:
        print(warning)

The statistics (:func:`profile_coco`) and the rules (``choose_*``) are torch-free pure
functions; :func:`suggest_config` also validates candidates (the dry run's cost gives the
activation memory per image) and times real training steps (:func:`measure_steps`).
"""

from plugtrain.suggest._measure import (
    StepTiming,
    available_memory_mib,
    default_device,
    measure_steps,
)
from plugtrain.suggest._profile import BoxStats, DataProfile, percentile, profile_coco
from plugtrain.suggest._render import render_config
from plugtrain.suggest._rules import (
    MIN_CELLS,
    BatchChoice,
    LevelChoice,
    ScheduleChoice,
    SizeChoice,
    choose_batch_size,
    choose_image_size,
    choose_levels,
    choose_lr,
    choose_max_detections,
    choose_schedule,
    data_warnings,
)
from plugtrain.suggest._split import GROUP_KEYS, VAL_FRACTION, HeldOutSplit, hold_out
from plugtrain.suggest._suggest import EVAL_OVERHEAD, Reason, Suggestion, suggest_config

__all__ = [
    "EVAL_OVERHEAD",
    "GROUP_KEYS",
    "MIN_CELLS",
    "VAL_FRACTION",
    "BatchChoice",
    "BoxStats",
    "DataProfile",
    "HeldOutSplit",
    "LevelChoice",
    "Reason",
    "ScheduleChoice",
    "SizeChoice",
    "StepTiming",
    "Suggestion",
    "available_memory_mib",
    "choose_batch_size",
    "choose_image_size",
    "choose_levels",
    "choose_lr",
    "choose_max_detections",
    "choose_schedule",
    "data_warnings",
    "default_device",
    "hold_out",
    "measure_steps",
    "percentile",
    "profile_coco",
    "render_config",
    "suggest_config",
]
