"""A tiny detector checkpoint for the inference, predict and serve tests (no training).

Random-init heads score every class near 0.01; ``liven_head`` spreads them so that images
get detections above the model's score threshold and the results are not trivially empty.
"""

import io
import struct
import zlib
from pathlib import Path
from typing import Final

import numpy as np
import yaml
from PIL import Image

from plugtrain.builders import build_detector
from plugtrain.config import ExperimentConfig
from plugtrain.training import RunInfo, save_checkpoint
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
        run=RunInfo(config=config, class_names=tuple(CLASS_NAMES)),
    )


def encoded_image(size: tuple[int, int], kind: str, *, seed: int = 0) -> bytes:
    """Random RGB pixels of ``size`` (height, width) as a ``kind`` (png, jpeg) file's bytes."""
    pixels = np.random.default_rng(seed).integers(0, 256, (*size, 3), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format=kind)
    return buffer.getvalue()


def write_image(path: Path, *, size: tuple[int, int] = (48, 80), seed: int = 0) -> Path:
    """A random RGB image of ``size`` (height, width), in the format of ``path``'s suffix."""
    pixels = np.random.default_rng(seed).integers(0, 256, (*size, 3), dtype=np.uint8)
    Image.fromarray(pixels).save(path)
    return path


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header declares ``width`` x ``height`` gray pixels but which holds one
    tiny zlib stream: what a decompression bomb looks like before anyone decodes it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def truncated_jpeg(path: Path, *, size: tuple[int, int] = (64, 96)) -> Path:
    """A JPEG cut off in the middle of its pixel data."""
    write_image(path.with_suffix(".full.jpg"), size=size)
    data = path.with_suffix(".full.jpg").read_bytes()
    path.with_suffix(".full.jpg").unlink()
    path.write_bytes(data[: len(data) // 2])
    return path
