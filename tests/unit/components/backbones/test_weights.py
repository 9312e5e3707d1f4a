"""Loading backbone weights from local .safetensors and .pth files."""

from pathlib import Path
from typing import Literal

import pytest
import torch
import torchvision
from safetensors.torch import save_file  # pyright: ignore[reportUnknownVariableType]  # its stub leaves PathLike open
from torchvision.models.detection.backbone_utils import resnet_fpn_backbone

from plugtrain.components import TinyBackbone, TorchvisionBackbone, build_resnet_backbone
from plugtrain.components.backbones import load_backbone_weights, read_tensor_shapes
from plugtrain.errors import CheckpointError


def _assert_same_weights(a: torch.nn.Module, b: torch.nn.Module) -> None:
    state_b = b.state_dict()
    for key, value in a.state_dict().items():
        torch.testing.assert_close(value, state_b[key], rtol=0, atol=0, msg=key)


def test_loads_a_plugtrain_safetensors_file(tmp_path: Path) -> None:
    source = build_resnet_backbone(depth=18, norm="bn", out_levels=(2, 3))
    path = tmp_path / "backbone.safetensors"
    save_file(source.state_dict(), str(path))
    loaded = build_resnet_backbone(depth=18, norm="bn", out_levels=(2, 3), weights=path)
    _assert_same_weights(loaded, source)


def test_loads_a_model_safetensors_file_under_the_backbone_prefix(tmp_path: Path) -> None:
    source = build_resnet_backbone(depth=18, out_levels=(2,))
    state = {f"backbone.{k}": v for k, v in source.state_dict().items()}
    state["head.fc.weight"] = torch.zeros(3, 64)  # another part of the model: left alone
    path = tmp_path / "model.safetensors"
    save_file(state, str(path))
    loaded = build_resnet_backbone(depth=18, out_levels=(2,), weights=str(path))
    _assert_same_weights(loaded, source)


@pytest.mark.parametrize("norm", ["frozen_bn", "bn"])
def test_loads_a_torchvision_classification_state_dict(
    tmp_path: Path, norm: Literal["frozen_bn", "bn"]
) -> None:
    classifier = torchvision.models.resnet18()
    path = tmp_path / "resnet18.pth"
    torch.save(classifier.state_dict(), path)
    backbone = build_resnet_backbone(depth=18, norm=norm, out_levels=(2, 3, 4), weights=path)
    # fc and layer4 (after the last level) are not part of the backbone: ignored
    torch.testing.assert_close(backbone.conv1.weight, classifier.conv1.weight, rtol=0, atol=0)
    key = "layer3.1.bn2.running_var"
    torch.testing.assert_close(
        backbone.state_dict()[key], classifier.state_dict()[key], rtol=0, atol=0
    )


def test_loads_a_torchvision_backbone_with_fpn_state_dict(tmp_path: Path) -> None:
    reference = resnet_fpn_backbone(
        backbone_name="resnet18", weights=None, trainable_layers=5, returned_layers=[2, 3, 4]
    )
    path = tmp_path / "fpn_backbone.pth"
    torch.save(reference.state_dict(), path)
    backbone = build_resnet_backbone(depth=18, weights=path)
    torch.testing.assert_close(
        backbone.state_dict()["layer4.0.conv2.weight"],
        reference.state_dict()["body.layer4.0.conv2.weight"],
        rtol=0,
        atol=0,
    )


def test_an_extra_block_names_the_unexpected_key(tmp_path: Path) -> None:
    path = tmp_path / "deeper.pth"
    state = build_resnet_backbone(depth=18, out_levels=(2,)).state_dict()
    state["layer1.2.conv1.weight"] = torch.zeros(64, 64, 3, 3)  # ResNet-34 has a third block
    torch.save(state, path)
    with pytest.raises(CheckpointError, match="do not fit ResNetBackbone") as caught:
        build_resnet_backbone(depth=18, out_levels=(2,), weights=path)
    message = str(caught.value)
    assert "unexpected keys (1): layer1.2.conv1.weight" in message
    assert str(path) in message


def test_missing_keys_and_shape_mismatches_are_listed(tmp_path: Path) -> None:
    state = build_resnet_backbone(depth=18, out_levels=(2,)).state_dict()
    del state["layer1.0.bn1.weight"]
    state["conv1.weight"] = torch.zeros(32, 3, 7, 7)
    path = tmp_path / "broken.safetensors"
    save_file(state, str(path))
    with pytest.raises(CheckpointError) as caught:
        build_resnet_backbone(depth=18, out_levels=(2,), weights=path)
    message = str(caught.value)
    assert message.startswith("[PT500] the weights do not fit ResNetBackbone(depth=18")
    assert "missing keys (1): layer1.0.bn1.weight" in message
    assert "shape mismatches (1): conv1.weight file (32, 3, 7, 7) vs model (64, 3, 7, 7)" in message
    assert f"(checkpoint {path})" in message


def test_batch_norm_weights_do_not_fit_group_norm(tmp_path: Path) -> None:
    path = tmp_path / "bn.pth"
    torch.save(build_resnet_backbone(depth=18, norm="bn", out_levels=(2,)).state_dict(), path)
    with pytest.raises(CheckpointError, match=r"unexpected keys \(\d+\): bn1\.running_mean"):
        build_resnet_backbone(depth=18, norm="gn", out_levels=(2,), weights=path)


def test_a_file_of_something_else_fits_nothing(tmp_path: Path) -> None:
    path = tmp_path / "other.safetensors"
    save_file({"encoder.weight": torch.zeros(2, 2)}, str(path))
    with pytest.raises(CheckpointError, match=r"no key of the file fits .*\n.*encoder\.weight"):
        build_resnet_backbone(depth=18, weights=path)


def test_missing_damaged_and_unknown_files(tmp_path: Path) -> None:
    with pytest.raises(CheckpointError, match=r"weights file not found.*never downloads"):
        build_resnet_backbone(depth=18, weights=tmp_path / "absent.pth")
    damaged = tmp_path / "damaged.safetensors"
    damaged.write_bytes(b"not a safetensors file")
    with pytest.raises(CheckpointError, match="cannot read the file as safetensors"):
        build_resnet_backbone(depth=18, weights=damaged)
    pickle = tmp_path / "damaged.pth"
    pickle.write_bytes(b"not a pickle")
    with pytest.raises(CheckpointError, match="cannot read the file as a torch state dict"):
        build_resnet_backbone(depth=18, weights=pickle)
    onnx = tmp_path / "model.onnx"
    onnx.write_bytes(b"")
    with pytest.raises(CheckpointError, match=r"unknown weights file type '\.onnx'"):
        build_resnet_backbone(depth=18, weights=onnx)


def test_a_pth_file_that_is_not_a_state_dict(tmp_path: Path) -> None:
    path = tmp_path / "list.pth"
    torch.save([torch.zeros(1)], path)
    with pytest.raises(CheckpointError, match="holds a list, expected a state dict"):
        build_resnet_backbone(depth=18, weights=path)
    path = tmp_path / "nested.pth"
    torch.save({"epoch": 3}, path)
    with pytest.raises(CheckpointError, match="entry 'epoch' is a int, not a tensor"):
        build_resnet_backbone(depth=18, weights=path)


def test_a_wrapped_state_dict_is_unwrapped(tmp_path: Path) -> None:
    source = build_resnet_backbone(depth=18, out_levels=(2,))
    path = tmp_path / "wrapped.pt"
    torch.save({"state_dict": source.state_dict()}, path)
    _assert_same_weights(build_resnet_backbone(depth=18, out_levels=(2,), weights=path), source)


@pytest.mark.parametrize("suffix", [".safetensors", ".pth"])
def test_shapes_are_read_without_the_tensors(tmp_path: Path, suffix: str) -> None:
    state = {k: v.contiguous() for k, v in TinyBackbone().state_dict().items()}
    path = tmp_path / f"tiny{suffix}"
    if suffix == ".pth":
        torch.save(state, path)
    else:
        save_file(state, str(path))
    assert read_tensor_shapes(path) == {k: tuple(v.shape) for k, v in state.items()}


def test_a_part_on_the_meta_device_gets_the_verdict_without_reading_a_value(
    tmp_path: Path,
) -> None:
    source = torchvision.models.resnet18()
    path = tmp_path / "r18.pth"
    torch.save(source.state_dict(), path)
    with torch.device("meta"):
        backbone = TorchvisionBackbone(
            model=torchvision.models.resnet18(),
            return_nodes={"layer2": "C3", "layer3": "C4", "layer4": "C5"},
        )
    report = load_backbone_weights(backbone, path)
    assert (report.read, report.prefix, report.ignored) == (False, "", ("fc.bias", "fc.weight"))
    assert report.loaded == len(backbone.body.state_dict())
    real = TorchvisionBackbone(
        model=torchvision.models.resnet18(),
        return_nodes={"layer2": "C3", "layer3": "C4", "layer4": "C5"},
    )
    loaded = load_backbone_weights(real, path)
    assert loaded.read
    assert torch.equal(real.body.state_dict()["conv1.weight"], source.conv1.weight)
    with (
        pytest.raises(CheckpointError, match="no key of the file fits TinyBackbone"),
        torch.device("meta"),
    ):
        load_backbone_weights(TinyBackbone(), path)
