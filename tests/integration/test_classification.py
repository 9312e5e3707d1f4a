"""The classification setup end to end through the CLI: synthetic crops, train, evaluate,
and the config errors a user meets first."""

import json
from pathlib import Path

import pytest
import yaml
from safetensors.torch import save_file  # pyright: ignore[reportUnknownVariableType]  # its stub leaves PathLike open
from typer.testing import CliRunner

from plugtrain.cli import app
from plugtrain.components import TinyBackbone
from plugtrain.config import load_config
from tests.integration.runs import train_on_two_ranks

runner = CliRunner()

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "configs" / "classification.yaml"
# measured 0.96 top-1 on 150 val crops with the example config's recipe (see
# docs/setups/classification.md); chance is 1/3
_HIGH_ACCURACY = 0.85


def _config(tmp: Path, **changes: object) -> Path:
    """The example config over the crops in ``tmp/crops``, written to ``tmp/c.yaml``."""
    data = yaml.safe_load(EXAMPLE.read_text())
    data["data"]["train"]["root"] = str(tmp / "crops" / "train")
    data["data"]["val"]["root"] = str(tmp / "crops" / "val")
    data["train"]["output_dir"] = str(tmp / "run")
    for dotted, value in changes.items():
        *parents, key = dotted.split("__")
        node = data
        for part in parents:
            node = node[part]
        node[key] = value
    path = tmp / "c.yaml"
    path.write_text(json.dumps(data))  # JSON is YAML
    return path


@pytest.fixture(scope="module")
def crops(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("classification")
    made = runner.invoke(
        app,
        [
            *("data", "synth", "--kind", "crops", "--out", str(tmp / "crops")),
            *("--size", "32", "--num-train", "600", "--num-val", "150"),
        ],
    )
    assert made.exit_code == 0, made.output
    return tmp


def test_classification_trains_to_high_accuracy_and_evaluates(crops: Path) -> None:
    checked = runner.invoke(app, ["data", "check", "--folders", str(crops / "crops" / "train")])
    assert checked.exit_code == 0, checked.output
    assert "class 2 triangle: 200 image(s)" in checked.output
    config = _config(crops)
    result = runner.invoke(app, ["train", str(config)])
    assert result.exit_code == 0, result.output
    summary = json.loads((crops / "run" / "summary.json").read_text())
    assert summary["task"] == "classification"
    accuracy = summary["metrics"]["top1_accuracy"]
    print(f"classification top1_accuracy: {accuracy:.4f}")  # the figure in the docs
    assert accuracy >= _HIGH_ACCURACY
    assert summary["steps"] == 15 * 19  # ceil(600 / 32) steps per epoch
    for picture in ("training_curve.png", "val_predictions.png"):
        assert (crops / "run" / picture).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    evaluated = runner.invoke(app, ["evaluate", summary["checkpoint"]])
    assert evaluated.exit_code == 0, evaluated.output
    assert json.loads(evaluated.stdout)["top1_accuracy"] == pytest.approx(accuracy)

    # predict, export and serve take detection checkpoints: refused by name, no traceback
    exported = runner.invoke(
        app, ["export", summary["checkpoint"], "--out", str(crops / "model.onnx")]
    )
    assert exported.exit_code == 1
    assert "trained by the classification setup" in exported.output
    images = str(crops / "crops" / "val" / "circle")
    predicted = runner.invoke(
        app, ["predict", summary["checkpoint"], images, "--out", str(crops / "predicted")]
    )
    assert predicted.exit_code == 1
    assert "predict, export and serve take detection checkpoints" in predicted.output


def test_the_example_config_is_a_classification_config() -> None:
    config = load_config(EXAMPLE)
    assert config.task.type == "classification"
    assert config.monitored_metric == "top1_accuracy"


def _errors(config: Path) -> dict[str, str]:
    result = runner.invoke(app, ["validate", str(config), "--format", "json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    return {e["loc"]: e["message"] for e in report["errors"]}


def test_a_detection_head_for_classification_is_refused_where_it_is_set(crops: Path) -> None:
    errors = _errors(_config(crops, model__head={"type": "fcos", "num_classes": 3}))
    assert errors["model.head.type"].startswith(
        "the classification task trains a classification head, not fcos"
    )


def test_missing_class_folders_are_refused(crops: Path) -> None:
    errors = _errors(_config(crops, data__train={"format": "folders", "root": str(crops / "no")}))
    assert errors["data.train.root"].startswith(f"class folders root {crops / 'no'} does not exist")


def test_a_coco_set_for_classification_is_refused(crops: Path) -> None:
    coco = {"images": str(crops), "annotations": str(crops / "c.json")}
    errors = _errors(_config(crops, data__train=coco))
    assert errors["data.train.format"].startswith(
        "the classification task reads data.train as format folders, not coco"
    )


def test_a_metric_of_another_task_is_refused(crops: Path) -> None:
    errors = _errors(_config(crops, eval__metric="map50"))
    assert errors["eval.metric"].startswith(
        "the classification task reports top1_accuracy, not map50"
    )


def test_num_classes_must_match_the_class_folders(crops: Path) -> None:
    errors = _errors(_config(crops, model__head={"type": "classification", "num_classes": 5}))
    assert errors["model.head.num_classes"].startswith("num_classes is 5 but ")
    assert (
        "3 class folders (circle, square, triangle); set num_classes: 3"
        in (errors["model.head.num_classes"])
    )


def test_data_check_lists_the_problems_of_folder_sets(tmp_path: Path) -> None:
    (tmp_path / "circle").mkdir()
    (tmp_path / "square").mkdir()
    (tmp_path / "circle" / "a.txt").write_text("x")
    result = runner.invoke(app, ["data", "check", "--folders", str(tmp_path)])
    assert result.exit_code == 1
    assert "3 problem(s)" in result.output  # one stray file, two empty class folders
    assert "holds no images" in result.output
    assert "its suffix '.txt' is not one of" in result.output
    images = runner.invoke(app, ["data", "check", "--images", str(tmp_path), "--format", "json"])
    assert images.exit_code == 1
    assert json.loads(images.stdout)["problems"][0]["message"].endswith("add images to it")


def test_a_torchvision_backbone_is_checked_against_the_image_size(crops: Path) -> None:
    # its levels are known only once built: the check runs after the meta build
    backbone = {"type": "torchvision", "model": "resnet18", "return_nodes": {"layer4": "C5"}}
    errors = _errors(_config(crops, model__backbone=backbone, data__image_size=[24, 24]))
    assert errors["data.image_size"].startswith(
        "image_size [24, 24] is smaller than the largest stride 32 (level C5 of the backbone)"
    )


def test_validate_reports_what_the_backbone_weights_did(crops: Path, tmp_path: Path) -> None:
    backbone = {"type": "tiny", "channels": [16, 32, 64, 64], "out_levels": [4]}
    tiny = TinyBackbone(channels=(16, 32, 64, 64), out_levels=(4,))
    weights = tmp_path / "backbone.safetensors"
    save_file({f"model.backbone.{k}": v for k, v in tiny.state_dict().items()}, str(weights))
    config = _config(crops, model__backbone={**backbone, "weights": str(weights)})
    result = runner.invoke(app, ["validate", str(config), "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)["summary"]
    assert "tensors under 'model.backbone.' fit TinyBackbone" in summary["weights"]


def test_ddp_two_ranks_train_alike_and_rank_0_reports(tmp_path: Path) -> None:
    made = runner.invoke(
        app,
        [
            *("data", "synth", "--kind", "crops", "--out", str(tmp_path / "crops")),
            *("--size", "32", "--num-train", "48", "--num-val", "12"),
        ],
    )
    assert made.exit_code == 0, made.output
    config = _config(tmp_path, train__epochs=2, data__batch_size=8)
    result = train_on_two_ranks(config, port=29533)
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert summary["world_size"] == 2
    digests = summary["weight_digests"]
    assert len(digests) == 2
    assert digests[0] == digests[1]  # gradients averaged: the ranks' weights stay equal
    # 48 images, batch 8, 2 ranks: 3 steps per epoch on each rank; logged once, by rank 0
    assert summary["steps"] == 6
    records = [json.loads(r) for r in (tmp_path / "run" / "metrics.jsonl").read_text().splitlines()]
    assert sum(r["kind"] == "step" for r in records) == 6
    assert 0.0 <= summary["metrics"]["top1_accuracy"] <= 1.0
    assert (tmp_path / "run" / "checkpoints" / "best.json").exists()
