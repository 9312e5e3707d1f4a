"""Wall time of ``plugtrain validate configs/shapes_fcos.yaml``: whole process and in-process.

    python benchmarks/validate_time.py [--repeats N] [--images N]

Runs anywhere: it writes a small synthetic COCO set (3 categories, ``--images`` training
images) to a temporary folder and points the reference config's data paths at it with
overrides, as a user would. It prints, each as the median of ``--repeats`` runs:

- the whole process (a fresh ``python``, wall time) of ``validate --no-dry-run`` (target
  <= 0.5 s; it imports no torch) and of ``validate`` with the dry run;
- the dry run in-process after every import (through the CLI: typer's runner, every
  check, the JSON report; target <= 1.5 s);
- for reference, the whole process of ``import torch, torchvision`` alone.
"""

import argparse
import importlib
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
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


_CLI = "import sys; from plugtrain.cli import main; sys.argv[0] = 'plugtrain'; main()"


def _process(args: list[str]) -> float:
    """Wall time of a fresh interpreter running ``args`` (``-c`` programs)."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args[:2])}... failed:\n{done.stdout}{done.stderr}")
    return elapsed


def _median(repeats: int, measure: Callable[[list[str]], float], args: list[str]) -> float:
    return statistics.median(measure(args) for _ in range(repeats))


def main() -> int:
    parser = argparse.ArgumentParser(description="Wall time of plugtrain validate.")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--images", type=int, default=600)
    options = parser.parse_args()
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
        repeats = options.repeats
        torch_import = _median(repeats, _process, ["-c", "import torch, torchvision"])
        print(f"reference: import torch, torchvision, whole process {torch_import:.3f} s")
        for label, flag, target in (
            ("--no-dry-run", "--no-dry-run", "<= 0.5 s"),
            ("with the dry run", "--dry-run", "none"),
        ):
            args = ["-c", _CLI, "validate", str(CONFIG), *overrides, "--format", "json", flag]
            wall = _median(repeats, _process, args)
            print(f"validate {label}: whole process {wall:.3f} s (target {target})")
        # every module the command imports lazily, imported before the in-process timing
        for module in ("torch", "torchvision.models", "plugtrain.builders"):
            importlib.import_module(module)
        importlib.import_module("plugtrain.validation._dry_run")
        args = ["validate", str(CONFIG), *overrides, "--format", "json", "--dry-run"]
        cold, code, payload = _time(args)
        if code != 0:
            print(json.dumps(payload, indent=2))
            return 1
        warm = statistics.median(_time(args)[0] for _ in range(repeats))
        summary = cast(dict[str, object], payload["summary"])
        dry_run = summary.get("dry_run")
        print(
            f"validate with the dry run, after imports: first call {cold:.3f} s, median of "
            f"{repeats} {warm:.3f} s (dry run: {dry_run if isinstance(dry_run, str) else 'ran'}; "
            f"target <= 1.5 s)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
