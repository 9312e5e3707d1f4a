"""One row per task type in every table a setup fills: builders, dry runs, setups."""

from plugtrain.builders import MODEL_BUILDERS
from plugtrain.config import TASK_TYPES
from plugtrain.runs import SETUPS, Setup
from plugtrain.validation._task_dry_run import TASK_LOSSES


def test_every_task_type_has_a_model_builder_and_a_setup() -> None:
    assert set(MODEL_BUILDERS) == set(TASK_TYPES)
    assert set(SETUPS) == set(TASK_TYPES)
    assert all(isinstance(setup, Setup) for setup in SETUPS.values())


def test_every_task_but_detection_has_a_dry_run_loss() -> None:
    # detection's dry run is its own (anchors, targets, postprocessing)
    assert set(TASK_LOSSES) == set(TASK_TYPES) - {"detection"}
