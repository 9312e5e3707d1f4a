"""The semi_supervised setup driven as a user would: validate, train, evaluate from the
command line; its config errors; and its effect: a tenth of the labels plus the other
images unlabeled beats the same labels alone."""

import json
from pathlib import Path

import pytest
import torch
from typer.testing import CliRunner

from plugtrain.cli import app
from plugtrain.data import make_shapes_dataset, split_labeled_unlabeled
from plugtrain.runs import detector_from_checkpoint
from plugtrain.training import load_checkpoint
from plugtrain.validation import validate_config_text

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()

_MODEL = """\
model:
  backbone: {{type: tiny, channels: [8, 16, 16, 32], out_levels: [3, 4, 5]}}
  neck: {{type: fpn, channels: 32, out_levels: [3, 4, 5]}}
  head: {{type: fcos, num_classes: 3, num_convs: 1, norm: none}}
"""

SEMI = (
    """\
task: {{type: semi_supervised, teacher: {{decay: 0.99}}, threshold: {threshold},
        burn_in_steps: {burn_in}, unsupervised_weight: 1.0}}
"""
    + _MODEL
    + """\
data:
  train: {{format: coco, images: {root}/train, annotations: {split}/labeled.json}}
  unlabeled: {{format: images, images: {split}/unlabeled}}
  val: {{format: coco, images: {root}/val, annotations: {root}/val.json}}
  image_size: [{size}, {size}]
  batch_size: 4
  num_workers: 0
train:
  epochs: {epochs}
  seed: {seed}
  optimizer: {{type: adamw, lr: 0.004, weight_decay: 0.0001}}
  scheduler: {{type: cosine, warmup_steps: 20}}
  grad_clip_norm: 10.0
  output_dir: {output}
eval: {{metric: map50, interval_epochs: {epochs}}}
"""
)


def _data(tmp: Path, *, size: int, num_train: int, num_val: int) -> tuple[Path, Path]:
    root = tmp / "shapes"
    make_shapes_dataset(root, num_train=num_train, num_val=num_val, size=size, seed=0, workers=1)
    split = tmp / "split"
    split_labeled_unlabeled(root / "train", root / "train.json", split, labeled_fraction=0.1)
    return root, split


def _semi_text(tmp: Path, root: Path, split: Path, **values: object) -> str:
    settings: dict[str, object] = {
        "threshold": 0.3,
        "burn_in": 2,
        "size": 64,
        "epochs": 1,
        "seed": 0,
        "output": tmp / "run",
    }
    settings.update(values)
    return SEMI.format(root=root, split=split, **settings)


def test_validate_train_and_evaluate_from_the_command_line(tmp_path: Path) -> None:
    root, split = _data(tmp_path, size=64, num_train=20, num_val=4)
    config = tmp_path / "semi.yaml"
    config.write_text(_semi_text(tmp_path, root, split))
    validated = runner.invoke(app, ["validate", str(config)])
    assert validated.exit_code == 0, validated.output

    trained = runner.invoke(app, ["train", str(config)])
    assert trained.exit_code == 0, trained.output
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert summary["task"] == "semi_supervised"
    assert set(summary["metrics"]) == {"map", "map50", "map75"}
    assert summary["steps"] == 5  # 18 unlabeled images, 1 per labeled image, 4 a batch
    # the static checks count the epoch as the trainer does (not the 2 labeled images' 1 step)
    report = validate_config_text(config.read_text(), file="semi.yaml", dry_run=False)
    assert (report.summary.steps_per_epoch, report.summary.total_steps) == (5, 5)
    checkpoint = load_checkpoint(Path(summary["checkpoint"]))
    teacher = checkpoint.metadata.ema
    assert teacher is not None
    assert (teacher.decay, teacher.start_step, teacher.updates) == (0.99, 2, 4)
    records = [
        json.loads(line) for line in (tmp_path / "run" / "metrics.jsonl").read_text().splitlines()
    ]
    steps = [r for r in records if r["kind"] == "step"]
    assert [r["loss/unsupervised_classification"] > 0.0 for r in steps] == [
        False,
        False,
        True,
        True,
        True,
    ]  # the burn-in, then the teacher's pseudo-labels (and its empty images) count
    # by default pseudo-boxes teach their classes only, never box regression
    assert all(r["loss/unsupervised_box_regression"] == 0.0 for r in steps)
    assert all(r["loss/unsupervised_centerness"] == 0.0 for r in steps)

    averaged = checkpoint.averaged_model_state
    assert averaged is not None
    rebuilt = detector_from_checkpoint(Path(summary["checkpoint"]))
    for name, value in rebuilt.detector.state_dict().items():
        assert torch.equal(value, averaged[name]), name
    evaluated = runner.invoke(app, ["evaluate", summary["checkpoint"]])
    assert evaluated.exit_code == 0, evaluated.output
    assert json.loads(evaluated.stdout)["map50"] == pytest.approx(summary["map50"])


def test_config_errors_name_the_key_and_the_fix(tmp_path: Path) -> None:
    root, split = _data(tmp_path, size=64, num_train=20, num_val=2)
    text = _semi_text(tmp_path, root, split)
    without_unlabeled = "\n".join(
        line for line in text.splitlines() if not line.strip().startswith("unlabeled:")
    )
    report = validate_config_text(without_unlabeled, file="semi.yaml", dry_run=False)
    messages = {issue.loc: issue.message for issue in report.issues}
    assert "the semi_supervised task learns from unlabeled images" in messages["data.unlabeled"]

    with_ema = text.replace(
        "  grad_clip_norm: 10.0\n", "  grad_clip_norm: 10.0\n  ema: {decay: 0.9}\n"
    )
    report = validate_config_text(with_ema, file="semi.yaml", dry_run=False)
    messages = {issue.loc: issue.message for issue in report.issues}
    assert (
        "the semi_supervised task keeps its own weight average, the teacher"
        in (messages["train.ema"])
    )
    assert (
        "set the teacher's schedule at task.teacher (e.g. task.teacher.decay: 0.9)"
        in (messages["train.ema"])
    )

    report = validate_config_text(
        text.replace("threshold: 0.3", "threshold: 1.5"), file="semi.yaml", dry_run=False
    )
    messages = {issue.loc: issue.message for issue in report.issues}
    assert "less than 1" in messages["task.threshold"]

    # 18 unlabeled images in batches of 4: 5 steps an epoch, so the whole run is 5 steps
    too_long = _semi_text(tmp_path, root, split, burn_in=5)
    report = validate_config_text(too_long, file="semi.yaml", dry_run=False)
    messages = {issue.loc: issue.message for issue in report.issues}
    assert messages["task.burn_in_steps"] == (
        "burn_in_steps 5 is not shorter than the run (5 steps), so the teacher never starts "
        "and the unlabeled images are never used; use fewer burn-in steps (e.g. 1) or train "
        "longer"
    )
    # the warm-up check counts the paired epoch too, and says how
    report = validate_config_text(text, file="semi.yaml", dry_run=False)
    messages = {issue.loc: issue.message for issue in report.issues}
    assert (
        "1 epochs x 5 steps (ceil(18 items: max(2 labeled, ceil(18 unlabeled / unlabeled_ratio "
        "1)) / batch_size 4)) = 5 steps" in messages["train.scheduler.warmup_steps"]
    )


def test_the_example_config_validates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    make_shapes_dataset("data/shapes", num_train=200, num_val=2, size=64, seed=0, workers=1)
    split_labeled_unlabeled(
        "data/shapes/train", "data/shapes/train.json", "data/shapes_semi", labeled_fraction=0.1
    )
    report = validate_config_text(
        (ROOT / "configs" / "semi_supervised.yaml").read_text(), file="semi_supervised.yaml"
    )
    assert report.issues == ()
    assert report.config is not None
    assert report.config.task.type == "semi_supervised"
