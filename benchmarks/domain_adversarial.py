"""DANN against source-only training on the synthetic crops: the figures of the docs page.

    python benchmarks/domain_adversarial.py [--seeds 0 1 2] [--epochs 15] [--train 600] [--out DIR]

Data: ``make_domain_crops`` (source-style crops, seed 0, labeled; target-style crops,
seed 1: the training crops as unlabeled images, the val crops labeled). For each seed it
trains ``configs/domain_adversarial.yaml`` three times, as a user would with overrides:
as it is (DANN), with ``task.lambda_max=0`` (the same batches and separate batch-norm
passes, no reversed gradient: what the adversary adds) and with
``SOURCE_ONLY_OVERRIDES`` (the classifier alone on the source). It prints one JSON line
per seed: the target accuracy of the three, the source-only model's in-domain accuracy
(source val crops), DANN's own ``domain_accuracy`` (held-out source vs target val), and
the balanced accuracy of a fresh logistic-regression domain probe on each model's frozen,
pooled features (fit on the training crops of both domains, scored on their val crops).
"""

import argparse
import json
import tempfile
from pathlib import Path
from typing import Final, cast

import torch
from torch import Tensor, nn

from plugtrain.config import load_config
from plugtrain.data import DomainCrops, FolderDataset, ImageFolderDataset, make_domain_crops
from plugtrain.models import IMAGENET_MEAN, IMAGENET_STD, Classifier, DomainAdversarialClassifier
from plugtrain.runs import SOURCE_ONLY_OVERRIDES, train_from_config
from plugtrain.training import Callback, TrainContext, TrainState

_SIZE: Final = (32, 32)
EXAMPLE: Final = Path(__file__).resolve().parents[1] / "configs" / "domain_adversarial.yaml"


class _Keep(Callback):
    """Keeps the trained model."""

    model: nn.Module | None = None

    def on_fit_end(self, context: TrainContext, state: TrainState) -> None:
        self.model = context.model


def _train(
    domains: DomainCrops, output: Path, *, epochs: int, seed: int, extra: tuple[str, ...]
) -> tuple[dict[str, float], nn.Module]:
    overrides = (
        f"data.train.root={domains.source.train}",
        f"data.unlabeled.images={domains.unlabeled}",
        f"data.val.root={domains.target.val}",
        f"train.epochs={epochs}",
        f"eval.interval_epochs={epochs}",
        f"train.seed={seed}",
        f"train.output_dir={output}",
        *extra,
    )
    keep = _Keep()
    summary = train_from_config(
        load_config(EXAMPLE, overrides), overwrite=True, extra_callbacks=(keep,)
    )
    if keep.model is None:
        raise SystemExit("the run kept no model")
    return summary.metrics, keep.model


def _normalised(images: Tensor) -> Tensor:
    mean = torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1)
    std = torch.tensor(IMAGENET_STD).view(1, 3, 1, 1)
    return (images - mean) / std


def _pooled(backbone: nn.Module, images: Tensor) -> Tensor:
    with torch.no_grad():
        features: list[Tensor] = backbone(_normalised(images))
    return features[-1].mean(dim=(2, 3))


def _stack(dataset: FolderDataset | ImageFolderDataset) -> Tensor:
    return torch.stack([dataset[i].image for i in range(len(dataset))])


def _in_domain(model: Classifier, domains: DomainCrops) -> float:
    """Top-1 accuracy on the source val crops: what the classifier reaches without a shift."""
    model.eval()
    val = FolderDataset(domains.source.val, image_size=_SIZE)
    labels = torch.tensor([val[i].label for i in range(len(val))])
    with torch.no_grad():
        logits: Tensor = model(_normalised(_stack(val)))
    return float((logits.argmax(dim=1) == labels).float().mean())


def _probe(backbone: nn.Module, domains: DomainCrops) -> float:
    """Balanced accuracy of a fresh logistic-regression domain probe on frozen, pooled
    features: fit on the training crops of both domains, scored on their val crops."""
    backbone.eval()
    fit_source = _pooled(backbone, _stack(FolderDataset(domains.source.train, image_size=_SIZE)))
    fit_target = _pooled(backbone, _stack(ImageFolderDataset(domains.unlabeled, image_size=_SIZE)))
    test_source = _pooled(backbone, _stack(FolderDataset(domains.source.val, image_size=_SIZE)))
    test_target = _pooled(backbone, _stack(FolderDataset(domains.target.val, image_size=_SIZE)))
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
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--train", type=int, default=600, help="crops per domain")
    parser.add_argument("--out", type=Path, default=None, help="keep the runs here")
    arguments = parser.parse_args()
    torch.set_num_threads(1)  # the figures of the docs: one thread, as measured
    out = arguments.out or Path(tempfile.mkdtemp(prefix="plugtrain-dann-"))
    domains = make_domain_crops(out / "data", num_train=arguments.train, num_val=90)
    for seed in arguments.seeds:
        runs = {
            name: _train(
                domains, out / f"{name}-{seed}", epochs=arguments.epochs, seed=seed, extra=extra
            )
            for name, extra in (
                ("source", SOURCE_ONLY_OVERRIDES),
                ("lambda0", ("task.lambda_max=0",)),
                ("dann", ()),
            )
        }
        source_model, dann_model = runs["source"][1], runs["dann"][1]
        if not isinstance(source_model, Classifier) or not isinstance(
            dann_model, DomainAdversarialClassifier
        ):
            raise SystemExit("unexpected model types")
        figures = {
            "seed": seed,
            "source_only_in_domain_accuracy": _in_domain(source_model, domains),
            "source_only_target_accuracy": runs["source"][0]["top1_accuracy"],
            "lambda0_target_accuracy": runs["lambda0"][0]["target_accuracy"],
            "dann_target_accuracy": runs["dann"][0]["target_accuracy"],
            "dann_domain_accuracy": runs["dann"][0]["domain_accuracy"],
            "source_only_domain_probe": _probe(source_model.backbone, domains),
            "dann_domain_probe": _probe(dann_model.classifier.backbone, domains),
        }
        print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()
