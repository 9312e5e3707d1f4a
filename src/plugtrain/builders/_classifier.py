"""Classification configs into parts: the classification head and the Classifier."""

from plugtrain.builders._model import BuilderError, build_backbone
from plugtrain.builders._parts import WeightsListener
from plugtrain.components import ClassificationHead
from plugtrain.config import ClassificationHeadConfig, ModelConfig
from plugtrain.errors import ArgumentError, CompatibilityError
from plugtrain.models import Classifier
from plugtrain.registry import REGISTRY
from plugtrain.structures import FeatureSpec

__all__ = ["build_classification_head", "build_classifier"]


@REGISTRY.builds("head", "classification", ClassificationHeadConfig)
def build_classification_head(
    config: ClassificationHeadConfig, in_spec: FeatureSpec | None
) -> ClassificationHead:
    """``ClassificationHead`` over the last level of ``in_spec``."""
    if in_spec is None:
        raise ArgumentError(
            part="ClassificationHead",
            argument="in_spec",
            received=None,
            expected="the FeatureSpec of the backbone",
            fix="build the backbone first and pass its feature_spec",
        )
    return ClassificationHead(
        in_spec=in_spec, num_classes=config.num_classes, dropout=config.dropout
    )


def build_classifier(
    config: ModelConfig, *, on_weights: WeightsListener | None = None
) -> Classifier:
    """Backbone and classification head wired into a ``Classifier``.

    The head pools the backbone's last level; a neck has no place in it
    (``CompatibilityError`` naming ``model.neck``), nor has a detection head.
    """
    head = config.head
    if not isinstance(head, ClassificationHeadConfig):
        raise ArgumentError(
            part="build_classifier",
            argument="config",
            received=f"model.head.type: {head.type}",
            expected="model.head.type: classification",
            fix="set model.head: {type: classification, num_classes: N}",
        )
    if config.neck is not None:
        raise CompatibilityError(
            problem="the classification head pools the backbone's last level; a neck would "
            "be built and never used",
            producer=f"neck: {config.neck.type}",
            consumer="head classification: the backbone's levels",
            fix="set model.neck: null",
        )
    backbone = build_backbone(config.backbone, on_weights=on_weights)
    built = REGISTRY.builder("head", head.type)(head, backbone.feature_spec)
    if not isinstance(built, ClassificationHead):
        raise BuilderError(f"the head builder {head.type!r} made a {type(built).__name__}")
    return Classifier(backbone=backbone, head=built)
