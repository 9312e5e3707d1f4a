"""``train.tracking``: a short ``plugtrain train`` with TensorBoard and MLflow on, then what
each tracker recorded is read back with the tracker's own reader (TensorBoard's event
accumulator, MLflow's client on the file store)."""

import importlib
import json
import os
from pathlib import Path
from typing import Protocol, cast

import pytest
from mlflow import MlflowClient
from typer.testing import CliRunner

from plugtrain.cli import app
from tests.integration.runs import write_experiment

runner = CliRunner()
LOSS_TERMS = ("loss/total", "loss/classification", "loss/box_regression", "loss/centerness")


class _Scalar(Protocol):
    step: int
    value: float


class _Image(Protocol):
    step: int
    encoded_image_string: bytes


class _Events(Protocol):
    """The part of TensorBoard's EventAccumulator read here (tensorboard ships no types)."""

    def Reload(self) -> object: ...  # noqa: N802  # TensorBoard's names
    def Tags(self) -> dict[str, list[str]]: ...  # noqa: N802
    def Scalars(self, tag: str) -> list[_Scalar]: ...  # noqa: N802
    def Images(self, tag: str) -> list[_Image]: ...  # noqa: N802


def _events(folder: Path) -> _Events:
    module = importlib.import_module("tensorboard.backend.event_processing.event_accumulator")
    # size_guidance 0: keep every image (the default keeps a sample of 4 per tag)
    events = cast(_Events, module.EventAccumulator(str(folder), size_guidance={"images": 0}))
    events.Reload()
    return events


def _epochs(run: Path) -> list[dict[str, float]]:
    lines = (run / "metrics.jsonl").read_text().splitlines()
    return [r for r in map(json.loads, lines) if r["kind"] == "epoch"]


def test_tensorboard_gets_losses_lr_metrics_and_the_run_images(tmp_path: Path) -> None:
    config = write_experiment(tmp_path)
    result = runner.invoke(app, ["train", str(config), "train.tracking.tensorboard=true"])
    assert result.exit_code == 0, result.output
    run = tmp_path / "run"
    events = _events(run / "tensorboard")
    tags = events.Tags()
    assert {*LOSS_TERMS, "lr", "metric/map", "metric/map50"} <= set(tags["scalars"])
    assert [e.step for e in events.Scalars("loss/total")] == list(range(1, 9))
    assert [e.step for e in events.Scalars("metric/map50")] == [4, 8]
    logged = [e.value for e in events.Scalars("metric/map50")]
    assert logged == pytest.approx([e["metric/map50"] for e in _epochs(run)])
    assert set(tags["images"]) == {"images/training_curve", "images/val_predictions"}
    [picture] = events.Images("images/val_predictions")
    assert (picture.step, picture.encoded_image_string[:8]) == (8, b"\x89PNG\r\n\x1a\n")


def test_mlflow_gets_a_run_with_metrics_config_and_images(tmp_path: Path) -> None:
    config = write_experiment(tmp_path)
    store = tmp_path / "mlruns"
    overrides = [
        f"train.tracking.mlflow.tracking_uri={store.as_uri()}",
        "train.tracking.mlflow.experiment=shapes",
        "train.tracking.mlflow.run_name=tiny-fcos",
    ]
    result = runner.invoke(app, ["train", str(config), *overrides])
    assert result.exit_code == 0, result.output
    os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")
    client = MlflowClient(tracking_uri=store.as_uri())
    experiment = client.get_experiment_by_name("shapes")
    assert experiment is not None
    [found] = client.search_runs([experiment.experiment_id])
    assert (found.info.run_name, found.info.status) == ("tiny-fcos", "FINISHED")
    run_id = found.info.run_id
    assert {*LOSS_TERMS, "lr", "metric/map", "metric/map50"} <= set(found.data.metrics)
    history = client.get_metric_history(run_id, "loss/total")
    assert sorted(m.step for m in history) == list(range(1, 9))
    map50 = sorted(client.get_metric_history(run_id, "metric/map50"), key=lambda m: m.step)
    assert [m.value for m in map50] == pytest.approx(
        [e["metric/map50"] for e in _epochs(tmp_path / "run")]
    )
    artifacts = {a.path for a in client.list_artifacts(run_id)}  # pyright: ignore[reportUnknownMemberType]  # mlflow leaves `path` unannotated
    assert "config.json" in artifacts
    images = {a.path for a in client.list_artifacts(run_id, "images")}  # pyright: ignore[reportUnknownMemberType]  # as above
    assert images == {"images/training_curve.png", "images/val_predictions.png"}
