"""Shape crops in two styles and the DANN / source-only configs of the domain tests."""

import shutil
from pathlib import Path

from plugtrain.data import SynthStyle, make_crops_dataset

CONFIG = """\
task: {task}
model:
  backbone: {{type: tiny, channels: [16, 32, 64, 64], out_levels: [4]}}
  neck: null
  head: {{type: classification, num_classes: 3}}
data:
  train: {{format: folders, root: {root}/source/train}}
{unlabeled}  val: {{format: folders, root: {root}/target/val}}
  image_size: [32, 32]
  batch_size: 32
  num_workers: 0
train:
  epochs: {epochs}
  seed: {seed}
  optimizer: {{type: adamw, lr: 0.003, weight_decay: 0.0}}
  scheduler: {{type: constant}}
  output_dir: {output}
eval:
  interval_epochs: {epochs}
"""

DANN_TASK = "{type: domain_adversarial, hidden: 64, lambda_max: 1.0, holdout: 0.1}"


def make_domains(root: Path, *, num_train: int, num_val: int = 90) -> Path:
    """``root/source`` (source-style crops, seed 0), ``root/target`` (target-style crops,
    seed 1) and ``root/target/unlabeled`` (the target training crops, flat, no labels)."""
    if (root / "target" / "unlabeled").is_dir():
        return root
    make_crops_dataset(root / "source", num_train=num_train, num_val=num_val, size=64, seed=0)
    made = make_crops_dataset(
        root / "target",
        num_train=num_train,
        num_val=num_val,
        size=64,
        seed=1,
        style=SynthStyle.target,
    )
    unlabeled = root / "target" / "unlabeled"
    unlabeled.mkdir()
    for image in sorted(made.train.glob("*/*.png")):
        shutil.copy(image, unlabeled / image.name)
    return root


def write_config(
    tmp: Path, root: Path, *, dann: bool, epochs: int, seed: int = 0, output: str = "run"
) -> Path:
    """A DANN config (``dann``) or the same run as source-only classification."""
    text = CONFIG.format(
        task=DANN_TASK if dann else "{type: classification}",
        root=root,
        unlabeled=f"  unlabeled: {{format: images, images: {root}/target/unlabeled}}\n"
        if dann
        else "",
        epochs=epochs,
        seed=seed,
        output=tmp / output,
    )
    path = tmp / f"{output}.yaml"
    path.write_text(text)
    return path
