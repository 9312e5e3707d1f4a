"""Runtime check that feature maps fit the spec a part was built for.

jaxtyping checks each map's rank, dtype and batch; the count of maps and their channels
come from a ``FeatureSpec`` chosen at construction, which no annotation can express.
Costs a few integer comparisons per call.
"""

from collections.abc import Sequence

from torch import Tensor

from plugtrain.errors import ShapeError
from plugtrain.structures import FeatureSpec

__all__ = ["check_feature_maps", "check_images"]


def check_images(*, component: str, images: Tensor, weight: Tensor) -> None:
    """``ShapeError`` unless ``images`` has the dtype and device of the part's ``weight``.

    jaxtyping's ``Float`` admits every floating dtype; torch would fail deep inside the
    first convolution with a message that names neither the part nor the fix.
    """
    if images.dtype == weight.dtype and images.device == weight.device:
        return
    dtype = str(weight.dtype).removeprefix("torch.")
    raise ShapeError(
        component=component,
        method="forward",
        argument="images",
        expected=f"images of dtype {dtype} on device {weight.device} (those of the weights)",
        actual=f"Tensor shape={tuple(images.shape)} "
        f"dtype={str(images.dtype).removeprefix('torch.')} device={images.device}",
        bindings={},
        reason="the images' dtype or device differs from the weights'",
        fix=f"move the images with images.to(device={str(weight.device)!r}, dtype=torch.{dtype}), "
        "or the model with model.to(...)",
    )


def check_feature_maps(*, component: str, features: Sequence[Tensor], spec: FeatureSpec) -> None:
    """``ShapeError`` unless there is one map per level of ``spec`` with its channels."""
    levels = spec.levels
    if len(features) != len(levels):
        raise ShapeError(
            component=component,
            method="forward",
            argument="features",
            expected=f"{len(levels)} feature maps, one per level of {spec}",
            actual=f"{len(features)} feature maps",
            bindings={},
            reason=f"got {len(features)} feature maps, {component} was built for {len(levels)}",
            fix=f"pass the producer's output list unchanged, or build {component} with "
            "in_spec=producer.feature_spec",
        )
    for index, (feature, level) in enumerate(zip(features, levels, strict=True)):
        if feature.shape[1] != level.channels:
            raise ShapeError(
                component=component,
                method="forward",
                argument=f"features[{index}]",
                expected=f"level {level}: (batch, {level.channels}, height, width)",
                actual=f"Tensor shape={tuple(feature.shape)}",
                bindings={},
                reason=f"level {level.name} has {feature.shape[1]} channels, {component} was "
                f"built for {level.channels}",
                fix=f"build {component} with in_spec=producer.feature_spec",
            )
