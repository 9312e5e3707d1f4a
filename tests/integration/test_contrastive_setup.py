"""The contrastive (SimCLR) setup end to end: validate, train, resume, evaluate from the
command line, and its checkpoint as the ``weights:`` of a later classification or detection
config."""

import json
from pathlib import Path

import pytest
import torch
from typer.testing import CliRunner

from plugtrain._seed import seed_everything
from plugtrain.builders import build_classifier, build_contrastive_model, build_detector
from plugtrain.cli import app
from plugtrain.config import ExperimentConfig, load_config
from plugtrain.data import FolderDataset, make_crops_dataset
from plugtrain.evaluation import linear_probe
from plugtrain.models import IMAGENET_MEAN, IMAGENET_STD
from plugtrain.runs import train_from_config
from plugtrain.training import Callback, TrainContext, TrainState, load_checkpoint

runner = CliRunner()

_CONFIG = """\
task: {{type: contrastive, temperature: 0.2, views: {{crop_scale: 0.3, color_jitter: 0.5}}}}
model:
  backbone: {{type: tiny}}
  neck: null
  head: {{type: projection}}
data:
  train: {{format: folders, root: {data}/train}}
  val: {{format: folders, root: {data}/val}}
  image_size: [32, 32]
  batch_size: 64
  num_workers: 0
train:
  epochs: {epochs}
  optimizer: {{type: adamw, lr: 0.003, weight_decay: 0.0001}}
  scheduler: {{type: constant}}
  output_dir: {out}
eval: {{metric: linear_probe_accuracy}}
"""


def _write(tmp_path: Path, epochs: int) -> Path:
    config = tmp_path / "contrastive.yaml"
    config.write_text(_CONFIG.format(data=tmp_path / "crops", out=tmp_path / "run", epochs=epochs))
    return config


def _probe_of_the_initial_model(config: ExperimentConfig, root: Path) -> float:
    """The probe of the model the run starts from, rebuilt here: seeded as ``prepare`` seeds
    it, the val images normalised by hand and passed in one batch."""
    seed_everything(config.train.seed)
    model = build_contrastive_model(config.model).eval()
    dataset = FolderDataset(root, image_size=(32, 32))
    samples = [dataset[index] for index in range(len(dataset))]
    images = torch.stack([sample.image for sample in samples])
    mean = torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1)
    std = torch.tensor(IMAGENET_STD).view(1, 3, 1, 1)
    with torch.no_grad():
        features = model.represent((images - mean) / std)
    labels = torch.tensor([sample.label for sample in samples])
    return linear_probe(features, labels, num_classes=dataset.num_classes).accuracy


def test_train_evaluate_and_its_backbone_loads_as_later_weights(tmp_path: Path) -> None:
    make_crops_dataset(tmp_path / "crops", num_train=24, num_val=12, size=32, workers=1)
    config_file = _write(tmp_path, epochs=2)
    config_file.write_text(config_file.read_text().replace("batch_size: 64", "batch_size: 8"))
    validated = runner.invoke(app, ["validate", str(config_file)])
    assert validated.exit_code == 0, validated.output
    config = load_config(config_file)

    trained = runner.invoke(app, ["train", str(config_file)])
    assert trained.exit_code == 0, trained.output
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    metrics = summary["metrics"]
    assert summary["task"] == "contrastive"
    assert 0.0 <= metrics["linear_probe_accuracy"] <= 1.0
    assert 0.0 < metrics["contrastive_loss"] < 10.0
    # the baseline is the probe of the run's own initial weights, measured before training
    assert metrics["random_linear_probe_accuracy"] == pytest.approx(
        _probe_of_the_initial_model(config, tmp_path / "crops" / "val"), abs=1e-9
    )

    evaluated = runner.invoke(app, ["evaluate", summary["checkpoint"]])
    assert evaluated.exit_code == 0, evaluated.output
    printed = json.loads(evaluated.stdout)
    for name in ("linear_probe_accuracy", "random_linear_probe_accuracy"):
        assert printed[name] == pytest.approx(metrics[name])

    # the checkpoint's model.backbone.* tensors are the weights of a later config
    weights = Path(summary["checkpoint"]).with_suffix(".safetensors")
    tensors = load_checkpoint(Path(summary["checkpoint"])).model_state
    classification = type(config.model).model_validate(
        {
            "backbone": {"type": "tiny", "weights": str(weights)},
            "neck": None,
            "head": {"type": "classification", "num_classes": 3},
        }
    )
    reports: list[str] = []
    classifier = build_classifier(
        classification,
        on_weights=lambda report: reports.append(report.describe()),
    )
    for key, value in classifier.backbone.state_dict().items():
        torch.testing.assert_close(value, tensors[f"backbone.{key}"])
    assert "under 'model.backbone.'" in reports[0]
    detection = type(config.model).model_validate(
        {
            "backbone": {"type": "tiny", "weights": str(weights)},
            "neck": {"type": "fpn", "channels": 64},
            "head": {"type": "fcos", "num_classes": 3},
        }
    )
    detector = build_detector(detection)
    stem = "stem.0.weight"
    torch.testing.assert_close(detector.backbone.state_dict()[stem], tensors[f"backbone.{stem}"])


class _KilledError(Exception):
    pass


class _KillAt(Callback):
    def __init__(self, step: int) -> None:
        self.step = step

    def on_step_end(self, context: TrainContext, state: TrainState) -> None:
        if state.step == self.step:
            raise _KilledError


def _step_losses(metrics_log: Path) -> dict[int, float]:
    losses: dict[int, float] = {}
    for line in metrics_log.read_text().splitlines():
        record = json.loads(line)
        if record["kind"] == "step":
            losses[int(record["step"])] = float(record["loss/total"])
    return losses


def _load(tmp_path: Path, name: str, text: str) -> ExperimentConfig:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text.replace(str(tmp_path / "run"), str(tmp_path / name)))
    return load_config(path)


def test_a_resumed_run_sees_the_same_views_as_an_uninterrupted_one(tmp_path: Path) -> None:
    make_crops_dataset(tmp_path / "crops", num_train=12, num_val=6, size=32, workers=1)
    text = _write(tmp_path, epochs=2).read_text().replace("batch_size: 64", "batch_size: 4")
    whole = _load(tmp_path, "whole", text)
    train_from_config(whole)
    expected = _step_losses(tmp_path / "whole" / "metrics.jsonl")
    split = _load(tmp_path, "split", text)
    with pytest.raises(_KilledError):  # dies in step 5; the last checkpoint is of step 4
        train_from_config(split, extra_callbacks=(_KillAt(5),))
    summary = train_from_config(split, resume=True)
    assert (summary.epochs, summary.steps) == (2, 6)
    assert _step_losses(tmp_path / "split" / "metrics.jsonl") == pytest.approx(expected)


def test_a_probe_metric_without_labeled_val_is_refused(tmp_path: Path) -> None:
    make_crops_dataset(tmp_path / "crops", num_train=6, num_val=6, size=32, workers=1)
    text = _write(tmp_path, epochs=1).read_text()
    images = tmp_path / "images"
    images.mkdir()
    for index, file in enumerate(sorted((tmp_path / "crops" / "val").rglob("*.png"))):
        (images / f"{index}.png").write_bytes(file.read_bytes())
    text = text.replace(
        f"val: {{format: folders, root: {tmp_path}/crops/val}}",
        f"val: {{format: images, images: {images}}}",
    )
    (tmp_path / "contrastive.yaml").write_text(text)
    result = runner.invoke(app, ["train", str(tmp_path / "contrastive.yaml")])
    assert result.exit_code == 1
    assert "a labeled data.val (format: folders)" in result.output


def test_the_random_baseline_is_refused_as_the_monitored_metric(tmp_path: Path) -> None:
    make_crops_dataset(tmp_path / "crops", num_train=6, num_val=6, size=32, workers=1)
    config_file = _write(tmp_path, epochs=1)
    text = config_file.read_text().replace(
        "metric: linear_probe_accuracy", "metric: random_linear_probe_accuracy"
    )
    config_file.write_text(text)
    result = runner.invoke(app, ["train", str(config_file)])
    assert result.exit_code == 1
    assert "random_linear_probe_accuracy is measured once, before training" in result.output
    assert "set eval.metric: linear_probe_accuracy" in result.output
