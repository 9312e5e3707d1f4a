"""The dry run: the configured detector built on the meta device and run, with shape checks.

The detector is built by the builders (as ``plugtrain train`` builds it, see ``_build``)
under ``torch.device("meta")``: parameters have shapes but no memory and no values. The dense part
(backbone -> neck -> head, and the head's anchors) then runs on a meta batch of the
configured ``batch_size`` and ``image_size`` (padded to a multiple of 32, as the detector
pads), in training mode, with runtime shape checks on. It reports the parameters of each
part, the shape of every level the head receives, and an activation-memory estimate (the
bytes of every module output kept for the backward pass).

Target assignment, the loss and NMS depend on values (``nonzero``, ``item``), which the meta
device does not have, so the loss and the postprocessing then run for real on the CPU, on
one image (the configured size, at most 128 px a side) with two synthetic boxes: the path
of the first training step and of inference, at the cost of one small forward pass. A
failure is a ``dry-run`` issue at the config loc of the part that failed
(``model.backbone``, ``model.neck``, ``model.head``), naming the component.
"""

import math
from collections.abc import Callable, Sequence
from typing import Final, TypeVar, cast

import torch
from torch import Tensor, nn

from plugtrain.builders import DetectorModel, build_detector, detection_head
from plugtrain.config import ExperimentConfig, ModelConfig
from plugtrain.errors import ConfigError, ConfigIssue, PlugtrainError
from plugtrain.models import Detector, TwoStageDetector
from plugtrain.structures import Targets
from plugtrain.validation._report import DryRunLoss, DryRunParameters, DryRunReport

__all__ = ["failure", "output_bytes", "run_dry_run"]

T = TypeVar("T")

_PAD: Final = 32
_LOSS_SIDE: Final = 128
_MIB: Final = 2**20


def failure(loc: str, what: str, error: Exception) -> ConfigError:
    detail = (
        error.message if isinstance(error, PlugtrainError) else f"{type(error).__name__}: {error}"
    )
    return ConfigError(
        [ConfigIssue(loc=loc, code="dry-run", message=f"the dry run failed {what}: {detail}")]
    )


def _without_weights(model: ModelConfig) -> ModelConfig:
    backbone = model.backbone.model_copy(update={"weights": None})
    return model.model_copy(update={"backbone": backbone})


def _parameters(module: nn.Module | None) -> int:
    return 0 if module is None else sum(p.numel() for p in module.parameters())


def output_bytes(output: object) -> int:
    if isinstance(output, Tensor):
        return output.numel() * output.element_size()
    if isinstance(output, (list, tuple)):
        return sum(output_bytes(item) for item in cast(Sequence[object], output))
    return 0


def _maps(features: object) -> list[Tensor]:
    """The feature maps a backbone or neck returned (a list of tensors)."""
    items: Sequence[object] = (
        cast(Sequence[object], features) if isinstance(features, (list, tuple)) else ()
    )
    return [item for item in items if isinstance(item, Tensor)]


def _run_part(loc: str, name: str, call: Callable[[], T]) -> T:
    try:
        return call()
    except (PlugtrainError, RuntimeError, ValueError, TypeError) as error:
        raise failure(loc, f"in the {name}", error) from None


def run_dry_run(config: ExperimentConfig, detector: DetectorModel) -> DryRunReport:
    """Run the dense part of ``detector`` (built on the meta device from ``config``).

    ``ConfigError`` (code ``dry-run``) when a forward pass fails.
    """
    detector.train()
    height, width = config.data.image_size
    padded = (math.ceil(height / _PAD) * _PAD, math.ceil(width / _PAD) * _PAD)
    batch = config.data.batch_size
    images = torch.empty(batch, 3, *padded, device="meta")
    kept = [0]

    def count(_module: nn.Module, _inputs: object, output: object) -> None:
        kept[0] += output_bytes(output)

    hooks = [
        module.register_forward_hook(count)
        for module in detector.modules()
        if not list(module.children())
    ]
    try:
        maps = _maps(_run_part("model.backbone", "backbone", lambda: detector.backbone(images)))
        if detector.neck is not None:
            neck = detector.neck
            backbone_maps = maps
            maps = _maps(_run_part("model.neck", "neck", lambda: neck(backbone_maps)))
        _run_head(detector, maps, padded)
    finally:
        for hook in hooks:
            hook.remove()
    loss, postprocess = _loss_and_postprocess(config)
    return DryRunReport(
        input=(batch, 3, *padded),
        levels=tuple(
            (level.name, tuple(int(s) for s in feature.shape))
            for level, feature in zip(detector.feature_spec, maps, strict=True)
        ),
        parameters=DryRunParameters(
            backbone=_parameters(detector.backbone),
            neck=_parameters(detector.neck),
            head=_head_parameters(detector),
            trainable=sum(p.numel() for p in detector.parameters() if p.requires_grad),
        ),
        activation_mib=round(kept[0] / _MIB, 1),
        loss=loss,
        postprocess=postprocess,
    )


def _run_head(detector: DetectorModel, maps: list[Tensor], padded: tuple[int, int]) -> None:
    """The dense head on the meta maps: a one-stage head and its anchors, or the RPN head
    (proposal selection and the second stage need values: they run in the CPU loss)."""
    if isinstance(detector, TwoStageDetector):
        rpn = detector.rpn
        _run_part("model.head.rpn", "RPN head", lambda: rpn(maps))
        return
    head = detector.head
    _run_part("model.head", "head", lambda: head(maps))
    _run_part(
        "model.head",
        "head's anchors",
        lambda: head.make_anchors(
            grid_sizes=[(int(f.shape[-2]), int(f.shape[-1])) for f in maps],
            image_size=padded,
            dtype=maps[0].dtype,
            device=maps[0].device,
        ),
    )


def _head_parameters(detector: DetectorModel) -> int:
    if isinstance(detector, Detector):
        return _parameters(detector.head)
    return sum(
        _parameters(part)
        for part in (detector.rpn, detector.roi_pooler, detector.box_head, detector.box_predictor)
    )


def _loss_and_postprocess(config: ExperimentConfig) -> tuple[DryRunLoss, str]:
    """Loss (training mode) and detections (eval mode) of one real CPU image.

    The weights were checked by the meta build (by the same loader); the values of this
    small CPU copy do not matter, so it is built without them.
    """
    # Target assignment and NMS take the same path at any size; a small image keeps the
    # dry run well under a second on a 2-core CPU even with a ResNet-50 FPN.
    height, width = (min(side, _LOSS_SIDE) for side in config.data.image_size)
    num_classes = detection_head(config.model).num_classes
    generator = torch.Generator().manual_seed(0)
    try:
        detector = build_detector(_without_weights(config.model))
    except (PlugtrainError, RuntimeError, ValueError, TypeError) as error:
        raise failure("model", "while building the detector", error) from None
    image = torch.rand(3, height, width, generator=generator)
    boxes = torch.tensor(
        [
            [0.1 * width, 0.1 * height, 0.5 * width, 0.6 * height],
            [0.4 * width, 0.3 * height, 0.9 * width, 0.9 * height],
        ]
    )
    targets = Targets(
        boxes=boxes,
        labels=torch.tensor([0, num_classes - 1]),
        image_size=(height, width),
        num_classes=num_classes,
        image_id="dry-run",
    )
    detector.train()
    breakdown = _run_part("model.head", "loss", lambda: detector.loss([image], [targets]))
    detector.eval()
    with torch.no_grad():
        found = _run_part("model.postprocess", "postprocessing", lambda: detector([image]))
    loss = DryRunLoss(
        ran_on=f"cpu, 1 image {height}x{width}, 2 synthetic boxes",
        terms=tuple((name, round(value, 4)) for name, value in breakdown.detached().items()),
    )
    return loss, f"ran: {len(found[0])} detections from a random image"
