"""Runs: the jobs that use what the builders build (train, resume, evaluate, summaries).

``train_from_config`` is what ``plugtrain train`` runs, for every learning setup: the
config's :class:`Setup` (``SETUPS[task.type]``) gives the model, task, data and
evaluation, the rest is shared. ``evaluate_checkpoint`` is ``plugtrain evaluate``;
``detector_from_checkpoint`` rebuilds a trained detector.
"""

from plugtrain.runs._distributed import (
    Processes,
    end_processes,
    gather_weight_digests,
    start_processes,
    wait_for_all,
)
from plugtrain.runs._domain_baseline import SOURCE_ONLY_OVERRIDES
from plugtrain.runs._domain_lambda import DomainLambdaSchedule
from plugtrain.runs._evaluate import evaluate_checkpoint, evaluate_detector
from plugtrain.runs._lr_find import (
    LR_FIND_KIND,
    LrChoice,
    choose_lr,
    lr_find_from_config,
    plot_lr_find,
)
from plugtrain.runs._output import RunFolder, prepare_output_dir
from plugtrain.runs._plots import (
    plot_training_curve,
    save_classification_grid,
    save_prediction_grid,
)
from plugtrain.runs._resume import config_differences, resume_checkpoint
from plugtrain.runs._setup import PreparedRun, Setup, no_artifacts
from plugtrain.runs._setup_classification import (
    ClassificationSetup,
    classification_eval_loader,
    evaluate_classifier,
    folder_set,
)
from plugtrain.runs._setup_detection import DetectionSetup
from plugtrain.runs._setup_domain import DomainAdversarialSetup, domain_accuracy
from plugtrain.runs._setups import SETUPS, setup_of
from plugtrain.runs._summary import RunSummary, write_summary
from plugtrain.runs._train import train_from_config
from plugtrain.runs._trained import (
    TrainedDetector,
    detector_from_checkpoint,
    require_config,
    without_weights,
)

__all__ = [
    "LR_FIND_KIND",
    "SETUPS",
    "SOURCE_ONLY_OVERRIDES",
    "ClassificationSetup",
    "DetectionSetup",
    "DomainAdversarialSetup",
    "DomainLambdaSchedule",
    "LrChoice",
    "PreparedRun",
    "Processes",
    "RunFolder",
    "RunSummary",
    "Setup",
    "TrainedDetector",
    "choose_lr",
    "classification_eval_loader",
    "config_differences",
    "detector_from_checkpoint",
    "domain_accuracy",
    "end_processes",
    "evaluate_checkpoint",
    "evaluate_classifier",
    "evaluate_detector",
    "folder_set",
    "gather_weight_digests",
    "lr_find_from_config",
    "no_artifacts",
    "plot_lr_find",
    "plot_training_curve",
    "prepare_output_dir",
    "require_config",
    "resume_checkpoint",
    "save_classification_grid",
    "save_prediction_grid",
    "setup_of",
    "start_processes",
    "train_from_config",
    "wait_for_all",
    "without_weights",
    "write_summary",
]
