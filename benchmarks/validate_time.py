"""Wall time of ``plugtrain validate configs/shapes_fcos.yaml`` after imports.

    python benchmarks/validate_time.py [--repeats N] [--images N]

Runs anywhere: it writes a small synthetic COCO set (3 categories, ``--images`` training
images) to a temporary folder and points the reference config's data paths at it with
overrides, as a user would. Everything the command imports (pydantic, PyYAML, torch,
torchvision, the parts) is imported first; then the command is timed in-process, through
the CLI (``typer``'s runner: parsing arguments, every check, the JSON report), once cold
(the first call) and as the median of ``--repeats`` calls, with and without the dry run.
Target (DESIGN.md): <= 2 s with the dry run.
"""

import argparse
import importlib
import io
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import cast

from PIL import Image
from typer.testing import CliRunner

from plugtrain.cli import app

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "configs" / "shapes_fcos.yaml"
CATEGORIES = ("circle", "square", "triangle")


def _write_split(root: Path, split: str, count: int) -> tuple[Path, Path]:
    folder = root / split
    folder.mkdir(parents=True)
    buffer = io.BytesIO()
    Image.new("RGB", (320, 320), (90, 90, 90)).save(buffer, format="PNG")
    images: list[dict[str, object]] = []
    for index in range(1, count + 1):
        name = f"{index:06d}.png"
        (folder / name).write_bytes(buffer.getvalue())
        images.append({"id": index, "file_name": name, "width": 320, "height": 320})
    annotations = [
        {
            "id": index,
            "image_id": index,
            "category_id": 1 + index % len(CATEGORIES),
            "bbox": [10.0, 10.0, 50.0, 40.0],
            "area": 2000.0,
            "iscrowd": 0,
        }
        for index in range(1, count + 1)
    ]
    document = {
        "images": images,
        "annotations": annotations,
        "categories": [{"id": k + 1, "name": n} for k, n in enumerate(CATEGORIES)],
    }
    target = root / f"{split}.json"
    target.write_text(json.dumps(document))
    return folder, target


def _time(args: list[str]) -> tuple[float, int, dict[str, object]]:
    runner = CliRunner()
    start = time.perf_counter()
    result = runner.invoke(app, args)
    elapsed = time.perf_counter() - start
    payload: dict[str, object] = json.loads(result.stdout)  # one JSON object
    return elapsed, result.exit_code, payload


def main() -> int:
    parser = argparse.ArgumentParser(description="Wall time of plugtrain validate.")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--images", type=int, default=600)
    options = parser.parse_args()
    # every module the command imports lazily, imported before anything is timed
    for module in (
        "torch",
        "torchvision.models",
        "plugtrain.builders",
        "plugtrain.validation._parts",
        "plugtrain.validation._weights",
        "plugtrain.validation._dry_run",
    ):
        importlib.import_module(module)
    with tempfile.TemporaryDirectory(prefix="plugtrain-validate-") as folder:
        root = Path(folder)
        train_images, train_json = _write_split(root, "train", options.images)
        val_images, val_json = _write_split(root, "val", max(1, options.images // 4))
        overrides = [
            f"data.train.images={train_images}",
            f"data.train.annotations={train_json}",
            f"data.val.images={val_images}",
            f"data.val.annotations={val_json}",
            f"train.output_dir={root / 'runs'}",
        ]
        print(f"config: {CONFIG} ({options.images} training images, {sys.platform})")
        for label, flag in (("with dry run", "--dry-run"), ("without dry run", "--no-dry-run")):
            args = ["validate", str(CONFIG), *overrides, "--format", "json", flag]
            cold, code, payload = _time(args)
            if code != 0:
                print(json.dumps(payload, indent=2))
                return 1
            warm = statistics.median(_time(args)[0] for _ in range(options.repeats))
            summary = cast(dict[str, object], payload["summary"])
            dry_run = summary.get("dry_run")
            print(
                f"validate {label}: first call {cold:.3f} s, median of {options.repeats} "
                f"{warm:.3f} s (dry run: {dry_run if isinstance(dry_run, str) else 'ran'})"
            )
        print("target (DESIGN.md): <= 2 s with the dry run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
