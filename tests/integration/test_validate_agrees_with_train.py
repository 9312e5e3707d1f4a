"""``plugtrain validate`` and the first training step agree, for every part and weights kind.

For each case the config is validated (the whole validation, dry run included) and then
the training path runs one step on its own (``build_detector`` with the weights, a batch of
the synthetic shapes set, loss, backward, optimiser step), without asking the validation.
Both pass, or both refuse with the same error code; a weights file that does not fit is
refused with the same PT500 message by both.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pytest
import torch
import torchvision
from safetensors.torch import save_file  # pyright: ignore[reportUnknownVariableType]  # its stub leaves PathLike open

from plugtrain.builders import (
    build_backbone,
    build_datasets,
    build_detector,
    build_optimizer,
    build_train_loader,
)
from plugtrain.config import ExperimentConfig, load_config
from plugtrain.data import SHAPE_CLASSES, make_shapes_dataset
from plugtrain.errors import ArgumentError, CheckpointError, CompatibilityError, PlugtrainError
from plugtrain.training import RunInfo, save_checkpoint
from plugtrain.validation import validate_config

BACKBONES: Final[Mapping[str, dict[str, object]]] = {
    "resnet": {"type": "resnet", "depth": 18, "out_levels": [3, 4, 5], "norm": "frozen_bn"},
    "tiny": {"type": "tiny", "channels": [16, 16, 16, 16]},
    "tiny_c2": {"type": "tiny", "channels": [16, 16, 16, 16], "out_levels": [2, 3, 4, 5]},
    "tv_resnet18": {
        "type": "torchvision",
        "model": "resnet18",
        "return_nodes": {"layer2": "C3", "layer3": "C4", "layer4": "C5"},
    },
    "tv_mobilenet": {
        "type": "torchvision",
        "model": "mobilenet_v3_small",
        "return_nodes": {"features.3": "C3", "features.8": "C4", "features.12": "C5"},
    },
}
NECKS: Final[Mapping[str, dict[str, object] | None]] = {
    "fpn": {"type": "fpn", "channels": 32, "out_levels": [3, 4, 5]},
    "fpn_p2": {"type": "fpn", "channels": 32, "out_levels": [2, 3, 4, 5]},
    "none": None,
}
HEADS: Final[Mapping[str, dict[str, object]]] = {
    "fcos": {"type": "fcos", "num_classes": 3, "num_convs": 1, "norm": "none"},
    "retinanet": {"type": "retinanet", "num_classes": 3, "num_convs": 1},
    "faster_rcnn": {
        "type": "faster_rcnn",
        "num_classes": 3,
        "rpn": {"batch_size_per_image": 32},
        "box_head": {"type": "two_mlp", "representation_size": 32},
        "sampler": {"batch_size_per_image": 32},
    },
}
# which torchvision classification model's state dict is "the ImageNet weights" of a backbone
TORCHVISION_MODEL: Final = {
    "resnet": "resnet18",
    "tv_resnet18": "resnet18",
    "tv_mobilenet": "mobilenet_v3_small",
}
# a file of another architecture for each backbone
WRONG: Final = {
    "resnet": "tiny",
    "tiny": "resnet",
    "tv_resnet18": "tv_mobilenet",
    "tv_mobilenet": "tv_resnet18",
}
# validation's issue codes for the errors the training path raises
ISSUE_TO_ERROR: Final = {
    "weights-mismatch": CheckpointError.code,
    "incompatible-parts": CompatibilityError.code,
    "value": ArgumentError.code,
}


@dataclass(frozen=True)
class Case:
    backbone: str
    neck: str
    head: str
    weights: str  # none | plugtrain | torchvision | run | wrong


CASES: Final = [
    *(
        Case(backbone, "fpn", "fcos", weights)
        for backbone in WRONG  # every backbone type once (tiny_c2 is tiny with C2)
        for weights in ("none", "plugtrain", "torchvision", "run", "wrong")
        if weights != "torchvision" or backbone in TORCHVISION_MODEL
    ),
    Case("tiny", "fpn", "retinanet", "none"),
    Case("tiny", "none", "fcos", "none"),
    Case("tiny", "none", "retinanet", "none"),
    Case("resnet", "none", "fcos", "none"),  # levels of different channels: both refuse
    Case("tiny_c2", "fpn_p2", "faster_rcnn", "none"),
    Case("tiny", "fpn_p2", "faster_rcnn", "none"),  # no C2: both refuse
    Case("tiny_c2", "fpn", "faster_rcnn", "none"),  # an FPN without P2: both refuse
]


def _model(backbone: str, neck: str, head: str, weights: str | None) -> dict[str, object]:
    return {
        "backbone": {**BACKBONES[backbone], "weights": weights},
        "neck": NECKS[neck],
        "head": HEADS[head],
    }


def _experiment(root: Path, data: Path, model: dict[str, object]) -> dict[str, object]:
    return {
        "model": model,
        "data": {
            "train": {
                "format": "coco",
                "images": str(data / "train"),
                "annotations": str(data / "train.json"),
            },
            "image_size": [64, 64],
            "batch_size": 2,
            "num_workers": 0,
        },
        "train": {
            "epochs": 1,
            "seed": 0,
            "optimizer": {"type": "sgd", "lr": 0.001},
            "scheduler": {"type": "constant"},
            "output_dir": str(root / "run"),
        },
    }


def _plugtrain_file(folder: Path, backbone: str) -> Path:
    path = folder / f"{backbone}.safetensors"
    model = _model(backbone, "fpn", "fcos", None)
    config = ExperimentConfig.model_validate(_experiment(folder, folder, model)).model
    torch.random.manual_seed(0)  # pyright: ignore[reportUnknownMemberType]  # torch leaves the seed untyped
    state = build_backbone(config.backbone).state_dict()
    save_file({k: v.contiguous() for k, v in state.items()}, str(path))
    return path


def _run_checkpoint(folder: Path, backbone: str) -> Path:
    """The best checkpoint of an earlier run: the whole detector, ``model.`` prefixed."""
    model = _model(backbone, "fpn", "fcos", None)
    config = ExperimentConfig.model_validate(_experiment(folder, folder, model))
    torch.random.manual_seed(0)  # pyright: ignore[reportUnknownMemberType]  # torch leaves the seed untyped
    detector = build_detector(config.model)
    best = folder / "runs" / backbone / "checkpoints" / "best"
    best.parent.mkdir(parents=True)
    run = RunInfo(config=config, class_names=tuple(SHAPE_CLASSES))
    save_checkpoint(best, model=detector, run=run)
    return best.with_suffix(".safetensors")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The shapes data set and every weights file, made once."""
    folder = tmp_path_factory.mktemp("agree")
    made: dict[str, Path] = {"data": folder / "shapes"}
    make_shapes_dataset(made["data"], num_train=2, num_val=1, size=64, seed=0, workers=1)
    for name in set(TORCHVISION_MODEL.values()):
        path = folder / f"{name}.pth"
        torch.save(torchvision.models.get_model(name, weights=None).state_dict(), path)
        made[f"torchvision:{name}"] = path
    for backbone in WRONG:
        made[f"plugtrain:{backbone}"] = _plugtrain_file(folder, backbone)
        made[f"run:{backbone}"] = _run_checkpoint(folder, backbone)
    return made


def _weights(case: Case, files: Mapping[str, Path]) -> str | None:
    if case.weights == "none":
        return None
    if case.weights == "torchvision":
        return str(files[f"torchvision:{TORCHVISION_MODEL[case.backbone]}"])
    if case.weights == "wrong":
        return str(files[f"plugtrain:{WRONG[case.backbone]}"])
    return str(files[f"{case.weights}:{case.backbone}"])


def _one_training_step(config: ExperimentConfig) -> None:
    """What ``plugtrain train`` does first, without its validation: build, one step."""
    torch.random.manual_seed(0)  # pyright: ignore[reportUnknownMemberType]  # torch leaves the seed untyped
    detector = build_detector(config.model)
    optimizer = build_optimizer(config.train.optimizer, detector)
    datasets = build_datasets(config.data)
    batch = next(iter(build_train_loader(datasets.train, config.data, seed=0)))
    detector.train()
    loss = detector.loss(batch.images, batch.targets)
    optimizer.zero_grad()
    torch.autograd.backward(loss.total)
    optimizer.step()
    assert torch.isfinite(loss.total)


@pytest.mark.parametrize(
    "case", CASES, ids=lambda c: f"{c.backbone}-{c.neck}-{c.head}-weights_{c.weights}"
)
def test_validate_and_one_training_step_agree(
    case: Case, files: dict[str, Path], tmp_path: Path
) -> None:
    model = _model(case.backbone, case.neck, case.head, _weights(case, files))
    path = tmp_path / "experiment.yaml"
    path.write_text(json.dumps(_experiment(tmp_path, files["data"], model)))

    report = validate_config(path)
    trained: PlugtrainError | None = None
    try:
        _one_training_step(load_config(path))
    except PlugtrainError as error:
        trained = error

    if report.ok:
        assert trained is None, f"validate passed, training refused: {trained}"
        assert not isinstance(report.summary.dry_run, str), report.summary.dry_run
        if case.weights != "none":
            assert report.summary.weights is not None
        return
    shown = [(i.loc, i.code, i.message) for i in report.issues]
    assert trained is not None, f"validate refused, training passed: {shown}"
    (issue,) = report.issues
    assert ISSUE_TO_ERROR.get(issue.code) == trained.code, (shown, str(trained))
    if isinstance(trained, CheckpointError):
        assert issue.message == trained.message
        assert issue.loc == "model.backbone.weights"


def test_the_expected_verdicts(files: dict[str, Path], tmp_path: Path) -> None:
    """The agreement above is not agreement on failing everything: the weights that fit,
    fit, with the classifier of a torchvision state dict ignored and said so."""
    for backbone in ("resnet", "tv_resnet18"):
        case = Case(backbone, "fpn", "fcos", "torchvision")
        model = _model(case.backbone, case.neck, case.head, _weights(case, files))
        path = tmp_path / f"{backbone}.yaml"
        path.write_text(json.dumps(_experiment(tmp_path, files["data"], model)))
        report = validate_config(path)
        assert report.ok, report.issues
        assert report.summary.weights is not None
        assert "ignored 2 (fc.bias, fc.weight)" in report.summary.weights
    wrong = Case("tiny", "fpn", "fcos", "wrong")
    model = _model(wrong.backbone, wrong.neck, wrong.head, _weights(wrong, files))
    path = tmp_path / "wrong.yaml"
    path.write_text(json.dumps(_experiment(tmp_path, files["data"], model)))
    (issue,) = validate_config(path).issues
    assert issue.code == "weights-mismatch"
    assert issue.message.startswith("no key of the file fits TinyBackbone")
