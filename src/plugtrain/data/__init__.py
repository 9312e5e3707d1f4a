"""COCO-format data: the up-front check, the reader, the synthetic shapes set, transforms,
batching and splits.

Typical use::

    report = check_coco("data/shapes/train", "data/shapes/train.json")
    dataset = CocoDataset("data/shapes/train", "data/shapes/train.json",
                          transforms=train_transforms((320, 320)))
    loader = make_loader(dataset, batch_size=8, shuffle=True, num_workers=2, seed=0)

The check, the synthetic set, the splits and the category map need no torch; the names
that do are imported on first use, so ``plugtrain data check`` and ``plugtrain data synth``
start without loading torch.
"""

from importlib import import_module as _import_module
from typing import TYPE_CHECKING

from plugtrain.data._categories import CategoryMap
from plugtrain.data._check import DEFAULT_BOX_TOLERANCE, DataCheckError, check_coco
from plugtrain.data._folder_check import (
    FolderReport,
    check_class_folders,
    check_images_folder,
    require_usable,
)
from plugtrain.data._image_listing import (
    IMAGE_SUFFIXES,
    ImageListing,
    SkippedFile,
    list_image_files,
)
from plugtrain.data._report import PROBLEM_CODES, DataProblem, DataReport
from plugtrain.data._splits import Fold, grouped_kfold, random_split, subset_coco
from plugtrain.data._synth import SHAPE_CLASSES, ShapesDataset, make_shapes_dataset
from plugtrain.data._synth_crops import (
    CROP_STYLES,
    CropsDataset,
    CropStyle,
    make_crops_dataset,
    render_crop,
)

if TYPE_CHECKING:
    from plugtrain.data._dataset import CocoDataset
    from plugtrain.data._decode import read_rgb
    from plugtrain.data._folders import (
        ClassificationSample,
        FolderDataset,
        ImageFolderDataset,
        UnlabeledSample,
        collate_classification,
        collate_unlabeled,
    )
    from plugtrain.data._functional import clip_boxes, crop, hflip, letterbox, pad_to, resize
    from plugtrain.data._inspect import DataStats, inspect_coco
    from plugtrain.data._loader import collate, make_loader, seed_worker
    from plugtrain.data._sample import Batch, BoxMapping, Sample
    from plugtrain.data._transforms import (
        ColorJitter,
        Compose,
        HorizontalFlip,
        ImageBoxes,
        Letterbox,
        RandomScale,
        Resize,
        Transform,
        eval_transforms,
        train_transforms,
    )
    from plugtrain.data._views import (
        ImageSource,
        TwoViews,
        collate_views,
        simclr_augmentation,
    )

# public name -> module that defines it (imported lazily by __getattr__: these need torch)
_LAZY: dict[str, str] = {
    "Batch": "plugtrain.data._sample",
    "BoxMapping": "plugtrain.data._sample",
    "ClassificationSample": "plugtrain.data._folders",
    "FolderDataset": "plugtrain.data._folders",
    "ImageFolderDataset": "plugtrain.data._folders",
    "UnlabeledSample": "plugtrain.data._folders",
    "collate_classification": "plugtrain.data._folders",
    "collate_unlabeled": "plugtrain.data._folders",
    "CocoDataset": "plugtrain.data._dataset",
    "ColorJitter": "plugtrain.data._transforms",
    "Compose": "plugtrain.data._transforms",
    "DataStats": "plugtrain.data._inspect",
    "HorizontalFlip": "plugtrain.data._transforms",
    "ImageBoxes": "plugtrain.data._transforms",
    "Letterbox": "plugtrain.data._transforms",
    "RandomScale": "plugtrain.data._transforms",
    "Resize": "plugtrain.data._transforms",
    "Sample": "plugtrain.data._sample",
    "Transform": "plugtrain.data._transforms",
    "clip_boxes": "plugtrain.data._functional",
    "collate": "plugtrain.data._loader",
    "crop": "plugtrain.data._functional",
    "eval_transforms": "plugtrain.data._transforms",
    "hflip": "plugtrain.data._functional",
    "inspect_coco": "plugtrain.data._inspect",
    "letterbox": "plugtrain.data._functional",
    "make_loader": "plugtrain.data._loader",
    "pad_to": "plugtrain.data._functional",
    "read_rgb": "plugtrain.data._decode",
    "resize": "plugtrain.data._functional",
    "seed_worker": "plugtrain.data._loader",
    "train_transforms": "plugtrain.data._transforms",
    "ImageSource": "plugtrain.data._views",
    "TwoViews": "plugtrain.data._views",
    "collate_views": "plugtrain.data._views",
    "simclr_augmentation": "plugtrain.data._views",
}

__all__ = [
    "CROP_STYLES",
    "DEFAULT_BOX_TOLERANCE",
    "IMAGE_SUFFIXES",
    "PROBLEM_CODES",
    "SHAPE_CLASSES",
    "Batch",
    "BoxMapping",
    "CategoryMap",
    "ClassificationSample",
    "CocoDataset",
    "ColorJitter",
    "Compose",
    "CropStyle",
    "CropsDataset",
    "DataCheckError",
    "DataProblem",
    "DataReport",
    "DataStats",
    "Fold",
    "FolderDataset",
    "FolderReport",
    "HorizontalFlip",
    "ImageBoxes",
    "ImageFolderDataset",
    "ImageListing",
    "ImageSource",
    "Letterbox",
    "RandomScale",
    "Resize",
    "Sample",
    "ShapesDataset",
    "SkippedFile",
    "Transform",
    "TwoViews",
    "UnlabeledSample",
    "check_class_folders",
    "check_coco",
    "check_images_folder",
    "clip_boxes",
    "collate",
    "collate_classification",
    "collate_unlabeled",
    "collate_views",
    "crop",
    "eval_transforms",
    "grouped_kfold",
    "hflip",
    "inspect_coco",
    "letterbox",
    "list_image_files",
    "make_crops_dataset",
    "make_loader",
    "make_shapes_dataset",
    "pad_to",
    "random_split",
    "read_rgb",
    "render_crop",
    "require_usable",
    "resize",
    "seed_worker",
    "simclr_augmentation",
    "subset_coco",
    "train_transforms",
]


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'plugtrain.data' has no attribute {name!r}")
    value: object = getattr(_import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
