"""The ``task`` section: its union, the requirements of each task, the one checker."""

from pathlib import Path

import pytest

from plugtrain.config import (
    TASK_TYPES,
    ClassificationTaskConfig,
    DetectionTaskConfig,
    TaskConfigBase,
    TaskRequirements,
    config_json_schema,
    parse_config,
)
from plugtrain.validation import validate_config_text

REFERENCE = Path(__file__).resolve().parents[3] / "configs" / "shapes_fcos.yaml"


def test_every_task_type_states_its_requirements() -> None:
    assert set(TASK_TYPES) >= {"detection", "classification"}
    for name, member in TASK_TYPES.items():
        assert issubclass(member, TaskConfigBase), name
        needs = member.requirements
        assert isinstance(needs, TaskRequirements)
        assert needs.head_types, name
        assert needs.train_formats, name
        assert needs.metrics, name


def test_a_config_without_task_is_detection() -> None:
    config = parse_config(REFERENCE.read_text())
    assert config.task == DetectionTaskConfig()
    assert config.monitored_metric == "map"
    assert config.metric_goal == "max"


def test_the_task_is_a_discriminated_union_in_the_schema() -> None:
    text = str(config_json_schema())
    assert "'const': 'classification'" in text
    assert "'const': 'detection'" in text


def test_an_unknown_task_type_is_a_located_issue() -> None:
    with pytest.raises(Exception, match="unknown task type 'clasification'") as caught:
        parse_config("task: {type: clasification}\n" + REFERENCE.read_text(), file="c.yaml")
    assert "did you mean 'classification'" in str(caught.value)
    assert "c.yaml:1:" in str(caught.value)


_CLASSIFICATION_WITH_DETECTION_PARTS = """\
task: {type: classification}
model:
  backbone: {type: tiny}
  head: {type: fcos, num_classes: 3}
data:
  train: {images: data/shapes/train, annotations: data/shapes/train.json}
  image_size: [64, 64]
eval: {metric: map50}
"""


@pytest.mark.usefixtures("workspace")
def test_each_requirement_the_config_misses_is_one_issue_at_its_key() -> None:
    report = validate_config_text(_CLASSIFICATION_WITH_DETECTION_PARTS, file="c.yaml")
    found = {(i.loc, i.line): i.message for i in report.issues if i.code == "task-mismatch"}
    assert set(found) == {
        ("model.neck", 2),
        ("model.head.type", 4),
        ("data.train.format", 6),
        ("eval.metric", 8),
    }
    assert found[("model.head.type", 4)] == (
        "the classification task trains a classification head, not fcos; set "
        "model.head.type: classification, or set task.type: detection (the setup that takes it)"
    )
    assert found[("data.train.format", 6)].startswith(
        "the classification task reads data.train as format folders, not coco; set "
        "data.train.format: folders"
    )
    assert "set model.neck: null" in found[("model.neck", 2)]
    assert "reports top1_accuracy, not map50" in found[("eval.metric", 8)]
    assert not report.ok


@pytest.mark.usefixtures("workspace")
def test_an_unlabeled_set_the_task_does_not_read_is_refused() -> None:
    text = REFERENCE.read_text().replace(
        "  image_size:", "  unlabeled: {format: images, images: data/shapes/val}\n  image_size:"
    )
    report = validate_config_text(text, file="c.yaml", dry_run=False)
    assert [(i.loc, i.code) for i in report.issues] == [("data.unlabeled", "task-mismatch")]
    assert "the detection task does not read unlabeled images" in report.issues[0].message


def test_classification_metric_and_goal() -> None:
    assert ClassificationTaskConfig.requirements.metrics == ("top1_accuracy",)
    assert ClassificationTaskConfig.requirements.neck is False
