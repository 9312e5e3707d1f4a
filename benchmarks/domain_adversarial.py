"""DANN against source-only training on the synthetic crops: the figures of the docs page.

    python benchmarks/domain_adversarial.py [--seeds 0 1] [--epochs 15] [--train 600] [--out DIR]

Source: shape crops in the source style (seed 0), labeled. Target: crops in the target
style (seed 1): the training crops as unlabeled images, the val crops labeled. For each
seed it trains the same model twice, ``task: domain_adversarial`` and ``task:
classification`` (source only), and prints one JSON line: the target accuracy of both, the
DANN model's own ``domain_accuracy`` (held-out source vs target val), and the balanced
accuracy of a fresh logistic-regression domain probe on each model's frozen, pooled
features (fit on the training crops of both domains, scored on their val crops).

CPU-heavy: about 250 + 285 optimiser steps of 64 and 32 images of 32 x 32 per seed.
"""

import argparse
import json
import shutil
import tempfile
from pathlib import Path
from typing import Final, cast

import torch
from torch import Tensor, nn

from plugtrain.config import load_config
from plugtrain.data import FolderDataset, ImageFolderDataset, SynthStyle, make_crops_dataset
from plugtrain.models import IMAGENET_MEAN, IMAGENET_STD, Classifier, DomainAdversarialClassifier
from plugtrain.runs import train_from_config
from plugtrain.training import Callback, TrainContext, TrainState

_SIZE: Final = (32, 32)

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


class _Keep(Callback):
    """Keeps the trained model."""

    model: nn.Module | None = None

    def on_fit_end(self, context: TrainContext, state: TrainState) -> None:
        self.model = context.model


def _train(
    tmp: Path, root: Path, *, dann: bool, epochs: int, seed: int
) -> tuple[dict[str, float], nn.Module]:
    output = f"{'dann' if dann else 'source'}-{seed}"
    config = load_config(
        write_config(tmp, root, dann=dann, epochs=epochs, seed=seed, output=output)
    )
    keep = _Keep()
    summary = train_from_config(config, extra_callbacks=(keep,))
    if keep.model is None:
        raise SystemExit("the run kept no model")
    return summary.metrics, keep.model


def _pooled(backbone: nn.Module, images: Tensor) -> Tensor:
    mean = torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1)
    std = torch.tensor(IMAGENET_STD).view(1, 3, 1, 1)
    with torch.no_grad():
        features: list[Tensor] = backbone((images - mean) / std)
    return features[-1].mean(dim=(2, 3))


def _stack(dataset: FolderDataset | ImageFolderDataset) -> Tensor:
    return torch.stack([dataset[i].image for i in range(len(dataset))])


def _probe(backbone: nn.Module, root: Path) -> float:
    """Balanced accuracy of a fresh logistic-regression domain probe on frozen, pooled
    features: fit on the training crops of both domains, scored on their val crops."""
    backbone.eval()
    fit_source = _pooled(backbone, _stack(FolderDataset(root / "source/train", image_size=_SIZE)))
    fit_target = _pooled(
        backbone, _stack(ImageFolderDataset(root / "target/unlabeled", image_size=_SIZE))
    )
    test_source = _pooled(backbone, _stack(FolderDataset(root / "source/val", image_size=_SIZE)))
    test_target = _pooled(backbone, _stack(FolderDataset(root / "target/val", image_size=_SIZE)))
    fit = torch.cat([fit_source, fit_target])
    centre, scale = fit.mean(0), fit.std(0) + 1e-6
    labels = torch.cat([torch.zeros(len(fit_source)), torch.ones(len(fit_target))])
    torch.manual_seed(0)  # pyright: ignore[reportUnknownMemberType]  # torch leaves `seed` unannotated
    probe = nn.Linear(fit.shape[1], 1)
    optimizer = cast(torch.optim.Optimizer, torch.optim.Adam(probe.parameters(), lr=0.05))
    for _ in range(300):
        optimizer.zero_grad()
        logits: Tensor = probe((fit - centre) / scale)
        loss = nn.functional.binary_cross_entropy_with_logits(logits.squeeze(1), labels)
        torch.autograd.backward(loss)
        optimizer.step()
    with torch.no_grad():
        on_source: Tensor = probe((test_source - centre) / scale).squeeze(1)
        on_target: Tensor = probe((test_target - centre) / scale).squeeze(1)
    return 0.5 * (float((on_source < 0).float().mean()) + float((on_target > 0).float().mean()))


def main() -> None:
    parser = argparse.ArgumentParser(description="DANN against source-only training")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1])
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--train", type=int, default=600, help="crops per domain")
    parser.add_argument("--out", type=Path, default=None, help="keep the runs here")
    arguments = parser.parse_args()
    out = arguments.out or Path(tempfile.mkdtemp(prefix="plugtrain-dann-"))
    root = make_domains(out / "data", num_train=arguments.train)
    for seed in arguments.seeds:
        source_metrics, source_model = _train(
            out, root, dann=False, epochs=arguments.epochs, seed=seed
        )
        dann_metrics, dann_model = _train(out, root, dann=True, epochs=arguments.epochs, seed=seed)
        if not isinstance(source_model, Classifier) or not isinstance(
            dann_model, DomainAdversarialClassifier
        ):
            raise SystemExit("unexpected model types")
        figures = {
            "seed": seed,
            "source_only_target_accuracy": source_metrics["top1_accuracy"],
            "source_only_domain_probe": _probe(source_model.backbone, root),
            "dann_target_accuracy": dann_metrics["target_accuracy"],
            "dann_domain_accuracy": dann_metrics["domain_accuracy"],
            "dann_domain_probe": _probe(dann_model.classifier.backbone, root),
        }
        print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()
