"""plugtrain FCOS, RetinaNet and Faster R-CNN vs torchvision's, same weights and settings.

    python benchmarks/detector_vs_torchvision.py [--inference-repeats N] [--train-repeats N]
        [--size 512] [--busy-head] [--kinds fcos retinanet faster_rcnn]

Each torchvision model (ResNet-18 FPN, 91 classes, random init, no downloads; P3..P7 for
FCOS and RetinaNet, P2..P5 and the pooled level for Faster R-CNN) is
converted with ``plugtrain.interop.from_torchvision``, so both sides run the same weights
with the same pre- and postprocessing. Measured on the CPU in one process, shape checks
on: inference (batch 1, ``torch.no_grad``) and one training step (batch 2: forward, loss,
backward). Repetitions of the two sides are interleaved (alternating which goes first);
reported are the median times, their ratio, and the median of the per-pair ratios (each
plugtrain run against the torchvision run next to it: robust when other processes load the
machine for a while). Target (DESIGN): plugtrain / torchvision <= 1.02 for each of the four.

``--work`` prints, instead of timings, what each side computes in one inference and one
training step of each model (torch.profiler, operator by operator: calls of NMS, RoIAlign,
top-k, matrix products and losses, with the rows they take), to check that both sides do
the same work before their times are compared.

``--busy-head`` spreads the head's random predictions so that thousands of candidates
reach decoding and NMS (random-init heads score every class about 0.01, below both
models' thresholds, so the default measures the networks and an empty postprocess). For
Faster R-CNN the RPN's proposals always reach NMS and RoI pooling; ``--busy-head`` does
not change it.
"""

import argparse
import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol, cast

import torch
from torch import Tensor, nn
from torch.profiler import ProfilerActivity, profile
from torchvision.models.detection import FCOS, FasterRCNN, RetinaNet
from torchvision.models.detection.backbone_utils import resnet_fpn_backbone
from torchvision.ops import FrozenBatchNorm2d
from torchvision.ops.feature_pyramid_network import LastLevelP6P7

from plugtrain.interop import from_torchvision
from plugtrain.models import TwoStageDetector
from plugtrain.structures import Targets
from plugtrain.typing import checks_enabled

NUM_CLASSES = 91
BOXES_PER_IMAGE = 6
Kind = Literal["fcos", "retinanet", "faster_rcnn"]
KINDS: tuple[Kind, ...] = ("fcos", "retinanet", "faster_rcnn")
_BY_NAME: dict[str, Kind] = {kind: kind for kind in KINDS}


def build_torchvision(kind: Kind, size: int) -> FCOS | RetinaNet | FasterRCNN:
    """torchvision's builder recipe with a ResNet-18 body: FrozenBN, 3 trainable stages."""
    if kind == "faster_rcnn":
        rcnn_backbone = resnet_fpn_backbone(
            backbone_name="resnet18", weights=None, norm_layer=FrozenBatchNorm2d, trainable_layers=3
        )
        return FasterRCNN(rcnn_backbone, NUM_CLASSES, min_size=size, max_size=size)
    backbone = resnet_fpn_backbone(
        backbone_name="resnet18",
        weights=None,
        norm_layer=FrozenBatchNorm2d,
        trainable_layers=3,
        returned_layers=[2, 3, 4],
        extra_blocks=LastLevelP6P7(256, 256),
    )
    if kind == "fcos":
        return FCOS(backbone, NUM_CLASSES, min_size=size, max_size=size)
    return RetinaNet(backbone, NUM_CLASSES, min_size=size, max_size=size)


def busy_head(model: nn.Module) -> None:
    """Spread the class and box predictions so many candidates pass the thresholds."""
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if name.startswith("head.") and name.endswith(("cls_logits.weight", "bbox_reg.weight")):
                parameter.normal_(0.0, 0.01)
            if name.startswith("head.") and name.endswith("cls_logits.bias"):
                parameter.fill_(-2.0)


def synthetic_batch(
    count: int, size: int, seed: int, *, num_classes: int = NUM_CLASSES
) -> tuple[list[Tensor], list[Targets]]:
    generator = torch.Generator().manual_seed(seed)
    images = [torch.rand((3, size, size), generator=generator) for _ in range(count)]
    targets: list[Targets] = []
    for _ in range(count):
        corner = torch.rand((BOXES_PER_IMAGE, 2), generator=generator) * (size * 0.7)
        extent = torch.rand((BOXES_PER_IMAGE, 2), generator=generator) * (size * 0.25) + 16
        boxes = torch.cat([corner, (corner + extent).clamp(max=size)], dim=1)
        labels = torch.randint(0, num_classes, (BOXES_PER_IMAGE,), generator=generator)
        targets.append(
            Targets(boxes=boxes, labels=labels, image_size=(size, size), num_classes=num_classes)
        )
    return images, targets


@dataclass(frozen=True)
class Comparison:
    """Median seconds of each side and the median of per-pair ratios."""

    torchvision: float
    plugtrain: float
    paired_ratio: float

    @property
    def ratio(self) -> float:
        return self.plugtrain / self.torchvision


def _interleaved(
    torchvision: Callable[[], None], plugtrain: Callable[[], None], repeats: int, warmup: int
) -> Comparison:
    for _ in range(warmup):
        torchvision()
        plugtrain()
    tv_times: list[float] = []
    pt_times: list[float] = []
    for repeat in range(repeats):
        order = [(tv_times, torchvision), (pt_times, plugtrain)]
        if repeat % 2:
            order.reverse()  # alternate who goes first so drift hits both sides alike
        for times, fn in order:
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    return Comparison(
        torchvision=statistics.median(tv_times),
        plugtrain=statistics.median(pt_times),
        paired_ratio=statistics.median(pt / tv for pt, tv in zip(pt_times, tv_times, strict=True)),
    )


def _check_detections(found: object, count: int) -> None:
    kind = type(found).__name__
    size = len(cast(list[object], found)) if isinstance(found, list) else None
    if size != count:
        raise RuntimeError(f"expected a list of {count} results, got a {kind} of {size}")


_WORK_OPS = (
    "torchvision::nms",
    "torchvision::roi_align",
    "aten::topk",
    "aten::addmm",
    "aten::mm",
    "aten::binary_cross_entropy_with_logits",
    "aten::smooth_l1_loss",
    "aten::nll_loss_forward",
    "aten::mkldnn_convolution",
)


class _Average(Protocol):
    """What is read of torch.profiler's FunctionEventAvg (its attributes are unannotated)."""

    key: str
    count: int
    input_shapes: list[list[int]]


def operator_work(step: Callable[[], None]) -> Counter[str]:
    """Calls and rows per operator of ``step``: ``{"op": calls, "op rows": rows}`` (rows:
    the first dimension of the first input, summed over the calls)."""
    with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as profiler:
        step()
    work: Counter[str] = Counter()
    averages = cast(list[_Average], list(profiler.key_averages(group_by_input_shape=True)))
    for average in averages:
        if average.key in _WORK_OPS:
            shapes = average.input_shapes
            rows = shapes[0][0] if shapes and shapes[0] else 0
            work[average.key] += average.count
            work[f"{average.key} rows"] += average.count * rows
    return work


def measure(
    kind: Kind,
    *,
    size: int,
    inference_repeats: int,
    train_repeats: int,
    warmup: int,
    busy: bool,
    work: bool = False,
) -> dict[str, Comparison]:
    """Median seconds of inference and of a training step, torchvision and plugtrain
    (with ``work``: the operator work of each instead, printed, and no timings)."""
    torch.manual_seed(0)  # pyright: ignore[reportUnknownMemberType]  # torch leaves `seed` unannotated
    model = build_torchvision(kind, size)
    if busy:
        busy_head(model)
    detector = from_torchvision(model)
    one_image, _ = synthetic_batch(1, size, seed=1)
    two_images, targets = synthetic_batch(2, size, seed=2, num_classes=detector.num_classes)
    # Faster R-CNN's class 0 is the background: plugtrain's label k is torchvision's k + 1
    offset = 1 if isinstance(detector, TwoStageDetector) else 0
    tv_targets = [{"boxes": t.boxes, "labels": t.labels + offset} for t in targets]

    def tv_inference() -> None:
        with torch.no_grad():
            _check_detections(model(one_image), 1)

    def pt_inference() -> None:
        with torch.no_grad():
            _check_detections(detector(one_image), 1)

    def tv_train_step() -> None:
        model.zero_grad(set_to_none=True)
        losses: dict[str, Tensor] = model(two_images, tv_targets)
        total = torch.stack(list(losses.values())).sum()
        torch.autograd.backward(total)

    def pt_train_step() -> None:
        detector.zero_grad(set_to_none=True)
        torch.autograd.backward(detector.loss(two_images, targets).total)

    if work:
        for mode, tv_step, pt_step in (
            ("inference", tv_inference, pt_inference),
            ("train", tv_train_step, pt_train_step),
        ):
            model.train(mode == "train")
            detector.train(mode == "train")
            tv_work, pt_work = operator_work(tv_step), operator_work(pt_step)
            for name in sorted(set(tv_work) | set(pt_work)):
                same = "" if tv_work[name] == pt_work[name] else "  <- differs"
                print(
                    f"{kind:<11} {mode:<9} {name:<48} {tv_work[name]:>9} {pt_work[name]:>9}{same}"
                )
        return {}
    model.eval()
    detector.eval()
    inference = _interleaved(tv_inference, pt_inference, inference_repeats, warmup)
    model.train()
    detector.train()
    training = _interleaved(tv_train_step, pt_train_step, train_repeats, warmup)
    return {"inference": inference, "train": training}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--inference-repeats", type=int, default=25)
    parser.add_argument("--train-repeats", type=int, default=9)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--size", type=int, default=512)
    parser.add_argument("--busy-head", action="store_true")
    parser.add_argument("--kinds", nargs="+", default=list(KINDS))
    parser.add_argument("--work", action="store_true", help="operator work, no timings")
    args = parser.parse_args()
    print(
        f"torch {torch.__version__}, {torch.get_num_threads()} threads, ResNet-18 FPN, "
        f"{args.size}x{args.size}, {NUM_CLASSES} classes, shape checks "
        f"{'on' if checks_enabled() else 'OFF'}, {'busy' if args.busy_head else 'random-init'} "
        f"head, medians of {args.inference_repeats} (inference) and {args.train_repeats} (train) "
        "interleaved runs"
    )
    if not args.work:
        print(
            f"{'model':<11} {'task':<22} {'torchvision ms':>14} {'plugtrain ms':>12} "
            f"{'ratio':>7} {'paired ratio':>12}"
        )
    for name in args.kinds:
        kind = _BY_NAME.get(name)
        if kind is None:
            parser.error(f"unknown kind {name!r}; use some of {', '.join(KINDS)}")
        result = measure(
            kind,
            size=args.size,
            inference_repeats=args.inference_repeats,
            train_repeats=args.train_repeats,
            warmup=args.warmup,
            busy=args.busy_head,
            work=args.work,
        )
        for task, label in (
            ("inference", "inference (batch 1)"),
            ("train", "train step (batch 2)"),
        ):
            found = result.get(task)
            if found is None:
                continue
            print(
                f"{kind:<11} {label:<22} {found.torchvision * 1e3:>14.1f} "
                f"{found.plugtrain * 1e3:>12.1f} {found.ratio:>7.3f} {found.paired_ratio:>12.3f}"
            )


if __name__ == "__main__":
    main()
