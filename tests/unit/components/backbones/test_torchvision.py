"""TorchvisionBackbone: torchvision classification models as pyramids."""

import pytest
import torch
import torchvision

from plugtrain.components import FPN, TorchvisionBackbone, build_resnet_backbone
from plugtrain.errors import ArgumentError, ShapeError
from plugtrain.structures import FeatureSpec
from tests.unit.components.spec_check import assert_matches_spec

_RESNET_NODES = {"layer2": "C3", "layer3": "C4", "layer4": "C5"}
_MOBILENET_NODES = {"features.3": "C3", "features.8": "C4", "features.12": "C5"}


@pytest.mark.parametrize("size", [(64, 64), (96, 128)])
def test_resnet18_nodes_match_the_computed_spec(size: tuple[int, int]) -> None:
    backbone = TorchvisionBackbone(model=torchvision.models.resnet18(), return_nodes=_RESNET_NODES)
    assert backbone.feature_spec == FeatureSpec.of(("C3", 128, 8), ("C4", 256, 16), ("C5", 512, 32))
    features = backbone(torch.rand(2, 3, *size))
    assert_matches_spec(features, backbone.feature_spec, batch=2, height=size[0], width=size[1])


def test_same_features_as_resnet_backbone_with_the_same_weights() -> None:
    resnet = torchvision.models.resnet18().eval()
    via_graph = TorchvisionBackbone(model=resnet, return_nodes=_RESNET_NODES).eval()
    direct = build_resnet_backbone(depth=18, norm="bn").eval()
    direct.load_state_dict(
        {k: v for k, v in resnet.state_dict().items() if not k.startswith("fc.")}
    )
    images = torch.rand(1, 3, 64, 64)
    with torch.no_grad():
        for a, b in zip(via_graph(images), direct(images), strict=True):
            torch.testing.assert_close(a, b, rtol=0, atol=0)


def test_a_one_output_model_becomes_a_many_output_pyramid_under_an_fpn() -> None:
    model = torchvision.models.mobilenet_v3_small()
    assert isinstance(model(torch.rand(2, 3, 64, 64)), torch.Tensor)  # one output: logits
    backbone = TorchvisionBackbone(model=model, return_nodes=_MOBILENET_NODES)
    assert backbone.feature_spec == FeatureSpec.of(("C3", 24, 8), ("C4", 48, 16), ("C5", 576, 32))
    features = backbone(torch.rand(2, 3, 96, 64))
    assert_matches_spec(features, backbone.feature_spec, batch=2, height=96, width=64)
    neck = FPN(in_spec=backbone.feature_spec, channels=32)
    pyramid = neck(features)
    assert_matches_spec(pyramid, neck.feature_spec, batch=2, height=96, width=64)


def test_spec_tracing_allocates_nothing_and_keeps_the_weights() -> None:
    model = torchvision.models.resnet18()
    before = model.conv1.weight.detach().clone()
    backbone = TorchvisionBackbone(model=model, return_nodes=_RESNET_NODES)
    assert all(p.device.type == "cpu" for p in backbone.parameters())
    torch.testing.assert_close(model.conv1.weight, before, rtol=0, atol=0)


def test_unknown_node_lists_nodes_to_pick_from() -> None:
    with pytest.raises(ArgumentError, match=r"return_nodes.*'nope' is not present.*get_graph_node"):
        TorchvisionBackbone(model=torchvision.models.resnet18(), return_nodes={"nope": "C3"})


def test_a_node_after_pooling_is_not_a_feature_map() -> None:
    with pytest.raises(ArgumentError, match=r"output shape \(2, 1000\).*before global pooling"):
        TorchvisionBackbone(model=torchvision.models.resnet18(), return_nodes={"fc": "C5"})


def test_nodes_must_come_finest_first() -> None:
    with pytest.raises(ArgumentError, match=r"\{'C3': 16, 'C4': 8\}.*strictly increasing stride"):
        TorchvisionBackbone(
            model=torchvision.models.resnet18(), return_nodes={"layer3": "C3", "layer2": "C4"}
        )


def test_empty_or_duplicate_level_names_are_refused() -> None:
    model = torchvision.models.resnet18()
    with pytest.raises(ArgumentError, match="non-empty mapping of graph node name -> unique level"):
        TorchvisionBackbone(model=model, return_nodes={})
    with pytest.raises(ArgumentError, match="unique level name"):
        TorchvisionBackbone(model=model, return_nodes={"layer2": "C", "layer3": "C"})


def test_wrong_input_is_a_shape_error_naming_the_class() -> None:
    backbone = TorchvisionBackbone(model=torchvision.models.resnet18(), return_nodes=_RESNET_NODES)
    with pytest.raises(ShapeError, match=r"TorchvisionBackbone\.forward.*\n.*2 dimensions"):
        backbone(torch.rand(64, 64))
