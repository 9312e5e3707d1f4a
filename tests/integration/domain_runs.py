"""Synthetic source and target crops, and configs for the domain tests.

``example_config`` is ``configs/domain_adversarial.yaml`` pointed at the crops by
overrides, as a user runs it; ``write_config`` is a small file of that config for the
CLI tests that edit its text.
"""

from pathlib import Path
from typing import Final

from plugtrain.config import ExperimentConfig, load_config
from plugtrain.data import DomainCrops, make_domain_crops
from plugtrain.runs import SOURCE_ONLY_OVERRIDES

EXAMPLE: Final = Path(__file__).resolve().parents[2] / "configs" / "domain_adversarial.yaml"

CONFIG = """\
task: {task}
model:
  backbone: {{type: tiny, channels: [16, 32, 64, 64], out_levels: [4]}}
  neck: null
  head: {{type: classification, num_classes: 3}}
data:
  train: {{format: folders, root: {domains.source.train}}}
{unlabeled}  val: {{format: folders, root: {domains.target.val}}}
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


def make_domains(root: Path, *, num_train: int, num_val: int = 90) -> DomainCrops:
    """The crops of both domains under ``root`` (see ``make_domain_crops``)."""
    return make_domain_crops(root, num_train=num_train, num_val=num_val, size=64, seed=0)


def example_config(
    domains: DomainCrops, output: Path, *, source_only: bool = False, seed: int = 0
) -> ExperimentConfig:
    """The example config on ``domains`` (or its source-only baseline), writing to
    ``output``; everything else (model, optimiser, epochs, task) as the file says."""
    overrides = [
        f"data.train.root={domains.source.train}",
        f"data.unlabeled.images={domains.unlabeled}",
        f"data.val.root={domains.target.val}",
        f"train.seed={seed}",
        f"train.output_dir={output}",
    ]
    if source_only:
        overrides.extend(SOURCE_ONLY_OVERRIDES)
    return load_config(EXAMPLE, overrides)


def write_config(
    tmp: Path, domains: DomainCrops, *, dann: bool, epochs: int, seed: int = 0, output: str = "run"
) -> Path:
    """A small DANN config (``dann``) or the same run as source-only classification."""
    text = CONFIG.format(
        task=DANN_TASK if dann else "{type: classification}",
        domains=domains,
        unlabeled=f"  unlabeled: {{format: images, images: {domains.unlabeled}}}\n" if dann else "",
        epochs=epochs,
        seed=seed,
        output=tmp / output,
    )
    path = tmp / f"{output}.yaml"
    path.write_text(text)
    return path
