"""Exported FCOS in onnxruntime vs torchvision's eager FCOS, same weights and input.

    python benchmarks/export_vs_torchvision.py [--repeats N] [--size 512] [--busy-head]
        [--threads N]

torchvision's FCOS (ResNet-18 FPN, P3..P7, 91 classes, random init, no downloads) is
converted with ``plugtrain.interop.from_torchvision`` and exported whole (preprocessing,
network, decoding, NMS) to ONNX for one ``size`` x ``size`` image, batch 1. Both sides run
the same image in one process on the CPU: torchvision eager under ``torch.no_grad`` and
the ONNX file in onnxruntime (CPUExecutionProvider, intra-op threads = the machine's
cores unless ``--threads``). Runs are interleaved (alternating which goes first); reported
are the medians, their ratio and the median of per-pair ratios, plus the parity of the
two sides' detections. Target: exported / torchvision <= 0.8.

``--busy-head`` spreads the head's random predictions so that many candidates reach NMS
(random-init heads score every class about 0.01, below the 0.05 threshold).
"""

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import Tensor, nn
from torchvision.models.detection import FCOS
from torchvision.models.detection.backbone_utils import resnet_fpn_backbone
from torchvision.ops import FrozenBatchNorm2d
from torchvision.ops.feature_pyramid_network import LastLevelP6P7

from plugtrain.export import ExportedDetector, compare_detections, export_detector
from plugtrain.interop import from_torchvision
from plugtrain.structures import Detections

NUM_CLASSES = 91


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
class Comparison:
    """Median seconds of each side and the median of per-pair ratios."""

    torchvision: float
    exported: float
    paired_ratio: float

    @property
    def ratio(self) -> float:
        return self.exported / self.torchvision


def interleaved(
    torchvision: Callable[[], None], exported: Callable[[], None], repeats: int, warmup: int
) -> Comparison:
    for _ in range(warmup):
        torchvision()
        exported()
    tv_times: list[float] = []
    ex_times: list[float] = []
    for repeat in range(repeats):
        order = [(tv_times, torchvision), (ex_times, exported)]
        if repeat % 2:
            order.reverse()  # alternate who goes first so drift hits both sides alike
        for times, fn in order:
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    return Comparison(
        torchvision=statistics.median(tv_times),
        exported=statistics.median(ex_times),
        paired_ratio=statistics.median(ex / tv for ex, tv in zip(ex_times, tv_times, strict=True)),
    )


def _as_detections(result: list[dict[str, Tensor]]) -> list[Detections]:
    return [Detections(boxes=r["boxes"], scores=r["scores"], labels=r["labels"]) for r in result]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=25)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--size", type=int, default=512)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--busy-head", action="store_true")
    args = parser.parse_args()
    torch.manual_seed(0)  # pyright: ignore[reportUnknownMemberType]  # torch leaves `seed` unannotated
    model = build_torchvision(args.size).eval()
    if args.busy_head:
        busy_head(model)
    detector = from_torchvision(model).eval()
    image = torch.rand((3, args.size, args.size), generator=torch.Generator().manual_seed(1))
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        result = export_detector(
            detector,
            Path(folder) / "fcos.onnx",
            export_format="onnx",
            image_size=(args.size, args.size),
            class_names=[f"class_{i}" for i in range(NUM_CLASSES)],
        )
        export_seconds = time.perf_counter() - start
        exported = ExportedDetector.load(result.path, threads=args.threads)
        batch = image[None]

        def tv_inference() -> None:
            with torch.no_grad():
                model([image])

        def ex_inference() -> None:
            exported.run(batch)

        comparison = interleaved(tv_inference, ex_inference, args.repeats, args.warmup)
        with torch.no_grad():
            reference = _as_detections(model([image]))
        parity = compare_detections(
            reference, exported.run(batch), max_detections=detector.max_detections
        )
    print(
        f"torch {torch.__version__}, {torch.get_num_threads()} torch threads, onnxruntime "
        f"{args.threads} intra-op threads, FCOS ResNet-18 FPN {args.size}x{args.size}, batch 1, "
        f"{NUM_CLASSES} classes, {'busy' if args.busy_head else 'random-init'} head, medians "
        f"of {args.repeats} interleaved runs; export took {export_seconds:.1f} s"
    )
    print(f"{'torchvision eager ms':>20} {'onnxruntime ms':>14} {'ratio':>7} {'paired ratio':>12}")
    print(
        f"{comparison.torchvision * 1e3:>20.1f} {comparison.exported * 1e3:>14.1f} "
        f"{comparison.ratio:>7.3f} {comparison.paired_ratio:>12.3f}   (target <= 0.8)"
    )
    detections = sum(len(d) for d in reference)
    print(
        f"parity: {'PASS' if parity.passed else 'FAIL'}, {detections} detections, max box diff "
        f"{parity.max_box_diff_px:.2e} px, max score diff {parity.max_score_diff:.2e}"
    )


if __name__ == "__main__":
    main()
