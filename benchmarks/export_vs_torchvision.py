"""Exported FCOS in onnxruntime and OpenVINO vs torchvision's eager FCOS, same weights and input.

    python benchmarks/export_vs_torchvision.py [--repeats N] [--size 512] [--busy-head]
        [--threads N] [--runtimes onnxruntime openvino] [--shapes static dynamic]

torchvision's FCOS (ResNet-18 FPN, P3..P7, 91 classes, random init, no downloads) is
converted with ``plugtrain.interop.from_torchvision`` and exported whole (preprocessing,
network, decoding, NMS) to ONNX for one ``size`` x ``size`` image: once with a fixed batch
of 1 (``static``) and once with a dynamic batch axis (``dynamic``). Each file is loaded
with ``ExportedDetector.load`` in every runtime of ``--runtimes`` (intra-op threads = the
machine's cores unless ``--threads``), and every candidate is timed on the same image in
one process against torchvision eager under ``torch.no_grad``. Repetitions are
round-robin over all sides, the order reversed every other round so drift hits all alike.
Printed per candidate: median ms, its ratio to torchvision's median in the same run, the
median of per-round ratios, and the parity of its detections with torchvision's (boxes,
scores, labels after NMS). Target: exported / torchvision <= 0.8.

``--busy-head`` spreads the head's random predictions so that many candidates reach NMS
(random-init heads score every class about 0.01, below the 0.05 threshold).
"""

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import Tensor, nn
from torchvision.models.detection import FCOS
from torchvision.models.detection.backbone_utils import resnet_fpn_backbone
from torchvision.ops import FrozenBatchNorm2d
from torchvision.ops.feature_pyramid_network import LastLevelP6P7

from plugtrain.export import (
    EXPORT_RUNTIMES,
    ExportedDetector,
    ExportRuntime,
    ParityReport,
    compare_detections,
    export_detector,
)
from plugtrain.interop import from_torchvision
from plugtrain.models import Detector
from plugtrain.structures import Detections

NUM_CLASSES = 91
SHAPES = ("static", "dynamic")
ANCHOR = "torchvision eager"


def build_torchvision(size: int) -> FCOS:
    """torchvision's FCOS recipe with a ResNet-18 body (FrozenBN), random init."""
    backbone = resnet_fpn_backbone(
        backbone_name="resnet18",
        weights=None,
        norm_layer=FrozenBatchNorm2d,
        trainable_layers=3,
        returned_layers=[2, 3, 4],
        extra_blocks=LastLevelP6P7(256, 256),
    )
    return FCOS(backbone, NUM_CLASSES, min_size=size, max_size=size)


def busy_head(model: nn.Module) -> None:
    """Spread the class and box predictions so many candidates pass the threshold."""
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if name.startswith("head.") and name.endswith(("cls_logits.weight", "bbox_reg.weight")):
                parameter.normal_(0.0, 0.01)
            if name.startswith("head.") and name.endswith("cls_logits.bias"):
                parameter.fill_(-2.0)


@dataclass(frozen=True)
class Timing:
    """Median seconds of one side and the median of its per-round ratios to the anchor."""

    name: str
    median: float
    paired_ratio: float


def round_robin(
    sides: Sequence[tuple[str, Callable[[], None]]], repeats: int, warmup: int
) -> list[Timing]:
    """Time every side ``repeats`` times, one round each; the first side is the anchor."""
    for _ in range(warmup):
        for _, fn in sides:
            fn()
    times: dict[str, list[float]] = {name: [] for name, _ in sides}
    for repeat in range(repeats):
        order = list(sides) if repeat % 2 == 0 else list(reversed(sides))
        for name, fn in order:
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    anchor = times[sides[0][0]]
    return [
        Timing(
            name=name,
            median=statistics.median(values),
            paired_ratio=statistics.median(v / a for v, a in zip(values, anchor, strict=True)),
        )
        for name, values in times.items()
    ]


def _as_detections(result: list[dict[str, Tensor]]) -> list[Detections]:
    return [Detections(boxes=r["boxes"], scores=r["scores"], labels=r["labels"]) for r in result]


def _export(detector: Detector, folder: Path, size: int, shape: str) -> tuple[Path, float]:
    start = time.perf_counter()
    result = export_detector(
        detector,
        folder / f"fcos-{shape}.onnx",
        export_format="onnx",
        image_size=(size, size),
        class_names=[f"class_{i}" for i in range(NUM_CLASSES)],
        dynamic_batch=shape == "dynamic",
    )
    return result.path, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=25)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--size", type=int, default=512)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--busy-head", action="store_true")
    parser.add_argument("--runtimes", nargs="+", choices=EXPORT_RUNTIMES, default=EXPORT_RUNTIMES)
    parser.add_argument("--shapes", nargs="+", choices=SHAPES, default=SHAPES)
    args = parser.parse_args()
    runtimes: list[ExportRuntime] = list(args.runtimes)
    torch.manual_seed(0)  # pyright: ignore[reportUnknownMemberType]  # torch leaves `seed` unannotated
    model = build_torchvision(args.size).eval()
    if args.busy_head:
        busy_head(model)
    detector = from_torchvision(model).eval()
    image = torch.rand((3, args.size, args.size), generator=torch.Generator().manual_seed(1))
    batch = image[None]

    def tv_inference() -> None:
        with torch.no_grad():
            model([image])

    with torch.no_grad():
        reference = _as_detections(model([image]))
    with tempfile.TemporaryDirectory() as folder:
        exports = {
            shape: _export(detector, Path(folder), args.size, shape) for shape in args.shapes
        }
        loaded = {
            f"{runtime} {shape}": ExportedDetector.load(path, runtime=runtime, threads=args.threads)
            for shape, (path, _) in exports.items()
            for runtime in runtimes
        }
        sides: list[tuple[str, Callable[[], None]]] = [(ANCHOR, tv_inference)]
        sides += [(name, _timed(exported, batch)) for name, exported in loaded.items()]
        timings = round_robin(sides, args.repeats, args.warmup)
        parity: dict[str, ParityReport] = {
            name: compare_detections(
                reference, exported.run(batch), max_detections=detector.max_detections
            )
            for name, exported in loaded.items()
        }
    seconds = ", ".join(f"{shape} {s:.1f} s" for shape, (_, s) in exports.items())
    print(
        f"torch {torch.__version__}, {torch.get_num_threads()} torch threads, runtimes "
        f"{args.threads} intra-op threads, FCOS ResNet-18 FPN {args.size}x{args.size}, batch 1, "
        f"{NUM_CLASSES} classes, {'busy' if args.busy_head else 'random-init'} head, medians "
        f"of {args.repeats} round-robin runs; export took {seconds}"
    )
    print(f"{'side':>22} {'ms':>8} {'ratio':>7} {'paired':>7}  parity (target ratio <= 0.8)")
    anchor = timings[0].median
    for timing in timings:
        report = parity.get(timing.name)
        check = (
            ""
            if report is None
            else f"  {'PASS' if report.passed else 'FAIL'}, max box diff "
            f"{report.max_box_diff_px:.1e} px, max score diff {report.max_score_diff:.1e}"
        )
        print(
            f"{timing.name:>22} {timing.median * 1e3:>8.1f} {timing.median / anchor:>7.3f} "
            f"{timing.paired_ratio:>7.3f}{check}"
        )
    best = min(timings[1:], key=lambda t: t.median)
    print(
        f"best: {best.name}, ratio {best.median / anchor:.3f}; "
        f"{sum(len(d) for d in reference)} reference detections"
    )


def _timed(exported: ExportedDetector, batch: Tensor) -> Callable[[], None]:
    def run() -> None:
        exported.run(batch)

    return run


if __name__ == "__main__":
    main()
