"""The autoencoder setup: the backbone learns to remake unlabeled images through a decoder.

``task: {type: autoencoder}``; ``model.head: {type: reconstruction}``; ``data.train`` any
set whose images are read (``images``, or the images of a ``folders``/``coco`` set).
Images are resized to ``data.image_size``, flipped at random for training and normalised;
the loss compares the reconstruction with the normalised image. On ``data.val`` it reports
``reconstruction_mse`` beside ``input_variance`` (the error of the best constant guess), and
draws ``reconstructions.png`` (inputs above their reconstructions).
"""

import functools
import io
from collections.abc import Callable
from typing import Final, final

import torch
from PIL import Image
from torch import nn
from torchvision.utils import make_grid

from plugtrain._seed import seed_everything
from plugtrain.builders import MODEL_BUILDERS
from plugtrain.config import AutoencoderTaskConfig, ExperimentConfig
from plugtrain.errors import ArgumentError, TrainingError
from plugtrain.models import IMAGENET_MEAN, IMAGENET_STD
from plugtrain.runs._output import RunFolder
from plugtrain.runs._setup import PreparedRun, Setup, no_artifacts
from plugtrain.runs._unlabeled import (
    ImageSamples,
    collate_images,
    eval_images_loader,
    images_of,
    train_loader_of,
)
from plugtrain.tasks import AutoencoderTask, reconstruction_metrics
from plugtrain.training import atomic_write_bytes

__all__ = ["AutoencoderSetup", "save_reconstructions"]

_TRAIN_FLIP: Final = 0.5
_TILE: Final = 96


def _task_config(config: ExperimentConfig) -> AutoencoderTaskConfig:
    task = config.task
    if not isinstance(task, AutoencoderTaskConfig):
        raise ArgumentError(
            part="AutoencoderSetup",
            argument="config",
            received=f"task.type: {task.type}",
            expected="task.type: autoencoder",
            fix="run this config with its own setup: SETUPS[config.task.type]",
        )
    return task


def _evaluator(
    val: ImageSamples, config: ExperimentConfig, device: torch.device
) -> Callable[[nn.Module], dict[str, float]]:
    loader = eval_images_loader(val, config.data)

    def evaluate(model: nn.Module) -> dict[str, float]:
        return reconstruction_metrics(model, loader, device=device).as_dict()

    return evaluate


def save_reconstructions(
    model: nn.Module, folder: RunFolder, *, val: ImageSamples, count: int, device: torch.device
) -> None:
    """``reconstructions.png``: ``count`` val images spread over the set, each above its
    reconstruction (values clamped to [0, 1] after undoing the normalisation)."""
    step = max(1, len(val) // count)
    indices = list(range(0, min(len(val), step * count), step))
    if not indices:
        return
    images = collate_images([val[index] for index in indices]).images.to(device)
    was_training = model.training
    model.eval()
    with torch.no_grad():
        remade: torch.Tensor = model(images)
    model.train(was_training)
    mean = torch.tensor(IMAGENET_MEAN, device=device).view(1, 3, 1, 1)
    std = torch.tensor(IMAGENET_STD, device=device).view(1, 3, 1, 1)
    pairs = torch.cat([images, remade]) * std + mean
    tiles = torch.nn.functional.interpolate(pairs.clamp(0, 1), size=(_TILE, _TILE))
    grid = make_grid((tiles * 255).to(torch.uint8).cpu(), nrow=len(indices), padding=4)
    picture = io.BytesIO()
    Image.fromarray(grid.permute(1, 2, 0).numpy()).save(picture, format="png")
    atomic_write_bytes(
        folder.reconstructions, picture.getvalue(), kind=TrainingError, what="the reconstructions"
    )


@final
class AutoencoderSetup(Setup):
    """Auto-encoding pretraining (``task: {type: autoencoder}``)."""

    def prepare(
        self, config: ExperimentConfig, *, rank: int, world_size: int, device: torch.device
    ) -> PreparedRun:
        task = _task_config(config)
        size = (config.data.image_size[0], config.data.image_size[1])
        train = images_of(config.data.train, image_size=size, flip=_TRAIN_FLIP)
        loader = train_loader_of(
            train, config, collate=collate_images, rank=rank, world_size=world_size
        )
        seed_everything(config.train.seed)  # the same initial weights on every rank
        model = MODEL_BUILDERS["autoencoder"](config)
        evaluate: Callable[[nn.Module], dict[str, float]] | None = None
        write: Callable[[nn.Module, RunFolder], None] = no_artifacts
        if config.data.val is not None:
            val = images_of(config.data.val, image_size=size)
            evaluate = _evaluator(val, config, device)
            write = functools.partial(
                save_reconstructions, val=val, count=task.preview_images, device=device
            )
        return PreparedRun(
            model=model,
            task=AutoencoderTask(loss=task.loss),
            train_loader=loader,
            steps_per_epoch=len(loader),
            class_names=(),
            evaluate=evaluate,
            write_artifacts=write,
        )

    def evaluation(
        self, config: ExperimentConfig, *, device: torch.device
    ) -> tuple[nn.Module, Callable[[nn.Module], dict[str, float]] | None]:
        """The auto-encoder of ``config`` and its metrics on ``data.val`` (the training set
        is not read)."""
        model = MODEL_BUILDERS["autoencoder"](config)
        if config.data.val is None:
            return model, None
        size = (config.data.image_size[0], config.data.image_size[1])
        return model, _evaluator(images_of(config.data.val, image_size=size), config, device)
