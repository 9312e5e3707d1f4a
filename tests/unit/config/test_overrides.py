"""key.path=value overrides: parsed as YAML, validated like the file, errors name them."""

from pathlib import Path

import pytest

from plugtrain.config import (
    ConfigSource,
    ResNetBackboneConfig,
    config_source_from_text,
    parse_config,
    validate_source,
)
from plugtrain.errors import ConfigError, ConfigIssue

REFERENCE = (Path(__file__).resolve().parents[3] / "configs" / "shapes_fcos.yaml").read_text()


def _issues(overrides: list[str], text: str = REFERENCE) -> list[ConfigIssue]:
    source = config_source_from_text(text, file="ref.yaml", overrides=overrides)
    return validate_source(source).issues()


def test_values_are_yaml() -> None:
    config = parse_config(
        REFERENCE,
        overrides=[
            "train.epochs=20",
            "data.image_size=[256, 384]",
            "model.backbone.depth=50",
            "train.optimizer.lr=1e-3",
            "data.val=null",
            "model.backbone={type: tiny, channels: [8, 16, 32, 64]}",
            "train.output_dir=runs/a=b",
        ],
    )
    assert config.train.epochs == 20
    assert config.data.image_size == [256, 384]
    assert config.train.optimizer.lr == 1e-3
    assert config.data.val is None
    assert config.model.backbone.type == "tiny"
    assert config.train.output_dir == "runs/a=b"


def test_later_overrides_win_and_can_reach_into_lists() -> None:
    config = parse_config(
        REFERENCE, overrides=["train.epochs=5", "train.epochs=7", "data.image_size.1=256"]
    )
    assert config.train.epochs == 7
    assert config.data.image_size == [320, 256]


def test_an_override_may_create_a_section() -> None:
    config = parse_config(REFERENCE, overrides=["eval.metric=map50"])
    assert config.eval.metric == "map50"


def test_a_bad_value_is_reported_in_the_override() -> None:
    (issue,) = _issues(["train.epochs=abc"])
    assert issue == ConfigIssue(
        loc="train.epochs",
        code="type",
        message="expected an integer, got 'abc' (a string) (passes over the training set, at "
        "most 100,000: more is a typo that would run for months)",
        file="<override 1: train.epochs=abc>",
        line=1,
        column=14,
    )


def test_an_unknown_key_is_reported_in_the_override() -> None:
    (issue,) = _issues(["train.epoch=3"])
    assert (issue.loc, issue.code, issue.file, issue.line, issue.column) == (
        "train.epoch",
        "unknown-key",
        "<override 1: train.epoch=3>",
        1,
        1,
    )
    assert "did you mean 'epochs'?" in issue.message


def test_a_problem_inside_an_overridden_part_points_into_the_override() -> None:
    (issue,) = _issues(["train.seed=1", "model.backbone={type: tiny, widht: 3}"])
    assert (issue.loc, issue.code, issue.file, issue.column) == (
        "model.backbone.widht",
        "unknown-key",
        "<override 2: model.backbone={type: tiny, widht: 3}>",
        29,
    )


def test_problems_of_the_file_keep_their_lines() -> None:
    issues = _issues(["train.epochs=0"], REFERENCE.replace("depth: 18", "depth: 19"))
    assert [(i.loc, i.file, i.line) for i in issues] == [
        ("model.backbone.depth", "ref.yaml", 8),
        ("train.epochs", "<override 1: train.epochs=0>", 1),
    ]


@pytest.mark.parametrize("override", ["epochs", "=3", "train..epochs=3", "train.epochs", ".a=1"])
def test_malformed_overrides(override: str) -> None:
    (issue,) = _issues([override])
    assert (issue.loc, issue.code, issue.file, issue.line, issue.column) == (
        "",
        "override-syntax",
        f"<override 1: {override}>",
        1,
        1,
    )
    assert "is not of the form key.path=value" in issue.message


def test_an_override_through_a_value_that_is_not_a_section() -> None:
    (issue,) = _issues(["train.epochs.max=3"])
    assert (issue.loc, issue.code, issue.file) == (
        "train.epochs",
        "override-path",
        "<override 1: train.epochs.max=3>",
    )
    assert "train.epochs is the int 12, not a section" in issue.message


def test_an_override_past_the_end_of_a_list() -> None:
    (issue,) = _issues(["data.image_size.2=3"])
    assert (issue.code, issue.file) == ("override-path", "<override 1: data.image_size.2=3>")
    assert "the list has 2 element(s)" in issue.message


def test_yaml_errors_in_an_override_value() -> None:
    (issue,) = _issues(["data.image_size=[1,"])
    assert (issue.code, issue.file, issue.line, issue.column) == (
        "yaml-syntax",
        "<override 1: data.image_size=[1,>",
        1,
        17,
    )
    (tagged,) = _issues(["model.backbone.weights=!!python/name:os.system"])
    assert (tagged.code, tagged.loc) == ("unsafe-tag", "model.backbone.weights")


def test_a_literal_needs_no_quotes_but_a_quoted_number_is_a_string() -> None:
    backbone = parse_config(REFERENCE, overrides=["model.backbone.depth=34"]).model.backbone
    assert isinstance(backbone, ResNetBackboneConfig)
    assert backbone.depth == 34
    (issue,) = _issues(['model.backbone.depth="34"'])
    assert (issue.code, issue.loc) == ("type", "model.backbone.depth")


def test_the_source_keeps_the_override_texts() -> None:
    source: ConfigSource = config_source_from_text(REFERENCE, overrides=["train.seed=3", "x"])
    assert source.override_texts == ("train.seed=3", "x")
    assert source.label(2) == "<override 2: x>"
    assert source.origin("<override 1: train.seed=3>") == 1


def test_parse_config_raises_every_problem() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(REFERENCE, overrides=["train.epochs=0", "data.batch_size=0"])
    assert [i.loc for i in caught.value.issues] == ["train.epochs", "data.batch_size"]
    assert "2 problems in the config" in str(caught.value)
