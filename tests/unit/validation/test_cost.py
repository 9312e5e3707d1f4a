"""Model cost in ``plugtrain validate``: FLOPs per image and the peak activation estimate.

The FLOPs of the ResNet-50 FCOS preset, counted on the meta device by the dry run, are
checked against an independent count: every convolution and linear layer of the same
model run for real on the CPU, its FLOPs computed from the layer's shapes
(2 x output elements x input channels per group x kernel area). The backbone alone is
checked against torchvision's documented GFLOPS of ResNet-50.
"""

import math
from collections.abc import Callable
from pathlib import Path
from typing import cast

import pytest
import torch
import torchvision
from torch import Tensor, nn

from plugtrain.builders import build_one_stage_detector
from plugtrain.config import DataConfig, DatasetConfig, ExperimentConfig, ModelConfig, dump_config
from plugtrain.errors import ArgumentError
from plugtrain.presets import fcos_resnet50_fpn_config, fcos_tiny_fpn_config
from plugtrain.validation import (
    DryRunReport,
    ModelCost,
    measure_cost,
    validate_config,
    validate_config_text,
)


def _config(side: int, batch: int, model: ModelConfig | None = None) -> ExperimentConfig:
    data = DataConfig(
        train=DatasetConfig(images="data/shapes/train", annotations="data/shapes/train.json"),
        image_size=[side, side],
        batch_size=batch,
    )
    return ExperimentConfig(model=model or fcos_resnet50_fpn_config(3), data=data)


def _dry_run(config: ExperimentConfig) -> DryRunReport:
    report = validate_config_text(dump_config(config))
    assert report.ok, report.issues
    dry_run = report.summary.dry_run
    assert isinstance(dry_run, DryRunReport)
    return dry_run


def _layer_flops(model: nn.Module, run: Callable[[Tensor], object], image: Tensor) -> int:
    """FLOPs of every Conv2d and Linear of ``model`` from its output shape (one image)."""
    total = [0]

    def conv(module: nn.Module, _inputs: object, output: object) -> None:
        assert isinstance(output, Tensor)
        if isinstance(module, nn.Conv2d):
            per_output = module.in_channels // module.groups * math.prod(module.kernel_size)
        else:
            per_output = cast(nn.Linear, module).in_features
        total[0] += 2 * output.numel() * per_output

    hooks = [
        m.register_forward_hook(conv)
        for m in model.modules()
        if isinstance(m, nn.Conv2d | nn.Linear)
    ]
    try:
        with torch.no_grad():
            run(image)
    finally:
        for hook in hooks:
            hook.remove()
    return total[0]


@pytest.mark.usefixtures("workspace")
def test_fcos_resnet50_flops_match_a_real_cpu_forward_counted_layer_by_layer() -> None:
    side = 128
    cost = _dry_run(_config(side, batch=2)).cost
    assert cost is not None
    torch.random.manual_seed(0)  # pyright: ignore[reportUnknownMemberType]  # torch leaves the seed untyped
    detector = build_one_stage_detector(fcos_resnet50_fpn_config(3))
    detector.train()  # the dry run counts the training forward (same layers as eval)

    def dense(images: Tensor) -> object:
        features = detector.backbone(images)
        assert detector.neck is not None
        return detector.head(detector.neck(features))

    reference = _layer_flops(detector, dense, torch.rand(1, 3, side, side))
    assert reference > 5e9
    assert cost.flops_per_image == pytest.approx(reference, rel=0.03)


def test_resnet50_backbone_flops_match_torchvision_documented_gflops() -> None:
    # torchvision documents ResNet-50 at 224 px as 4.089 GFLOPS (ResNet50_Weights, "_ops"),
    # counting a multiply-add once; FlopCounterMode counts it as 2 FLOPs.
    documented = 4.089
    with torch.device("meta"):
        model = torchvision.models.resnet50()
    with measure_cost(batch=2) as meter:
        model(torch.empty(2, 3, 224, 224, device="meta"))
    assert meter.result().gflops_per_image == pytest.approx(2 * documented, rel=0.02)


def test_peak_activations_count_each_saved_tensor_once_and_no_parameters() -> None:
    with torch.device("meta"):
        net = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.Conv2d(8, 4, 3, padding=1))
    images = torch.empty(2, 3, 16, 16, device="meta")
    with measure_cost(batch=2) as meter:
        net(images)
    cost = meter.result()
    # saved: the input (by conv 1) and the ReLU output (by the ReLU and by conv 2, once)
    saved = (2 * 3 * 16 * 16 + 2 * 8 * 16 * 16) * 4
    assert cost.activation_peak_mib == round(saved / 2**20, 1)
    assert cost.activation_mib_per_image == round(saved / 2**20 / 2, 2)
    flops = 2 * 2 * 16 * 16 * (8 * 3 * 9 + 4 * 8 * 9)
    assert cost.flops_per_image == flops // 2


def test_frozen_layers_save_nothing() -> None:
    with torch.device("meta"):
        net = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU())
    net.requires_grad_(False)
    with measure_cost(batch=1) as meter:
        net(torch.empty(1, 3, 16, 16, device="meta"))
    assert meter.result().activation_peak_mib == 0.0


@pytest.mark.usefixtures("workspace")
def test_cost_grows_with_the_image_area_and_is_in_the_json() -> None:
    tiny = fcos_tiny_fpn_config(3)
    small, large = _dry_run(_config(128, 2, tiny)), _dry_run(_config(256, 2, tiny))
    assert small.cost is not None
    assert large.cost is not None
    assert large.cost.flops_per_image == pytest.approx(4 * small.cost.flops_per_image, rel=0.1)
    assert large.cost.activation_peak_mib > 3 * small.cost.activation_peak_mib
    shown = cast(dict[str, object], large.to_json()["cost"])
    assert shown["flops_per_image"] == large.cost.flops_per_image
    assert shown["batch"] == 2
    assert isinstance(large.cost, ModelCost)


def test_measure_cost_refuses_an_empty_batch() -> None:
    with (
        pytest.raises(
            ArgumentError, match=r"measure_cost: argument 'batch' received 0, expected .*at least 1"
        ),
        measure_cost(batch=0),
    ):
        pass


@pytest.mark.usefixtures("workspace")
def test_every_model_kind_reports_its_cost() -> None:
    valid = Path(__file__).resolve().parents[2] / "data" / "configs" / "valid"
    report = validate_config(valid / "classification.yaml")
    assert report.ok, report.issues
    dry_run = report.summary.dry_run
    assert isinstance(dry_run, DryRunReport)
    assert dry_run.cost is not None
    assert dry_run.cost.flops_per_image > 0
    assert dry_run.cost.activation_peak_mib >= 0
