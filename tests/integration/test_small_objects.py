"""The default detector learns boxes on the hard synthetic set (small objects, clutter).

Regression test of the FCOS head's start: with torchvision's zero start the box branch of
the default config died within ten steps on this set (GIoU loss exactly 1.0 to the end, mAP
0.000 after 12 epochs); starting the distances at one anchor size, it learns.
"""

import json
from pathlib import Path

from plugtrain.cli._train import default_config_text
from plugtrain.config import parse_config
from plugtrain.data import HardSynthOptions, make_hard_dataset
from plugtrain.runs import train_from_config


def test_the_default_config_learns_boxes_of_small_objects(tmp_path: Path) -> None:
    root = tmp_path / "hard"
    options = HardSynthOptions()
    make_hard_dataset(root, num_train=48, num_val=2, options=options, seed=0, workers=1)
    config = parse_config(
        default_config_text(),
        overrides=[
            f"data.train.images={root / 'train'}",
            f"data.train.annotations={root / 'train.json'}",
            f"data.val.images={root / 'val'}",
            f"data.val.annotations={root / 'val.json'}",
            f"model.head.num_classes={options.num_classes}",
            "data.num_workers=0",
            "train.epochs=10",
            "train.scheduler.warmup_steps=8",
            "eval.interval_epochs=10",
            f"train.output_dir={tmp_path / 'run'}",
        ],
        file="<default>",
    )
    train_from_config(config)
    lines = (tmp_path / "run" / "metrics.jsonl").read_text().splitlines()
    box_losses = [
        float(row["loss/box_regression"])
        for row in map(json.loads, lines)
        if row.get("kind") == "step"
    ]
    assert len(box_losses) == 30
    assert max(box_losses[-8:]) < 0.85, box_losses  # a dead branch stays at 1.0
