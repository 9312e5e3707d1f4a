"""Locs without union tags, positions from the YAML nodes, every problem at once."""

from pathlib import Path

import pytest

from plugtrain.config import (
    ExperimentConfig,
    ResNetBackboneConfig,
    config_source_from_text,
    format_loc,
    validate_source,
)
from plugtrain.config._schema_walk import resolve_loc
from plugtrain.errors import ConfigIssue

REFERENCE = (Path(__file__).resolve().parents[3] / "configs" / "shapes_fcos.yaml").read_text()


def _issues(text: str) -> list[ConfigIssue]:
    return validate_source(config_source_from_text(text, file="c.yaml")).issues()


def test_union_tags_are_stripped_from_locs() -> None:
    resolved = resolve_loc(ExperimentConfig, ("model", "backbone", "resnet", "dpeth"))
    assert resolved.path == ("model", "backbone", "dpeth")
    assert resolved.owner is ResNetBackboneConfig
    scheduler = resolve_loc(ExperimentConfig, ("train", "scheduler", "step", "milestones", 1))
    assert scheduler.path == ("train", "scheduler", "milestones", 1)


def test_a_key_named_like_a_tag_is_not_a_tag() -> None:
    # "fpn" is the neck's type, but the neck is not a union: no tag is stripped
    assert resolve_loc(ExperimentConfig, ("model", "neck", "fpn")).path == ("model", "neck", "fpn")


def test_list_elements_are_reported_at_their_list() -> None:
    assert format_loc(("data", "image_size", 1)) == "data.image_size"
    assert format_loc(()) == ""


def test_every_problem_at_once_in_file_order() -> None:
    text = (
        REFERENCE.replace("depth: 18", "depth: 19")
        .replace("num_convs: 4", "num_convs: four")
        .replace("batch_size: 8", "batch_size: -8")
        .replace("  seed: 0", "  sed: 0")
        .replace("type: cosine ", "type: cosnie ")
    )
    assert [(i.loc, i.line, i.code) for i in _issues(text)] == [
        ("model.backbone.depth", 8, "value"),
        ("model.head.num_convs", 20, "type"),
        ("data.batch_size", 35, "value"),
        ("train.sed", 39, "unknown-key"),
        ("train.scheduler.type", 46, "unknown-type"),
    ]


def test_columns_point_at_values_and_keys() -> None:
    (value,) = _issues(REFERENCE.replace("lr: 0.01", "lr: -1"))
    assert (value.line, value.column) == (42, 9)
    (key,) = _issues(REFERENCE.replace("lr: 0.01", "lrr: 0.01"))
    assert (key.line, key.column) == (42, 5)


def test_a_problem_with_a_block_value_points_at_its_key() -> None:
    (issue,) = _issues(REFERENCE.replace("  batch_size: 8", "  batch_size:\n    - 8"))
    assert (issue.loc, issue.line, issue.column, issue.code) == ("data.batch_size", 35, 3, "type")


def test_a_missing_key_points_at_its_section() -> None:
    (issue,) = _issues(REFERENCE.replace("    annotations: data/shapes/val.json\n", ""))
    assert (issue.loc, issue.line, issue.column) == ("data.val.annotations", 30, 3)


def test_a_missing_section_points_at_the_start_of_the_file() -> None:
    text = REFERENCE.split("data:\n")[0]
    (issue,) = _issues(text)
    assert (issue.loc, issue.line, issue.column, issue.code) == ("data", 1, 1, "missing")
    assert "required key 'data' is missing in the top level" in issue.message


def test_merge_keys_are_followed() -> None:
    text = (
        "model:\n"
        "  backbone: {type: resnet}\n"
        "  head: &head {type: fcos, num_classes: 3, num_convs: -1}\n"
        "data:\n"
        "  train: {images: a, annotations: b}\n"
        "train:\n"
        "  optimizer:\n"
        "    <<: {type: sgd, lr: -1}\n"
        "    momentum: 0.5\n"
    )
    issues = _issues(text)
    assert [(i.loc, i.line, i.code) for i in issues] == [
        ("model.head.num_convs", 3, "value"),
        ("train.optimizer.lr", 8, "value"),
    ]


def test_an_unknown_key_that_is_a_typo_of_a_required_key_is_one_issue() -> None:
    (issue,) = _issues(REFERENCE.replace("num_classes: 3", "num_class: 3"))
    assert (issue.loc, issue.code) == ("model.head.num_class", "unknown-key")
    assert issue.message.endswith("('num_classes' is required)")


def test_an_unrelated_unknown_key_does_not_hide_a_missing_one() -> None:
    issues = _issues(REFERENCE.replace("num_classes: 3", "colour: red"))
    assert [(i.loc, i.code) for i in issues] == [
        ("model.head.num_classes", "missing"),
        ("model.head.colour", "unknown-key"),
    ]


def test_suggestions_ignore_case() -> None:
    (issue,) = _issues(REFERENCE.replace("type: fcos ", "type: FCOS "))
    assert "did you mean 'fcos'?" in issue.message


def test_several_bad_elements_of_one_list_are_one_issue() -> None:
    (issue,) = _issues(REFERENCE.replace("image_size: [320, 320]", 'image_size: ["a", "b"]'))
    assert (issue.loc, issue.code) == ("data.image_size", "type")
    assert "(element 1)" in issue.message
    assert "(and 1 more element(s))" in issue.message


@pytest.mark.parametrize("section", ["model", "data", "train"])
def test_valid_sections_survive_a_broken_one(section: str) -> None:
    text = REFERENCE.replace("batch_size: 8", "batch_size: x")
    result = validate_source(config_source_from_text(text))
    assert result.config is None
    assert (section in result.sections) is (section != "data")


def test_a_valid_config_has_every_section() -> None:
    result = validate_source(config_source_from_text(REFERENCE))
    assert result.config is not None
    assert set(result.sections) == {"task", "model", "data", "train", "eval"}
    assert result.model is result.config.model
