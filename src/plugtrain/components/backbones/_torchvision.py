"""TorchvisionBackbone: any torchvision classification model as a feature pyramid.

Built on ``torchvision.models.feature_extraction.create_feature_extractor``; the spec is
computed by running the extractor on a meta-device input (no memory, no arithmetic), so a
one-output classification model becomes a many-output pyramid with a known spec.
"""

import itertools
from collections.abc import Mapping
from typing import Final, cast, final

import torch
from jaxtyping import Float
from torch import Tensor, nn
from torch.func import functional_call
from torchvision.models.feature_extraction import create_feature_extractor, get_graph_node_names

from plugtrain.components._arguments import invalid_argument
from plugtrain.components._feature_checks import check_images
from plugtrain.components._interfaces import Backbone, FeatureMaps, WeightsTarget
from plugtrain.specs import FeatureSpec, LevelSpec
from plugtrain.typing import checked

__all__ = ["TorchvisionBackbone"]

_PROBE_SIZE: Final = 512
"""Height and width of the meta input that measures strides (a multiple of 128)."""
_PROBE_BATCH: Final = 2  # batch norm in train mode refuses one value per channel
_PART: Final = "TorchvisionBackbone"
_SHOWN_NODES: Final = 12


def _node_hint(model: nn.Module) -> str:
    try:
        _, eval_nodes = get_graph_node_names(model)
    except Exception:  # only a hint for an error message; the tracer already failed once
        return "call torchvision.models.feature_extraction.get_graph_node_names(model)"
    shown = [n for n in eval_nodes if n != "x"][-_SHOWN_NODES:]
    return f"pick nodes from get_graph_node_names(model), e.g. the last ones: {shown}"


def _trace_spec(extractor: nn.Module, names: tuple[str, ...]) -> FeatureSpec:
    """Channels and strides of each output from a forward pass on the meta device."""
    on_meta = {
        name: torch.empty_like(value, device="meta")
        for name, value in [*extractor.named_parameters(), *extractor.named_buffers()]
    }
    probe = torch.empty(_PROBE_BATCH, 3, _PROBE_SIZE, _PROBE_SIZE, device="meta")
    try:
        with torch.no_grad():
            outputs: dict[str, Tensor] = functional_call(extractor, on_meta, (probe,))
    except (RuntimeError, ValueError, TypeError) as error:
        raise invalid_argument(
            _PART,
            "model",
            received=type(extractor).__name__,
            expected=f"a model that runs on a 3x{_PROBE_SIZE}x{_PROBE_SIZE} image "
            f"(the meta-device trace failed: {str(error).splitlines()[0]})",
            fix="use a convolutional classification model such as resnet18 or mobilenet_v3_small",
        ) from None
    levels: list[LevelSpec] = []
    for name in names:
        shape = tuple(outputs[name].shape)
        if len(shape) != 4 or shape[2] < 1 or _PROBE_SIZE % shape[2] or shape[2] != shape[3]:
            raise invalid_argument(
                _PART,
                "return_nodes",
                received=f"node for level {name!r} with output shape {shape} on a "
                f"{_PROBE_BATCH}x3x{_PROBE_SIZE}x{_PROBE_SIZE} input",
                expected="nodes whose outputs are feature maps (batch, channels, height, width) "
                "at an integer stride",
                fix="return nodes before global pooling and the classifier",
            )
        levels.append(LevelSpec(name, shape[1], _PROBE_SIZE // shape[2]))
    strides = [level.stride for level in levels]
    if any(b <= a for a, b in itertools.pairwise(strides)):
        raise invalid_argument(
            _PART,
            "return_nodes",
            received=dict(zip(names, strides, strict=True)),
            expected="levels in order of strictly increasing stride (finest first)",
            fix="list one node per stride, finest first",
        )
    return FeatureSpec(tuple(levels))


@final
class TorchvisionBackbone(Backbone):
    """Feature maps at ``return_nodes`` of a torchvision model (``{node: level name}``).

    Level names are the values of ``return_nodes``, in its order (finest first); name
    them ``C3``, ``C4``, ``C5``... (stride ``2**k``) to feed an ``FPN``. Example::

        TorchvisionBackbone(
            model=torchvision.models.resnet18(),
            return_nodes={"layer2": "C3", "layer3": "C4", "layer4": "C5"},
        )
    """

    def __init__(self, *, model: nn.Module, return_nodes: Mapping[str, str]) -> None:
        super().__init__()
        given = dict(cast(Mapping[object, object], return_nodes))
        nodes = {k: v for k, v in given.items() if isinstance(k, str) and isinstance(v, str) and v}
        names = tuple(nodes.values())
        if not nodes or len(nodes) != len(given) or len(set(names)) != len(names):
            raise invalid_argument(
                _PART,
                "return_nodes",
                received=given,
                expected="a non-empty mapping of graph node name -> unique level name",
                fix='pass e.g. {"layer2": "C3", "layer3": "C4", "layer4": "C5"}',
            )
        try:
            self.body = create_feature_extractor(model, return_nodes=nodes)
        except ValueError as error:
            raise invalid_argument(
                _PART,
                "return_nodes",
                received=nodes,
                expected=f"graph nodes of {type(model).__name__} ({str(error).split('.')[0]})",
                fix=_node_hint(model),
            ) from None
        self._names: Final = names
        self._spec: Final = _trace_spec(self.body, names)
        # the classifier and the layers after the last return node: in the model's state
        # dict (and in any file saved from it), not in the backbone
        self._dropped: Final = frozenset(model.state_dict()) - frozenset(self.body.state_dict())
        self._model_name: Final = type(model).__name__

    @property
    def feature_spec(self) -> FeatureSpec:
        return self._spec

    def weights_target(self) -> WeightsTarget:
        """The feature extractor ``body``: the keys of a classification model's state dict
        load unchanged; its classifier (``fc.*``, ``classifier.*``) is ignored."""
        return WeightsTarget(
            module=self.body,
            part=f"TorchvisionBackbone({self._model_name}).body",
            ignore=self._dropped.__contains__,
        )

    @checked
    def forward(self, images: Float[Tensor, "batch 3 height width"]) -> FeatureMaps:
        weight = next(self.body.parameters(), None)
        if weight is not None:
            check_images(component="TorchvisionBackbone", images=images, weight=weight)
        outputs: dict[str, Tensor] = self.body(images)
        return [outputs[name] for name in self._names]
