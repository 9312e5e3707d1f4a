"""CocoDataset: a COCO instances file + images folder as typed, checked samples."""

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal, cast, final

import torch
from torch import Tensor
from torch.utils.data import Dataset
from torchvision import tv_tensors
from torchvision.transforms.v2 import functional as tvf

from plugtrain.data._categories import CategoryMap
from plugtrain.data._check import DEFAULT_BOX_TOLERANCE, CocoScan, DataCheckError, scan_coco
from plugtrain.data._decode import read_rgb, reduction_of
from plugtrain.data._report import DataReport
from plugtrain.data._sample import BoxMapping, Sample
from plugtrain.data._transforms import ImageBoxes, Transform
from plugtrain.errors import DataError

__all__ = ["CocoDataset"]

_LOG: Final = logging.getLogger("plugtrain.data")

Mode = Literal["strict", "lenient"]


@dataclass(frozen=True, slots=True)
class _Entry:
    path: str
    image_id: int
    file_name: str
    size: tuple[int, int]  # (height, width) as recorded (after EXIF rotation if applied)
    apply_exif: bool
    boxes: Tensor  # (num, 4) xyxy, crowd annotations excluded
    labels: Tensor  # (num,) int64


def _entries(scan: CocoScan, images_dir: Path, categories: CategoryMap) -> list[_Entry]:
    entries: list[_Entry] = []
    for record in scan.images:
        annotations = [a for a in scan.annotations.get(record.image_id, ()) if not a.iscrowd]
        xywh = torch.tensor([a.bbox for a in annotations], dtype=torch.float32).reshape(-1, 4)
        boxes = tvf.convert_bounding_box_format(
            xywh,
            old_format=tv_tensors.BoundingBoxFormat.XYWH,
            new_format=tv_tensors.BoundingBoxFormat.XYXY,
        )
        labels = torch.tensor(
            [categories.label(a.category_id) for a in annotations], dtype=torch.int64
        )
        entries.append(
            _Entry(
                path=str(images_dir / record.file_name),
                image_id=record.image_id,
                file_name=record.file_name,
                size=(record.height, record.width),
                apply_exif=record.image_id in scan.exif_transposed,
                boxes=boxes,
                labels=labels,
            )
        )
    return entries


@final
class CocoDataset(Dataset[Sample]):
    """Images of a COCO instances file as :class:`Sample` objects, checked before use.

    The whole set goes through :func:`check_coco` first. ``mode="strict"`` (default)
    refuses a set with any problem and raises :class:`DataCheckError` (a
    :class:`~plugtrain.errors.DataError`) showing the report. ``mode="lenient"`` skips every
    image that a problem names (an image with one bad box is skipped whole: training on it
    without that box would teach the model that the object is background; a missing
    ``area``/``iscrowd``, which only evaluation needs, does not skip it) and logs the
    count; problems that make the set unusable (unreadable JSON, no categories, ...) stop
    both modes. An image that fails to load later (a file changed after the check) raises
    ``DataError`` in strict mode; lenient mode logs it and serves the next image instead,
    so an epoch never dies on it.

    Labels are contiguous, 0-based, in category-id order (:attr:`categories` keeps the map
    back). Crowd annotations (``iscrowd: 1``) are kept out of the targets, as COCO
    evaluation ignores them. ``image_ids`` restricts the set (e.g. to one fold of a split).
    ``verify_images=False`` reads only image headers up front (faster; truncated files are
    then found when they are loaded).

    When the transforms shrink the image (``Transform.needed_input``), a JPEG at least twice
    as large as needed is decoded at 1/2, 1/4 or 1/8 scale by libjpeg's DCT scaling (what
    Pillow's ``thumbnail`` does) instead of in full and then resized; the boxes and the
    mapping follow. ``reduce_on_decode=False`` always decodes in full.

    Images are read only from inside ``images``: a file_name that is absolute, climbs out
    with ``..`` or passes a symlink pointing elsewhere is a problem (``image_outside_folder``)
    unless ``allow_outside=True``.
    """

    def __init__(
        self,
        images: Path | str,
        annotations: Path | str,
        *,
        transforms: Transform | None = None,
        mode: Mode = "strict",
        image_ids: Sequence[int] | None = None,
        verify_images: bool = True,
        box_tolerance: float = DEFAULT_BOX_TOLERANCE,
        workers: int | None = None,
        reduce_on_decode: bool = True,
        allow_outside: bool = False,
    ) -> None:
        if mode not in ("strict", "lenient"):
            raise DataError(f"mode must be 'strict' or 'lenient', got {mode!r}")
        if transforms is not None and not isinstance(cast(object, transforms), Transform):
            raise DataError(
                f"transforms must be a plugtrain.data.Transform (e.g. Compose([...])), got "
                f"{type(transforms).__name__}"
            )
        images_dir = Path(images)
        scan = scan_coco(
            images_dir,
            annotations,
            decode=verify_images,
            workers=workers,
            box_tolerance=box_tolerance,
            allow_outside=allow_outside,
        )
        report = scan.report
        if report.fatal:
            raise DataCheckError(report, reason="the data set cannot be used at all:")
        if mode == "strict" and not report.ok:
            raise DataCheckError(
                report,
                reason=f"strict mode: the data set has {len(report.problems)} problem(s):",
            )
        self.report: Final[DataReport] = report
        self.mode: Final = mode
        self.transforms: Final = transforms
        self.reduce_on_decode: Final = reduce_on_decode
        self.categories: Final = CategoryMap.from_pairs(scan.categories)
        entries = _entries(scan, images_dir, self.categories)
        skipped = scan.skipped_images
        if image_ids is not None:
            entries, skipped = self._select(entries, image_ids, scan)
        self.skipped_images: Final = skipped
        self.skipped_annotations: Final = scan.skipped_annotations
        if skipped or scan.skipped_annotations:
            _LOG.warning(
                "lenient mode: skipped %d image(s) and %d annotation(s) with problems in %s "
                "(run `plugtrain data check` for the list)",
                skipped,
                scan.skipped_annotations,
                annotations,
            )
        if not entries:
            raise DataCheckError(report, reason="no usable image is left in the data set:")
        self._entries: Final = tuple(entries)
        self.load_failures = 0  # images that failed to load after the check (this process)

    @staticmethod
    def _select(
        entries: list[_Entry], image_ids: Sequence[int], scan: CocoScan
    ) -> tuple[list[_Entry], int]:
        wanted = set(image_ids)
        known = {r.image_id for r in scan.images} | {
            p.image_id for p in scan.report.problems if isinstance(p.image_id, int)
        }
        unknown = sorted(wanted - known)
        if unknown:
            raise DataError(
                f"image_ids name {len(unknown)} image(s) not in the annotation file: "
                f"{unknown[:20]}; expected ids from its 'images' list",
                file=scan.report.annotations,
                record_id=unknown[0],
            )
        # Every wanted id is in the file; those without an entry were skipped as bad.
        kept = [e for e in entries if e.image_id in wanted]
        return kept, len(wanted) - len(kept)

    @property
    def category_names(self) -> tuple[str, ...]:
        """Class names by 0-based label."""
        return self.categories.names

    @property
    def num_classes(self) -> int:
        return len(self.categories)

    @property
    def image_ids(self) -> tuple[int, ...]:
        return tuple(e.image_id for e in self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def boxes(self) -> Iterator[tuple[int, Tensor, Tensor]]:
        """(image id, xyxy boxes in the original image's pixels, labels) of every image,
        without reading any image file."""
        for entry in self._entries:
            yield entry.image_id, entry.boxes, entry.labels

    def __getitem__(self, index: int) -> Sample:
        if not -len(self._entries) <= index < len(self._entries):
            raise IndexError(f"index {index} out of range for {len(self._entries)} images")
        if self.mode == "strict":
            return self._load(self._entries[index])
        for attempt in range(len(self._entries)):
            entry = self._entries[(index + attempt) % len(self._entries)]
            try:
                return self._load(entry)
            except DataError as error:
                self.load_failures += 1
                _LOG.warning("lenient mode: serving the next image instead: %s", error)
        raise DataError(
            f"lenient mode: none of the {len(self._entries)} images could be loaded",
            file=self.report.images,
        )

    def _load(self, entry: _Entry) -> Sample:
        reduce = 1
        if self.transforms is not None and self.reduce_on_decode:
            reduce = reduction_of(entry.size, self.transforms.needed_input(entry.size))
        try:
            image = read_rgb(entry.path, apply_exif=entry.apply_exif, reduce=reduce)
        except DataError as error:  # read_rgb turns every decoder failure into one
            raise DataError(
                f"cannot load image {entry.image_id}: {error.message}; it passed the check, so the "
                f"file changed since (run `plugtrain data check` again)",
                file=entry.path,
                record_id=entry.image_id,
            ) from error
        size = (int(image.shape[1]), int(image.shape[2]))
        mapping = BoxMapping(original_size=entry.size)
        boxes = entry.boxes
        if size != entry.size:
            reduced = (-(-entry.size[0] // reduce), -(-entry.size[1] // reduce))
            if reduce == 1 or size != reduced:
                raise DataError(
                    f"image {entry.image_id} is now {size[1]}x{size[0]} (width x height) but "
                    f"was {entry.size[1]}x{entry.size[0]} when checked; the file changed since",
                    file=entry.path,
                    record_id=entry.image_id,
                )
            # Decoded at 1/reduce scale: pixel x of the file is at x / reduce.
            boxes = boxes / reduce
            mapping = mapping.then(scale=(1 / reduce, 1 / reduce))
        item = ImageBoxes(image=image, boxes=boxes, labels=entry.labels, mapping=mapping)
        if self.transforms is not None:
            item = self.transforms.apply(item)
        return item.to_sample(
            num_classes=len(self.categories), image_id=entry.image_id, file_name=entry.file_name
        )

    def __repr__(self) -> str:
        return (
            f"CocoDataset({len(self)} images, {self.num_classes} classes, mode={self.mode!r}, "
            f"skipped_images={self.skipped_images})"
        )
