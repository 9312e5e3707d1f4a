"""Every error class: its code, the builtin it resembles, its fields and its message text."""

import pytest

from plugtrain.errors import (
    ArgumentError,
    CheckpointError,
    CompatibilityError,
    ConfigError,
    ConfigIssue,
    DataError,
    ExportError,
    PlugtrainError,
    ShapeError,
    TrainingError,
)


@pytest.mark.parametrize(
    ("cls", "code", "builtin"),
    [
        (PlugtrainError, "PT000", Exception),
        (ConfigError, "PT100", ValueError),
        (ArgumentError, "PT110", ValueError),
        (ShapeError, "PT200", ValueError),
        (CompatibilityError, "PT300", ValueError),
        (DataError, "PT400", ValueError),
        (CheckpointError, "PT500", OSError),
        (TrainingError, "PT600", RuntimeError),
        (ExportError, "PT700", RuntimeError),
    ],
)
def test_codes_are_stable_and_classes_resemble_builtins(
    cls: type[PlugtrainError], code: str, builtin: type[Exception]
) -> None:
    assert cls.code == code
    assert issubclass(cls, PlugtrainError)
    assert issubclass(cls, builtin)


def test_codes_are_unique() -> None:
    classes: list[type[PlugtrainError]] = [
        PlugtrainError,
        ConfigError,
        ShapeError,
        CompatibilityError,
        DataError,
        CheckpointError,
        TrainingError,
        ExportError,
    ]
    assert len({c.code for c in classes}) == len(classes)


def test_base_error_message_carries_code() -> None:
    error = PlugtrainError("something went wrong")
    assert str(error) == "[PT000] something went wrong"
    assert error.message == "something went wrong"


def test_config_error_lists_every_issue_with_its_place() -> None:
    issues = [
        ConfigIssue(
            loc="model.backbone.dpeth",
            code="unknown-key",
            message="unknown key 'dpeth'; did you mean 'depth'?",
            file="exp.yaml",
            line=4,
            column=5,
        ),
        ConfigIssue(loc="train.epochs", code="value", message="must be >= 1, got 0"),
    ]
    error = ConfigError(issues)
    assert error.issues == tuple(issues)
    assert str(error) == (
        "[PT100] 2 problems in the config:\n"
        "  exp.yaml:4:5 model.backbone.dpeth: [unknown-key] unknown key 'dpeth'; "
        "did you mean 'depth'?\n"
        "  train.epochs: [value] must be >= 1, got 0"
    )


def test_config_error_needs_an_issue() -> None:
    with pytest.raises(ValueError, match="at least one ConfigIssue"):
        ConfigError([])


def test_shape_error_fields_and_message() -> None:
    error = ShapeError(
        component="detector.neck (FPN)",
        method="forward",
        argument="features",
        expected="Float[Tensor, 'batch 256 h w']",
        actual="Tensor shape=(2, 128, 8, 8) dtype=float32 device=cpu",
        bindings={"batch": 2},
        reason="the dimension size 128 does not equal 256 as expected by the type hint",
    )
    assert error.component == "detector.neck (FPN)"
    assert error.argument == "features"
    assert error.bindings == {"batch": 2}
    text = str(error)
    assert text.startswith("[PT200] detector.neck (FPN).forward: argument 'features'")
    assert "received: Tensor shape=(2, 128, 8, 8) dtype=float32 device=cpu" in text
    assert "expected: Float[Tensor, 'batch 256 h w']" in text
    assert "axis sizes bound so far: batch=2" in text
    assert "fix:" in text


def test_shape_error_names_return_value() -> None:
    error = ShapeError(
        component="Head",
        method="forward",
        argument="return",
        expected="Float[Tensor, 'b c']",
        actual="Tensor shape=(1,)",
        bindings={},
        reason="rank",
    )
    assert "Head.forward: return value has the wrong shape" in str(error)
    assert "axis sizes bound so far: (none yet)" in str(error)


def test_compatibility_error_lists_both_specs() -> None:
    error = CompatibilityError(
        problem="FPN expects levels ['C5'] that ResNetBackbone does not produce",
        producer="ResNetBackbone: [C3(128ch, stride 8)]",
        consumer="FPN: [C3(128ch, stride 8), C5(512ch, stride 32)]",
        fix="add level 5 to the backbone's out_levels",
    )
    assert str(error) == (
        "[PT300] FPN expects levels ['C5'] that ResNetBackbone does not produce\n"
        "  produced: ResNetBackbone: [C3(128ch, stride 8)]\n"
        "  expected: FPN: [C3(128ch, stride 8), C5(512ch, stride 32)]\n"
        "  fix: add level 5 to the backbone's out_levels"
    )


def test_data_error_names_file_and_record() -> None:
    error = DataError("box has negative width", file="train.json", record_id=17)
    assert (error.file, error.record_id) == ("train.json", 17)
    assert str(error) == "[PT400] box has negative width (file train.json, record 17)"
    assert str(DataError("plain")) == "[PT400] plain"


def test_checkpoint_error_names_path() -> None:
    error = CheckpointError("not a safetensors file", path="runs/last.safetensors")
    assert str(error) == "[PT500] not a safetensors file (checkpoint runs/last.safetensors)"


def test_training_error_names_step_term_and_module() -> None:
    error = TrainingError(
        "loss is not finite", step=120, loss_term="box_regression", module="head.regression"
    )
    assert (error.step, error.loss_term, error.module) == (120, "box_regression", "head.regression")
    assert str(error) == (
        "[PT600] loss is not finite\n  step: 120\n  loss term: box_regression\n"
        "  module: head.regression"
    )


def test_export_error_message() -> None:
    assert str(ExportError("ONNX output differs")) == "[PT700] ONNX output differs"


def test_config_issue_where_without_file() -> None:
    assert ConfigIssue(loc="a.b", code="x", message="m").where() == "a.b"
    assert (
        ConfigIssue(loc="a", code="x", message="m", file="f.yaml", line=3).where() == "f.yaml:3 a"
    )


def test_argument_error_names_part_argument_value_and_fix() -> None:
    error = ArgumentError(
        part="FCOSHead",
        argument="num_classes",
        received=0,
        expected="a positive int",
        fix="pass the number of object classes, e.g. 3",
    )
    assert isinstance(error, ValueError)
    assert (error.part, error.argument, error.received) == ("FCOSHead", "num_classes", "0")
    assert str(error) == (
        "[PT110] FCOSHead: argument 'num_classes' received 0, expected a positive int; "
        "fix: pass the number of object classes, e.g. 3"
    )
