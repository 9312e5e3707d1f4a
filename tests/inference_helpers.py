"""A tiny detector checkpoint for the inference, predict and serve tests (no training).

Random-init heads score every class near 0.01; ``liven_head`` spreads them so that images
get detections above the model's score threshold and the results are not trivially empty.
"""

from pathlib import Path
from typing import Final

import numpy as np
import yaml
from PIL import Image

from plugtrain.builders import build_detector
from plugtrain.config import ExperimentConfig
from plugtrain.training import save_checkpoint
from tests.detection_helpers import liven_head

CLASS_NAMES: Final = ("circle", "square", "triangle")

_CONFIG: Final = """\
model:
  backbone: {{type: tiny, channels: [8, 16, 16, 32], out_levels: [3, 4, 5]}}
  neck: {{type: fpn, channels: 32, out_levels: [3, 4, 5]}}
  head: {{type: fcos, num_classes: 3, num_convs: 1, norm: none}}
data:
  train: {{format: coco, images: {root}/train, annotations: {root}/train.json}}
  image_size: [64, 64]
  batch_size: 2
train:
  epochs: 1
  seed: 0
  output_dir: {root}/run
"""


def save_tiny_checkpoint(directory: Path) -> Path:
    """Write ``directory/tiny.json`` + ``tiny.safetensors``; return the JSON path."""
    config = ExperimentConfig.model_validate(yaml.safe_load(_CONFIG.format(root=directory)))
    detector = build_detector(config.model)
    liven_head(detector, std=0.3)
    return save_checkpoint(
        directory / "tiny",
        model=detector,
        metadata={"config": config.model_dump(mode="json"), "class_names": list(CLASS_NAMES)},
    )


def write_image(path: Path, *, size: tuple[int, int] = (48, 80), seed: int = 0) -> Path:
    """A random RGB image of ``size`` (height, width), in the format of ``path``'s suffix."""
    pixels = np.random.default_rng(seed).integers(0, 256, (*size, 3), dtype=np.uint8)
    Image.fromarray(pixels).save(path)
    return path
