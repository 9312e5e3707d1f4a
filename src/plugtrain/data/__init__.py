"""COCO-format data: the up-front check, the reader, the synthetic shapes set, transforms
and augmentation (torchvision ``transforms.v2``; mosaic), batching and splits.

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
from plugtrain.data._semi_split import SemiSplit, split_labeled_unlabeled
from plugtrain.data._splits import Fold, grouped_kfold, random_split, subset_coco
from plugtrain.data._synth import SHAPE_CLASSES, ShapesDataset, make_shapes_dataset
from plugtrain.data._synth_crops import (
    CROP_STYLES,
    CropsDataset,
    CropStyle,
    make_crops_dataset,
    render_crop,
)
from plugtrain.data._synth_domains import DomainCrops, make_domain_crops
from plugtrain.data._synth_hard import (
    HARD_CLASSES,
    HardSynthOptions,
    make_hard_dataset,
    parse_image_sizes,
    parse_object_sizes,
)
from plugtrain.data._synth_style import SynthStyle, apply_style

if TYPE_CHECKING:
    from plugtrain.data._augment import (
        Flips,
        Photometric,
        ScaleJitter,
        WindowCrop,
        crop_with_rules,
        train_transforms,
    )
    from plugtrain.data._augment_mosaic import Mosaic, SampleSource
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
    from plugtrain.data._semi import (
        SemiSupervisedDataset,
        SemiSupervisedItem,
        collate_semi,
        strong_photometric,
    )
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
    "Flips": "plugtrain.data._augment",
    "Mosaic": "plugtrain.data._augment_mosaic",
    "Photometric": "plugtrain.data._augment",
    "SampleSource": "plugtrain.data._augment_mosaic",
    "ScaleJitter": "plugtrain.data._augment",
    "WindowCrop": "plugtrain.data._augment",
    "crop_with_rules": "plugtrain.data._augment",
    "HorizontalFlip": "plugtrain.data._transforms",
    "ImageBoxes": "plugtrain.data._transforms",
    "Letterbox": "plugtrain.data._transforms",
    "RandomScale": "plugtrain.data._transforms",
    "Resize": "plugtrain.data._transforms",
    "Sample": "plugtrain.data._sample",
    "SemiSupervisedDataset": "plugtrain.data._semi",
    "SemiSupervisedItem": "plugtrain.data._semi",
    "collate_semi": "plugtrain.data._semi",
    "strong_photometric": "plugtrain.data._semi",
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
    "train_transforms": "plugtrain.data._augment",
    "ImageSource": "plugtrain.data._views",
    "TwoViews": "plugtrain.data._views",
    "collate_views": "plugtrain.data._views",
    "simclr_augmentation": "plugtrain.data._views",
}

__all__ = [
    "CROP_STYLES",
    "DEFAULT_BOX_TOLERANCE",
    "HARD_CLASSES",
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
    "DomainCrops",
    "Flips",
    "Fold",
    "FolderDataset",
    "FolderReport",
    "HardSynthOptions",
    "HorizontalFlip",
    "ImageBoxes",
    "ImageFolderDataset",
    "ImageListing",
    "ImageSource",
    "Letterbox",
    "Mosaic",
    "Photometric",
    "RandomScale",
    "Resize",
    "Sample",
    "SampleSource",
    "ScaleJitter",
    "SemiSplit",
    "SemiSupervisedDataset",
    "SemiSupervisedItem",
    "ShapesDataset",
    "SkippedFile",
    "SynthStyle",
    "Transform",
    "TwoViews",
    "UnlabeledSample",
    "WindowCrop",
    "apply_style",
    "check_class_folders",
    "check_coco",
    "check_images_folder",
    "clip_boxes",
    "collate",
    "collate_classification",
    "collate_semi",
    "collate_unlabeled",
    "collate_views",
    "crop",
    "crop_with_rules",
    "eval_transforms",
    "grouped_kfold",
    "hflip",
    "inspect_coco",
    "letterbox",
    "list_image_files",
    "make_crops_dataset",
    "make_domain_crops",
    "make_hard_dataset",
    "make_loader",
    "make_shapes_dataset",
    "pad_to",
    "parse_image_sizes",
    "parse_object_sizes",
    "random_split",
    "read_rgb",
    "render_crop",
    "require_usable",
    "resize",
    "seed_worker",
    "simclr_augmentation",
    "split_labeled_unlabeled",
    "strong_photometric",
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
