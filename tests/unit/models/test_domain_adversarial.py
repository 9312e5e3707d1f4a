"""DomainAdversarialClassifier: class loss on the source, reversed domain loss on both."""

import pytest
import torch

from plugtrain.components import ClassificationHead, GradientReversal, TinyBackbone
from plugtrain.components.heads import DomainClassifierHead
from plugtrain.errors import CompatibilityError, DataError, ShapeError
from plugtrain.models import Classifier, DomainAdversarialClassifier


def _model(*, scale: float = 1.0, domain_weight: float = 1.0) -> DomainAdversarialClassifier:
    torch.manual_seed(0)  # pyright: ignore[reportUnknownMemberType]  # torch leaves `seed` unannotated
    backbone = TinyBackbone(channels=(8, 8, 16, 16), out_levels=(4, 5))
    head = ClassificationHead(in_spec=backbone.feature_spec, num_classes=3)
    domain = DomainClassifierHead(in_spec=backbone.feature_spec, hidden=8, level="C4")
    return DomainAdversarialClassifier(
        classifier=Classifier(backbone=backbone, head=head),
        domain_head=domain,
        reversal=GradientReversal(scale=scale),
        domain_weight=domain_weight,
    )


def _batch() -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    generator = torch.Generator().manual_seed(1)
    source = torch.rand(4, 3, 32, 32, generator=generator)
    target = torch.rand(3, 3, 32, 32, generator=generator) + 0.5
    return source, torch.tensor([0, 1, 2, 1]), target


def test_forward_is_the_classifier() -> None:
    model = _model().eval()
    images = torch.rand(2, 3, 32, 32)
    torch.testing.assert_close(model(images), model.classifier(images))
    assert model.num_classes == 3
    assert model.domain_logits(images).shape == (2,)


def test_loss_has_a_class_and_a_domain_term() -> None:
    source, labels, target = _batch()
    plain = _model().loss(source, labels, target)
    weighted = _model(domain_weight=2.5).loss(source, labels, target)
    assert set(plain.terms) == {"classification", "domain"}
    torch.testing.assert_close(weighted.terms["domain"], 2.5 * plain.terms["domain"])
    torch.testing.assert_close(weighted.terms["classification"], plain.terms["classification"])
    # an untrained domain classifier knows nothing: its loss is near log(2)
    assert 0.5 < plain.detached()["domain"] < 0.9


def _gradients(model: DomainAdversarialClassifier) -> tuple[torch.Tensor, torch.Tensor]:
    """The gradients of the domain term alone: on the backbone's stem, on the domain head."""
    source, labels, target = _batch()
    model.zero_grad()
    torch.autograd.backward(model.loss(source, labels, target).terms["domain"])
    stem = next(m for m in model.classifier.backbone.modules() if isinstance(m, torch.nn.Conv2d))
    first = model.domain_head.mlp[0]
    assert isinstance(first, torch.nn.Linear)
    assert stem.weight.grad is not None
    assert first.weight.grad is not None
    return stem.weight.grad.clone(), first.weight.grad.clone()


def test_the_backbone_gets_the_domain_gradient_reversed_and_scaled() -> None:
    backbone_off, head_off = _gradients(_model(scale=0.0))
    backbone_one, head_one = _gradients(_model(scale=1.0))
    backbone_half, head_half = _gradients(_model(scale=0.5))
    # lambda 0: the backbone is not trained by the domain classifier at all
    assert float(backbone_off.abs().max()) == 0.0
    # the domain classifier itself learns the same way whatever lambda
    torch.testing.assert_close(head_one, head_off)
    torch.testing.assert_close(head_half, head_off)
    torch.testing.assert_close(backbone_half, 0.5 * backbone_one)
    assert float(backbone_one.abs().max()) > 0.0


def test_the_reversed_gradient_is_minus_the_plain_one() -> None:
    reversed_model = _model(scale=1.0)
    backbone_reversed, _ = _gradients(reversed_model)
    plain = _model(scale=1.0)
    plain.reversal = torch.nn.Identity()  # type: ignore[assignment]  # the layer removed, to compare
    backbone_plain, _ = _gradients(plain)
    torch.testing.assert_close(backbone_reversed, -backbone_plain)


def test_each_domain_is_normalised_by_its_own_batch_statistics() -> None:
    """The class term sees the source images' batch alone: the target images (here far
    brighter) leave it unchanged, as they would not through one shared batch norm."""
    source, labels, target = _batch()
    one = _model().loss(source, labels, target).terms["classification"]
    other = _model().loss(source, labels, target * 4.0 + 2.0).terms["classification"]
    torch.testing.assert_close(one, other)


def test_labels_outside_the_classes_are_a_data_error() -> None:
    source, _, target = _batch()
    with pytest.raises(DataError, match=r"labels\[0\]=7 outside \[0, 3\)"):
        _model().loss(source, torch.tensor([7, 0, 0, 0]), target)


def test_source_and_target_must_have_one_size() -> None:
    source, labels, _ = _batch()
    with pytest.raises(ShapeError, match=r"DomainAdversarialClassifier\.loss.*'target_images'"):
        _model().loss(source, labels, torch.rand(2, 3, 48, 48))


def test_a_domain_head_built_for_another_backbone_is_a_compatibility_error() -> None:
    backbone = TinyBackbone(channels=(8, 8, 16, 16))
    classifier = Classifier(
        backbone=backbone,
        head=ClassificationHead(in_spec=backbone.feature_spec, num_classes=2),
    )
    other = DomainClassifierHead(in_spec=TinyBackbone().feature_spec)
    with pytest.raises(CompatibilityError, match="DomainClassifierHead expects channels"):
        DomainAdversarialClassifier(
            classifier=classifier, domain_head=other, reversal=GradientReversal()
        )
