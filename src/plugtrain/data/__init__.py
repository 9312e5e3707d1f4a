"""COCO-format data: the up-front check, the reader, the synthetic shapes set, transforms,
batching and splits.

Typical use::

    report = check_coco("data/shapes/train", "data/shapes/train.json")
    dataset = CocoDataset("data/shapes/train", "data/shapes/train.json",
                          transforms=train_transforms((320, 320)))
    loader = make_loader(dataset, batch_size=8, shuffle=True, num_workers=2, seed=0)
"""

from plugtrain.data._categories import CategoryMap
from plugtrain.data._check import DEFAULT_BOX_TOLERANCE, DataCheckError, check_coco
from plugtrain.data._dataset import CocoDataset
from plugtrain.data._functional import clip_boxes, crop, hflip, letterbox, pad_to, resize
from plugtrain.data._inspect import DataStats, inspect_coco
from plugtrain.data._loader import collate, make_loader, seed_worker
from plugtrain.data._report import PROBLEM_CODES, DataProblem, DataReport
from plugtrain.data._results import to_coco_results
from plugtrain.data._sample import Batch, BoxMapping, Sample
from plugtrain.data._splits import Fold, grouped_kfold, random_split, subset_coco
from plugtrain.data._synth import SHAPE_CLASSES, ShapesDataset, make_shapes_dataset
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

__all__ = [
    "DEFAULT_BOX_TOLERANCE",
    "PROBLEM_CODES",
    "SHAPE_CLASSES",
    "Batch",
    "BoxMapping",
    "CategoryMap",
    "CocoDataset",
    "ColorJitter",
    "Compose",
    "DataCheckError",
    "DataProblem",
    "DataReport",
    "DataStats",
    "Fold",
    "HorizontalFlip",
    "ImageBoxes",
    "Letterbox",
    "RandomScale",
    "Resize",
    "Sample",
    "ShapesDataset",
    "Transform",
    "check_coco",
    "clip_boxes",
    "collate",
    "crop",
    "eval_transforms",
    "grouped_kfold",
    "hflip",
    "inspect_coco",
    "letterbox",
    "make_loader",
    "make_shapes_dataset",
    "pad_to",
    "random_split",
    "resize",
    "seed_worker",
    "subset_coco",
    "to_coco_results",
    "train_transforms",
]
