"""The dry-run loss of ``task: {type: domain_adversarial}``: one step's path on the CPU."""

from typing import Final

import torch
from torch import nn

from plugtrain.config import ExperimentConfig
from plugtrain.structures import LossBreakdown
from plugtrain.tasks import DomainAdversarialBatch, DomainAdversarialTask

__all__ = ["domain_adversarial_loss"]

_BATCH: Final = 2


def domain_adversarial_loss(
    config: ExperimentConfig, model: nn.Module, size: tuple[int, int]
) -> LossBreakdown:
    """Class and domain loss of ``model`` on two source and two target images of ``size``."""
    generator = torch.Generator().manual_seed(0)
    images = torch.rand(_BATCH, 3, *size, generator=generator)
    target = torch.rand(_BATCH, 3, *size, generator=generator)
    num_classes = config.model.head.num_classes
    labels = torch.tensor([0, num_classes - 1], dtype=torch.int64)
    batch = DomainAdversarialBatch(images=images, labels=labels, target_images=target)
    return DomainAdversarialTask().loss(model, batch)
