"""The dry run of the setups other than detection, through the one model table.

The model is built by its task's row of ``plugtrain.builders.MODEL_BUILDERS`` (what
``plugtrain train`` calls) on the meta device and its forward runs on a meta batch of the
configured size, counting the activations kept. Then the task's loss runs for real on the
CPU, on a small synthetic batch (two images of at most 128 px a side): the first training
step's path. Each setup gives that loss in :data:`TASK_LOSSES`; detection has its own dry
run (``_dry_run``: anchors, targets and postprocessing).
"""

import math
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final

import torch
from torch import Tensor, nn

from plugtrain.builders import MODEL_BUILDERS, argument_path, build_backbone
from plugtrain.components.backbones import WeightsReport
from plugtrain.config import (
    AutoencoderTaskConfig,
    ContrastiveTaskConfig,
    ExperimentConfig,
    Finding,
)
from plugtrain.errors import ArgumentError, CheckpointError, CompatibilityError, PlugtrainError
from plugtrain.structures import FeatureSpec, LossBreakdown
from plugtrain.tasks import (
    AutoencoderTask,
    ClassificationBatch,
    ClassificationTask,
    ContrastiveTask,
    TwoViewBatch,
    UnlabeledBatch,
)
from plugtrain.validation._cost import measure_cost
from plugtrain.validation._domain_dry_run import domain_adversarial_loss
from plugtrain.validation._dry_run import failure, output_bytes
from plugtrain.validation._report import DryRunLoss, DryRunParameters, DryRunReport

__all__ = ["TASK_LOSSES", "TaskBuild", "TaskLoss", "build_task_model_on_meta", "run_task_dry_run"]

_PAD: Final = 32
_LOSS_SIDE: Final = 128
_LOSS_BATCH: Final = 2
_MIB: Final = 2**20

TaskLoss = Callable[[ExperimentConfig, nn.Module, tuple[int, int]], LossBreakdown]
"""The task's loss of a CPU ``model`` on a synthetic batch of ``(height, width)`` images."""


def _classification_loss(
    config: ExperimentConfig, model: nn.Module, size: tuple[int, int]
) -> LossBreakdown:
    generator = torch.Generator().manual_seed(0)
    images = torch.rand(_LOSS_BATCH, 3, *size, generator=generator)
    num_classes = config.model.head.num_classes
    labels = torch.tensor([0, num_classes - 1], dtype=torch.int64)
    return ClassificationTask().loss(model, ClassificationBatch(images=images, labels=labels))


def _autoencoder_loss(
    config: ExperimentConfig, model: nn.Module, size: tuple[int, int]
) -> LossBreakdown:
    task = config.task
    kind = task.loss if isinstance(task, AutoencoderTaskConfig) else "mse"
    images = torch.rand(_LOSS_BATCH, 3, *size, generator=torch.Generator().manual_seed(0))
    return AutoencoderTask(loss=kind).loss(model, UnlabeledBatch(images=images))


def _contrastive_loss(
    config: ExperimentConfig, model: nn.Module, size: tuple[int, int]
) -> LossBreakdown:
    task = config.task
    temperature = task.temperature if isinstance(task, ContrastiveTaskConfig) else 0.2
    generator = torch.Generator().manual_seed(0)
    views = torch.rand(2, _LOSS_BATCH, 3, *size, generator=generator)
    batch = TwoViewBatch(view_a=views[0], view_b=views[1])
    return ContrastiveTask(temperature=temperature).loss(model, batch)


TASK_LOSSES: Final[Mapping[str, TaskLoss]] = MappingProxyType(
    {
        "classification": _classification_loss,
        "domain_adversarial": domain_adversarial_loss,
        "autoencoder": _autoencoder_loss,
        "contrastive": _contrastive_loss,
    }
)
"""``task.type`` -> its dry-run loss (every task but detection; a setup adds its row)."""


@dataclass(slots=True)
class TaskBuild:
    """The model on the meta device (``None`` when its builder refused), the findings, the
    backbone's levels and what loading its weights did (``None`` without weights)."""

    model: nn.Module | None = None
    findings: list[Finding] = field(default_factory=list[Finding])
    backbone_spec: FeatureSpec | None = None
    weights: WeightsReport | None = None


def build_task_model_on_meta(config: ExperimentConfig, *, backbone_levels: bool) -> TaskBuild:
    """``MODEL_BUILDERS[task.type](config)`` on the meta device; a refusal as a finding.

    ``backbone_levels``: also build the backbone alone, without its weights, for its levels
    (a torchvision backbone's are known only once built).
    """
    result = TaskBuild()
    reports: list[WeightsReport] = []
    with torch.device("meta"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result.model = MODEL_BUILDERS[config.task.type](config, on_weights=reports.append)
            result.weights = reports[-1] if reports else None
            if backbone_levels:
                weightless = config.model.backbone.model_copy(update={"weights": None})
                result.backbone_spec = build_backbone(weightless).feature_spec
        except ArgumentError as error:
            result.findings.append(
                Finding(argument_path(config.model, error), "value", error.message)
            )
        except CompatibilityError as error:
            result.findings.append(Finding(("model", "head"), "incompatible-parts", error.message))
        except CheckpointError as error:
            result.findings.append(
                Finding(("model", "backbone", "weights"), "weights-mismatch", error.message)
            )
    return result


def _parameters(module: nn.Module | None) -> int:
    return 0 if module is None else sum(p.numel() for p in module.parameters())


def _shape(output: object) -> tuple[int, ...]:
    return tuple(int(s) for s in output.shape) if isinstance(output, Tensor) else ()


def run_task_dry_run(config: ExperimentConfig, model: nn.Module) -> DryRunReport:
    """Forward of ``model`` (on the meta device) and the task's loss on the CPU.

    ``ConfigError`` (code ``dry-run``) when either fails.
    """
    model.train()
    height, width = config.data.image_size
    padded = (math.ceil(height / _PAD) * _PAD, math.ceil(width / _PAD) * _PAD)
    batch = config.data.batch_size
    images = torch.empty(batch, 3, *padded, device="meta")
    kept = [0]

    def count(_module: nn.Module, _inputs: object, output: object) -> None:
        kept[0] += output_bytes(output)

    hooks = [m.register_forward_hook(count) for m in model.modules() if not list(m.children())]
    try:
        with measure_cost(batch) as meter:
            output: object = model(images)
    except (PlugtrainError, RuntimeError, ValueError, TypeError) as error:
        raise failure("model", "in the model's forward", error) from None
    finally:
        for hook in hooks:
            hook.remove()
    loss = _cpu_loss(config)
    children = dict(model.named_children())
    backbone, neck = children.get("backbone"), children.get("neck")
    total = _parameters(model)
    return DryRunReport(
        input=(batch, 3, *padded),
        levels=(("output", _shape(output)),),
        parameters=DryRunParameters(
            backbone=_parameters(backbone),
            neck=_parameters(neck),
            head=total - _parameters(backbone) - _parameters(neck),
            trainable=sum(p.numel() for p in model.parameters() if p.requires_grad),
        ),
        activation_mib=round(kept[0] / _MIB, 1),
        loss=loss,
        postprocess=f"none (the {config.task.type} setup has no postprocessing)",
        cost=meter.result(),
    )


def _cpu_loss(config: ExperimentConfig) -> DryRunLoss:
    size = (min(config.data.image_size[0], _LOSS_SIDE), min(config.data.image_size[1], _LOSS_SIDE))
    without = config.model.backbone.model_copy(update={"weights": None})
    small = config.model_copy(
        update={"model": config.model.model_copy(update={"backbone": without})}
    )
    try:
        model = MODEL_BUILDERS[config.task.type](small)
    except (PlugtrainError, RuntimeError, ValueError, TypeError) as error:
        raise failure("model", "while building the model", error) from None
    model.train()
    try:
        breakdown = TASK_LOSSES[config.task.type](small, model, size)
    except (PlugtrainError, RuntimeError, ValueError, TypeError) as error:
        raise failure("task", f"in the {config.task.type} loss", error) from None
    return DryRunLoss(
        ran_on=f"cpu, {_LOSS_BATCH} synthetic images {size[0]}x{size[1]}",
        terms=tuple((name, round(value, 4)) for name, value in breakdown.detached().items()),
    )
