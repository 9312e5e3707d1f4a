"""A small shapes data set and a fast config for the end-to-end training tests, and
``plugtrain train`` under torchrun."""

import os
import subprocess
import sys
from pathlib import Path

from plugtrain.data import make_shapes_dataset

CONFIG = """\
model:
  backbone: {{type: tiny, channels: [8, 16, 16, 32], out_levels: [3, 4, 5]}}
  neck: {{type: fpn, channels: 32, out_levels: [3, 4, 5]}}
  head: {{type: fcos, num_classes: 3, num_convs: 1, norm: none}}
data:
  train: {{format: coco, images: {root}/train, annotations: {root}/train.json}}
  val: {{format: coco, images: {root}/val, annotations: {root}/val.json}}
  image_size: [64, 64]
  batch_size: 4
  num_workers: {workers}
train:
  epochs: {epochs}
  seed: 0
  optimizer: {{type: adamw, lr: 0.002}}
  scheduler: {{type: cosine, warmup_steps: 2}}
  grad_clip_norm: 10.0
  output_dir: {output}
"""


def write_experiment(
    tmp: Path, *, epochs: int = 2, workers: int = 0, output: str = "run", train_images: int = 16
) -> Path:
    """Data (``tmp/shapes``) and a config (``tmp/experiment.yaml``) that train in seconds."""
    root = tmp / "shapes"
    if not (root / "train.json").exists():
        make_shapes_dataset(root, num_train=train_images, num_val=6, size=64, seed=0, workers=1)
    config = tmp / "experiment.yaml"
    config.write_text(CONFIG.format(root=root, epochs=epochs, workers=workers, output=tmp / output))
    return config


def train_on_two_ranks(config: Path, *, port: int) -> subprocess.CompletedProcess[str]:
    """``plugtrain train CONFIG`` under ``torchrun --nproc_per_node=2`` (gloo on the CPU).

    ``port``: the rendezvous port, one per test so that tests never share it."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("RANK", "WORLD_SIZE", "MASTER_"))
    }
    return subprocess.run(
        [
            *(sys.executable, "-m", "torch.distributed.run", "--nproc_per_node=2"),
            *(f"--master_port={port}", "-m", "plugtrain", "train", str(config)),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
