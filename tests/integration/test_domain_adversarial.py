"""DANN carries a classifier over to a new domain: the proof by effect.

Shape crops in the source style (labeled) and the target style (inverted, washed orange,
blurred, grainy; unlabeled for training, labeled for measuring). Trained on the source
alone, a classifier's features tell the domains apart (a probe separates them) and its
accuracy on the target drops. Trained domain-adversarially, the same model's own domain
classifier is near chance on held-out images and its target accuracy is clearly higher.
"""

from pathlib import Path
from typing import Final, cast

import pytest
import torch
from torch import Tensor, nn

from plugtrain.config import load_config
from plugtrain.data import FolderDataset, ImageFolderDataset
from plugtrain.models import IMAGENET_MEAN, IMAGENET_STD, Classifier, DomainAdversarialClassifier
from plugtrain.runs import train_from_config
from plugtrain.training import Callback, TrainContext, TrainState
from tests.integration.domain_runs import make_domains, write_config

_TRAIN: Final = 600
_EPOCHS: Final = 15
_SIZE: Final = (32, 32)


class _Keep(Callback):
    """Keeps the trained model."""

    model: nn.Module | None = None

    def on_fit_end(self, context: TrainContext, state: TrainState) -> None:
        self.model = context.model


def _train(tmp: Path, root: Path, *, dann: bool) -> tuple[dict[str, float], nn.Module]:
    config = load_config(
        write_config(tmp, root, dann=dann, epochs=_EPOCHS, output="dann" if dann else "source")
    )
    keep = _Keep()
    summary = train_from_config(config, extra_callbacks=(keep,))
    assert keep.model is not None
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


@pytest.fixture(scope="module")
def domains(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_domains(tmp_path_factory.mktemp("domains"), num_train=_TRAIN)


def test_dann_aligns_the_domains_and_beats_source_only(domains: Path, tmp_path: Path) -> None:
    source_metrics, source_model = _train(tmp_path, domains, dann=False)
    dann_metrics, dann_model = _train(tmp_path, domains, dann=True)
    assert isinstance(source_model, Classifier)
    assert isinstance(dann_model, DomainAdversarialClassifier)
    source_only = source_metrics["top1_accuracy"]
    source_probe = _probe(source_model.backbone, domains)
    dann_probe = _probe(dann_model.classifier.backbone, domains)
    figures = (
        f"source-only: target accuracy {source_only:.3f}, domain probe {source_probe:.3f}; "
        f"DANN: target accuracy {dann_metrics['target_accuracy']:.3f}, domain accuracy "
        f"{dann_metrics['domain_accuracy']:.3f}, domain probe {dann_probe:.3f}"
    )
    print(figures)
    # the source-only features show the domain; DANN's own domain classifier is fooled
    assert source_probe > SOURCE_PROBE_ABOVE, figures
    assert dann_metrics["domain_accuracy"] < DANN_DOMAIN_BELOW, figures
    # and the classifier carries over to the target domain clearly better
    assert dann_metrics["target_accuracy"] > source_only + TARGET_MARGIN, figures


SOURCE_PROBE_ABOVE: Final = 0.75
DANN_DOMAIN_BELOW: Final = 0.7
TARGET_MARGIN: Final = 0.08
