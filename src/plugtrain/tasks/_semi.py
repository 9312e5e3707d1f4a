"""Semi-supervised detection with a mean teacher.

Each batch holds labeled images (with their Targets) and unlabeled images in two views of
the same geometry: ``weak`` (only resized) and ``strong`` (photometric augmentation). The
teacher, a weight average of the student, detects objects on the weak view without
gradients; its detections scoring at least ``threshold`` become the Targets of the strong
view, which is also flipped horizontally at random, boxes included (torchvision's
``transforms.v2`` on ``tv_tensors.BoundingBoxes``). The student's loss is the supervised
loss plus ``unsupervised_weight`` times its loss on those pseudo-labels. Until the teacher
holds weights (the burn-in), the unsupervised terms are zero and nothing is predicted.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, cast, final

import torch
from jaxtyping import Bool, Float
from torch import Tensor, nn
from torchvision import tv_tensors
from torchvision.transforms.v2 import functional as tvf

from plugtrain.errors import ArgumentError
from plugtrain.structures import Detections, LossBreakdown, Targets
from plugtrain.tasks._tasks import Task
from plugtrain.typing import checked_dataclass

__all__ = ["MeanTeacherTask", "SemiSupervisedBatch", "Teacher", "pseudo_targets"]

_CLASSIFICATION = "classification"
"""The loss term pseudo-labels teach when their boxes are not regressed."""


class Teacher(Protocol):
    """The weight average the task predicts with (``plugtrain.training.ModelEma`` is one)."""

    @property
    def module(self) -> nn.Module: ...

    @property
    def started(self) -> bool: ...


@checked_dataclass
@dataclass(frozen=True)
class SemiSupervisedBatch:
    """Labeled images with their Targets and two views of this step's unlabeled images.

    ``labeled_images``: (labeled, 3, height, width) in [0, 1] (padded bottom/right; each
    Targets keeps its image's own size). ``weak`` and ``strong``: (unlabeled, 3, height,
    width) in [0, 1], pixel-aligned (the strong view differs only photometrically; the task
    adds the flip).
    """

    labeled_images: Float[Tensor, "labeled 3 height width"]
    labeled_targets: list[Targets]
    weak: Float[Tensor, "unlabeled 3 unlabeled_height unlabeled_width"]
    strong: Float[Tensor, "unlabeled 3 unlabeled_height unlabeled_width"]


def move_targets(targets: Targets, device: torch.device) -> Targets:
    """``targets`` with its tensors on ``device``."""
    return Targets(
        boxes=targets.boxes.to(device),
        labels=targets.labels.to(device),
        image_size=targets.image_size,
        num_classes=targets.num_classes,
        image_id=targets.image_id,
        tolerance=targets.tolerance,
    )


class _Detector(Protocol):
    num_classes: int

    def __call__(self, images: Tensor) -> list[Detections]: ...

    def loss(self, images: Tensor, targets: list[Targets]) -> LossBreakdown: ...


def pseudo_targets(
    detections: Sequence[Detections],
    *,
    threshold: float,
    flip: Bool[Tensor, " images"],
    image_size: tuple[int, int],
    num_classes: int,
) -> list[Targets]:
    """The Targets of each image: its detections scoring >= ``threshold``, their boxes
    mirrored for the images where ``flip`` is true (``image_size`` is (height, width))."""
    device = detections[0].boxes.device if detections else torch.device("cpu")
    boxes = torch.cat([d.boxes for d in detections]).reshape(-1, 4)
    scores = torch.cat([d.scores for d in detections]).reshape(-1)
    labels = torch.cat([d.labels for d in detections]).reshape(-1)
    owner = torch.repeat_interleave(
        torch.arange(len(detections), device=device),
        torch.tensor([len(d) for d in detections], dtype=torch.int64, device=device),
    )
    mirrored = tvf.horizontal_flip_bounding_boxes(
        boxes, format=tv_tensors.BoundingBoxFormat.XYXY, canvas_size=image_size
    )
    flipped = flip.to(device)[owner]
    boxes = torch.where(flipped[:, None], mirrored, boxes)
    # a box narrower than a pixel is noise, and Targets refuses x2 == x1
    wide = ((boxes[:, 2] - boxes[:, 0]) > 1.0) & ((boxes[:, 3] - boxes[:, 1]) > 1.0)
    keep = (scores >= threshold) & wide
    boxes, labels, owner = boxes[keep], labels[keep], owner[keep]
    return [
        Targets(
            boxes=boxes[owner == index],
            labels=labels[owner == index],
            image_size=image_size,
            num_classes=num_classes,
        )
        for index in range(len(detections))
    ]


@final
class MeanTeacherTask(Task[SemiSupervisedBatch]):
    """Supervised loss + ``unsupervised_weight`` x loss on the teacher's pseudo-labels.

    ``teacher`` is the weight average of the model being trained (the trainer updates it);
    ``threshold`` the lowest teacher score kept as a pseudo-label; ``flip_probability`` the
    chance of mirroring each strong view; ``regress_pseudo_boxes``: whether the box terms
    of the loss on pseudo-labels count (off, as in Unbiased Teacher: a pseudo-box's
    class is far more often right than its edges, and regressing towards wrong edges
    unlearns localisation; only the ``classification`` term counts then). Loss terms:
    ``supervised_<term>`` and ``unsupervised_<term>`` (already weighted; zero for the box
    terms left out) for each term of the detector's loss; see also
    :attr:`last_pseudo_boxes`.
    """

    def __init__(
        self,
        *,
        teacher: Teacher,
        threshold: float = 0.5,
        unsupervised_weight: float = 1.0,
        flip_probability: float = 0.5,
        regress_pseudo_boxes: bool = False,
    ) -> None:
        for argument, value, ok, expected in (
            ("threshold", threshold, 0.0 < threshold < 1.0, "a score in (0, 1)"),
            ("unsupervised_weight", unsupervised_weight, unsupervised_weight >= 0.0, ">= 0"),
            ("flip_probability", flip_probability, 0.0 <= flip_probability <= 1.0, "in [0, 1]"),
        ):
            if not ok:
                raise ArgumentError(
                    part="MeanTeacherTask",
                    argument=argument,
                    received=value,
                    expected=expected,
                    fix="use the defaults (threshold=0.5, unsupervised_weight=1.0, "
                    "flip_probability=0.5)",
                )
        self.teacher = teacher
        self.threshold = threshold
        self.unsupervised_weight = unsupervised_weight
        self.flip_probability = flip_probability
        self.regress_pseudo_boxes = regress_pseudo_boxes
        self.last_pseudo_boxes = 0
        """Pseudo-boxes the last step trained on (0 during the burn-in)."""

    @torch.no_grad()
    def _pseudo_targets(self, weak: Tensor, flip: Tensor, num_classes: int) -> list[Targets]:
        teacher = cast(_Detector, self.teacher.module)
        module = self.teacher.module
        was_training = module.training
        module.eval()
        detections = teacher(weak)
        module.train(was_training)
        size = (int(weak.shape[2]), int(weak.shape[3]))
        return pseudo_targets(
            detections,
            threshold=self.threshold,
            flip=flip,
            image_size=size,
            num_classes=num_classes,
        )

    def loss(self, model: nn.Module, batch: SemiSupervisedBatch) -> LossBreakdown:
        supervised = cast(_Detector, model).loss(batch.labeled_images, batch.labeled_targets)
        terms = {f"supervised_{name}": value for name, value in supervised.terms.items()}
        if not self.teacher.started or self.unsupervised_weight == 0.0:
            self.last_pseudo_boxes = 0
            zero = supervised.total.new_zeros(())
            terms |= {f"unsupervised_{name}": zero for name in supervised.terms}
            return LossBreakdown.of(**terms)
        student = cast(_Detector, model)
        flip = torch.rand(int(batch.strong.shape[0])) < self.flip_probability
        targets = self._pseudo_targets(batch.weak, flip, student.num_classes)
        self.last_pseudo_boxes = sum(len(t) for t in targets)
        strong = torch.where(
            flip.to(batch.strong.device)[:, None, None, None],
            tvf.horizontal_flip_image(batch.strong),
            batch.strong,
        )
        unsupervised = student.loss(strong, targets)
        if not self.regress_pseudo_boxes and _CLASSIFICATION not in unsupervised.terms:
            raise ArgumentError(
                part="MeanTeacherTask",
                argument="regress_pseudo_boxes",
                received=f"False with a detector whose loss terms are {sorted(unsupervised.terms)}",
                expected=f"a detector loss with a {_CLASSIFICATION!r} term (fcos, retinanet)",
                fix="use an fcos or retinanet head, or pass regress_pseudo_boxes=True",
            )
        terms |= {
            f"unsupervised_{name}": (
                self.unsupervised_weight * value
                if self.regress_pseudo_boxes or name == _CLASSIFICATION
                else value.new_zeros(())
            )
            for name, value in unsupervised.terms.items()
        }
        return LossBreakdown.of(**terms)

    def to_device(self, batch: SemiSupervisedBatch, device: torch.device) -> SemiSupervisedBatch:
        if device.type == "cpu":
            return batch
        return SemiSupervisedBatch(
            labeled_images=batch.labeled_images.to(device),
            labeled_targets=[move_targets(t, device) for t in batch.labeled_targets],
            weak=batch.weak.to(device),
            strong=batch.strong.to(device),
        )

    def batch_size(self, batch: SemiSupervisedBatch) -> int:
        return len(batch.labeled_targets) + int(batch.weak.shape[0])
