"""The ``train`` and ``eval`` sections: run length, optimiser, schedule, outputs."""

import itertools
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from plugtrain.config._base import (
    MAX_EPOCHS,
    MAX_LR,
    MAX_STEPS,
    SEED_LIMIT,
    ConfigModel,
    PathText,
    PositiveFloat,
    Probability,
)
from plugtrain.config._metrics import MetricName

__all__ = [
    "AdamWConfig",
    "ConstantSchedulerConfig",
    "CosineSchedulerConfig",
    "EvalConfig",
    "OneCycleSchedulerConfig",
    "OptimizerConfig",
    "SGDConfig",
    "SchedulerConfig",
    "StepSchedulerConfig",
    "TrainConfig",
]

_Momentum = Annotated[float, Field(ge=0.0, lt=1.0)]
_Epochs = Annotated[int, Field(ge=1, le=MAX_EPOCHS)]
_Steps = Annotated[int, Field(ge=0, le=MAX_STEPS)]
_Lr = Annotated[float, Field(gt=0.0, le=MAX_LR)]
_LR = f"learning rate, in (0, {MAX_LR:g}]: a larger one diverges with any optimiser here"
_WARMUP = (
    f"steps of linear warmup from 0.001 x lr; shorter than the run, at most {MAX_STEPS:,} "
    f"(a billion steps is years of training)"
)
_EPOCHS = f"at most {MAX_EPOCHS:,}: more is a typo that would run for months"


class SGDConfig(ConfigModel):
    """SGD with momentum."""

    type: Literal["sgd"] = Field(description="sgd: stochastic gradient descent with momentum")
    lr: _Lr = Field(default=0.01, description=_LR)
    momentum: _Momentum = Field(default=0.9, description="momentum, in [0, 1)")
    weight_decay: Annotated[float, Field(ge=0.0)] = Field(
        default=1e-4, description="L2 penalty, >= 0"
    )
    nesterov: bool = Field(default=False, description="Nesterov momentum")


class AdamWConfig(ConfigModel):
    """AdamW (decoupled weight decay)."""

    type: Literal["adamw"] = Field(description="adamw: Adam with decoupled weight decay")
    lr: _Lr = Field(default=1e-3, description=_LR)
    betas: Annotated[list[_Momentum], Field(min_length=2, max_length=2)] = Field(
        default_factory=lambda: [0.9, 0.999], description="[beta1, beta2], each in [0, 1)"
    )
    weight_decay: Annotated[float, Field(ge=0.0)] = Field(
        default=0.05, description="decoupled, >= 0"
    )
    eps: PositiveFloat = Field(default=1e-8, description="numerical stability term, > 0")


OptimizerConfig = Annotated[SGDConfig | AdamWConfig, Field(discriminator="type")]


class CosineSchedulerConfig(ConfigModel):
    """Cosine decay to ``min_lr_ratio * lr`` over the run, after the warmup."""

    type: Literal["cosine"] = Field(description="cosine decay over the whole run")
    warmup_steps: _Steps = Field(default=0, description=_WARMUP)
    min_lr_ratio: Probability = Field(default=0.0, description="final lr as a fraction of lr")


class StepSchedulerConfig(ConfigModel):
    """Multiply the lr by ``gamma`` at each milestone epoch."""

    type: Literal["step"] = Field(description="step decay at milestone epochs")
    warmup_steps: _Steps = Field(default=0, description=_WARMUP)
    milestones: Annotated[list[_Epochs], Field(min_length=1)] = Field(
        description=f"epochs (strictly increasing, < train.epochs) at which lr *= gamma; {_EPOCHS}"
    )
    gamma: Annotated[float, Field(gt=0.0, le=1.0)] = Field(
        default=0.1, description="decay, in (0, 1]"
    )

    @field_validator("milestones")
    @classmethod
    def _increasing(cls, milestones: list[int]) -> list[int]:
        if any(b <= a for a, b in itertools.pairwise(milestones)):
            raise PydanticCustomError(
                "value",
                "milestones must be strictly increasing epochs, e.g. [8, 11]; got {milestones}",
                {"milestones": str(milestones)},
            )
        return milestones


class OneCycleSchedulerConfig(ConfigModel):
    """The one-cycle policy: warm up to ``lr`` for ``pct_start`` of the run, then anneal."""

    type: Literal["onecycle"] = Field(description="one-cycle policy (its own warmup)")
    pct_start: Annotated[float, Field(gt=0.0, lt=1.0)] = Field(
        default=0.3, description="fraction of the run spent increasing the lr, in (0, 1)"
    )
    div_factor: Annotated[float, Field(ge=1.0)] = Field(
        default=25.0, description="initial lr = lr / div_factor"
    )
    final_div_factor: Annotated[float, Field(ge=1.0)] = Field(
        default=1e4, description="final lr = initial lr / final_div_factor"
    )


class ConstantSchedulerConfig(ConfigModel):
    """A constant lr after the warmup."""

    type: Literal["constant"] = Field(description="constant lr after the warmup")
    warmup_steps: _Steps = Field(default=0, description=_WARMUP)


SchedulerConfig = Annotated[
    CosineSchedulerConfig | StepSchedulerConfig | OneCycleSchedulerConfig | ConstantSchedulerConfig,
    Field(discriminator="type"),
]


def _default_optimizer() -> SGDConfig:
    return SGDConfig(type="sgd")


def _default_scheduler() -> CosineSchedulerConfig:
    return CosineSchedulerConfig(type="cosine")


class TrainConfig(ConfigModel):
    """How long and how to train, and where the outputs go."""

    epochs: _Epochs = Field(default=12, description=f"passes over the training set, {_EPOCHS}")
    seed: Annotated[int, Field(ge=0, lt=SEED_LIMIT)] = Field(
        default=0,
        description="random seed of the whole run, in [0, 2**32): the range numpy, torch and "
        "Python's random all accept",
    )
    optimizer: OptimizerConfig = Field(
        default_factory=_default_optimizer, description="sgd or adamw"
    )
    scheduler: SchedulerConfig = Field(
        default_factory=_default_scheduler, description="cosine, step, onecycle or constant"
    )
    grad_clip_norm: PositiveFloat | None = Field(
        default=None, description="clip the gradient norm to this value, or null"
    )
    output_dir: PathText = Field(
        default="runs/experiment", description="folder for checkpoints, logs and plots"
    )


class EvalConfig(ConfigModel):
    """When to evaluate and which metric picks the best checkpoint."""

    interval_epochs: _Epochs = Field(
        default=1, description=f"evaluate every this many epochs, {_EPOCHS}"
    )
    metric: MetricName | None = Field(
        default=None,
        description="the metric that picks the best checkpoint: one the task reports (task "
        "detection: map, map50, map75; classification: top1_accuracy; ...), or null for the "
        "task's first",
    )
