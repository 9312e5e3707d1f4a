"""ExtraPooledLevel: the wrapped neck's levels plus torchvision's LastLevelMaxPool level."""

import torch
from torchvision.ops.feature_pyramid_network import LastLevelMaxPool

from plugtrain.components import FPN, ExtraPooledLevel, TinyBackbone
from plugtrain.structures import FeatureSpec


def test_adds_one_max_pooled_level_to_the_spec_and_the_maps() -> None:
    backbone = TinyBackbone(channels=(8, 16, 32, 32), out_levels=(2, 3, 4, 5))
    fpn = FPN(in_spec=backbone.feature_spec, channels=16, out_levels=(2, 3, 4, 5))
    neck = ExtraPooledLevel(neck=fpn)
    assert neck.in_spec == backbone.feature_spec
    assert neck.feature_spec == FeatureSpec.of(
        ("P2", 16, 4), ("P3", 16, 8), ("P4", 16, 16), ("P5", 16, 32), ("P6", 16, 64)
    )
    assert len(list(neck.parameters())) == len(list(fpn.parameters()))  # none of its own
    maps = neck(backbone(torch.rand(1, 3, 64, 96)))
    assert [tuple(m.shape) for m in maps][-2:] == [(1, 16, 2, 3), (1, 16, 1, 2)]
    pooled, names = LastLevelMaxPool()(maps[:4], [], ["0", "1", "2", "3"])
    assert names[-1] == "pool"
    torch.testing.assert_close(maps[-1], pooled[-1])
