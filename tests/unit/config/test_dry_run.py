"""The dry run: the detector built on the meta device, its dense part run at full size."""

from pathlib import Path
from typing import cast

import pytest

from plugtrain.components.heads import FCOSHead
from plugtrain.errors import ShapeError
from plugtrain.validation import DryRunReport, validate_config
from tests.unit.config.workspace import REFERENCE

VALID = Path(__file__).resolve().parents[2] / "data" / "configs" / "valid"


@pytest.mark.usefixtures("workspace")
def test_the_reference_dry_run_reports_shapes_parameters_and_memory() -> None:
    report = validate_config(REFERENCE)
    assert report.ok
    dry_run = cast(dict[str, object], report.as_json()["summary"])["dry_run"]
    assert isinstance(dry_run, dict)
    dry_run = cast(dict[str, object], dry_run)
    assert dry_run["input"] == [8, 3, 320, 320]
    assert dry_run["levels"] == {
        "P3": [8, 256, 40, 40],
        "P4": [8, 256, 20, 20],
        "P5": [8, 256, 10, 10],
        "P6": [8, 256, 5, 5],
        "P7": [8, 256, 3, 3],
    }
    parameters = cast(dict[str, int], dry_run["parameters"])
    # torchvision's ResNet-18 has 11,689,512 parameters; without the classifier (513,000)
    # and with frozen batch norms (their 9,600 weights and biases become buffers):
    assert parameters["backbone"] == 11_689_512 - 513_000 - 9_600
    assert (
        parameters["trainable"] < parameters["backbone"] + parameters["neck"] + parameters["head"]
    )
    activation = dry_run["activation_mib"]
    assert isinstance(activation, float)
    assert activation > 100
    loss = cast(dict[str, object], dry_run["loss"])
    assert loss["ran_on"] == "cpu, 1 image 128x128, 2 synthetic boxes"
    assert {"classification", "box_regression", "centerness", "total"} <= set(loss)
    for term in ("classification", "total"):
        value = loss[term]
        assert isinstance(value, float)
        assert value > 0
    assert str(dry_run["postprocess"]).startswith("ran: ")


@pytest.mark.usefixtures("workspace")
def test_the_dry_run_follows_the_config() -> None:
    report = validate_config(VALID / "tiny_backbone.yaml")
    assert report.ok
    dry_run = cast(
        dict[str, object], cast(dict[str, object], report.as_json()["summary"])["dry_run"]
    )
    assert dry_run["input"] == [16, 3, 64, 96]  # 64 x 96 is already a multiple of 32
    assert dry_run["levels"] == {
        "P2": [16, 64, 16, 24],
        "P3": [16, 64, 8, 12],
        "P4": [16, 64, 4, 6],
        "P5": [16, 64, 2, 3],
    }


@pytest.mark.usefixtures("workspace")
def test_weights_are_not_loaded_by_the_dry_run() -> None:
    report = validate_config(VALID / "tiny_weights.yaml")
    assert report.ok
    assert isinstance(report.summary.dry_run, DryRunReport)


@pytest.mark.usefixtures("workspace")
def test_a_failure_is_reported_at_the_part_that_failed(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: FCOSHead, features: object) -> object:
        raise ShapeError(
            component="detector.head (FCOSHead)",
            method="forward",
            argument="features",
            expected="5 feature maps",
            actual="4 feature maps",
            bindings={},
            reason="made up for the test",
        )

    monkeypatch.setattr(FCOSHead, "forward", broken)
    report = validate_config(REFERENCE)
    assert not report.ok
    (issue,) = report.issues
    assert (issue.loc, issue.code, issue.file, issue.line) == (
        "model.head",
        "dry-run",
        str(REFERENCE),
        17,
    )
    assert issue.message.startswith(
        "the dry run failed in the head: detector.head (FCOSHead).forward: argument 'features'"
    )
    assert report.summary.dry_run == "failed"


@pytest.mark.usefixtures("workspace")
def test_no_dry_run_while_there_are_problems() -> None:
    report = validate_config(REFERENCE, ["data.batch_size=0"])
    assert report.summary.dry_run == "skipped (fix the problems above first)"
