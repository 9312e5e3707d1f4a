"""Faster R-CNN from a config: ``plugtrain validate``, ``train``, ``evaluate`` and ``predict``,
each backbone (``export`` of such a checkpoint: ``test_export_two_stage``)."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plugtrain.cli import app
from plugtrain.data import make_shapes_dataset

runner = CliRunner()

_HEAD = (
    "{type: faster_rcnn, num_classes: 3, "
    "rpn: {batch_size_per_image: 32, pre_nms_top_n: {training: 100, testing: 50}, "
    "post_nms_top_n: {training: 50, testing: 25}}, "
    "box_head: {type: two_mlp, representation_size: 32}, "
    "sampler: {batch_size_per_image: 32}}"
)
_BACKBONES = {
    "tiny": "{type: tiny, channels: [8, 16, 16, 32], out_levels: [2, 3, 4, 5]}",
    "resnet18": "{type: resnet, depth: 18, out_levels: [2, 3, 4, 5]}",
    "torchvision": "{type: torchvision, model: resnet18, return_nodes: "
    "{layer1: C2, layer2: C3, layer3: C4, layer4: C5}}",
}
_CONFIG = """\
model:
  backbone: {backbone}
  neck: {{type: fpn, channels: 32, out_levels: [2, 3, 4, 5]}}
  head: {head}
data:
  train: {{format: coco, images: {root}/train, annotations: {root}/train.json}}
  val: {{format: coco, images: {root}/val, annotations: {root}/val.json}}
  image_size: [64, 64]
  batch_size: 4
  num_workers: 0
train:
  epochs: 1
  seed: 0
  optimizer: {{type: adamw, lr: 0.001}}
  scheduler: {{type: constant}}
  grad_clip_norm: 10.0
  output_dir: {output}
"""


def write_faster_rcnn(tmp: Path, backbone: str) -> Path:
    """A 8-image shapes set and a faster_rcnn config over ``backbone`` (a ``_BACKBONES`` key)."""
    root = tmp / "shapes"
    make_shapes_dataset(root, num_train=8, num_val=4, size=64, seed=0, workers=1)
    config = tmp / "faster_rcnn.yaml"
    config.write_text(
        _CONFIG.format(backbone=_BACKBONES[backbone], head=_HEAD, root=root, output=tmp / "run")
    )
    return config


@pytest.mark.parametrize("backbone", sorted(_BACKBONES))
def test_faster_rcnn_validates_trains_and_evaluates(tmp_path: Path, backbone: str) -> None:
    config = write_faster_rcnn(tmp_path, backbone)
    validated = runner.invoke(app, ["validate", str(config)])
    assert validated.exit_code == 0, validated.output
    assert "rpn_objectness" in validated.output

    trained = runner.invoke(app, ["train", str(config)])
    assert trained.exit_code == 0, trained.output
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert (summary["epochs"], summary["steps"]) == (1, 2)
    assert 0.0 <= summary["map50"] <= 1.0

    evaluated = runner.invoke(app, ["evaluate", summary["checkpoint"]])
    assert evaluated.exit_code == 0, evaluated.output
    assert json.loads(evaluated.stdout)["map50"] == pytest.approx(summary["map50"])

    out = tmp_path / "predicted"
    predicted = runner.invoke(
        app, ["predict", summary["checkpoint"], str(tmp_path / "shapes" / "val"), "--out", str(out)]
    )
    assert predicted.exit_code == 0, predicted.output
    written = json.loads((out / "predictions.json").read_text())
    assert len(written["images"]) == 4
    assert written["errors"] == []


def test_a_backbone_without_c2_is_refused_at_its_out_levels(tmp_path: Path) -> None:
    config = write_faster_rcnn(tmp_path, "tiny")
    text = config.read_text().replace(
        "out_levels: [2, 3, 4, 5]}\n  neck", "out_levels: [3, 4, 5]}\n  neck"
    )
    config.write_text(text)
    validated = runner.invoke(app, ["validate", str(config)])
    assert validated.exit_code != 0
    assert "model.backbone.out_levels" in validated.output
    assert "incompatible-parts" in validated.output
    assert "faster_rcnn needs the backbone levels C2, C3, C4, C5" in validated.output
