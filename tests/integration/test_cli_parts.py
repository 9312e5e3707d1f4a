"""``plugtrain parts``: every registered part type with its options and spec."""

import json
import subprocess
import sys
from typing import cast

from typer.testing import CliRunner

from plugtrain.cli import app
from plugtrain.registry import REGISTRY

runner = CliRunner()


def test_parts_lists_every_registered_type_in_json() -> None:
    result = runner.invoke(app, ["parts", "--format", "json"])
    assert result.exit_code == 0, result.output
    listed = cast(list[dict[str, object]], json.loads(result.stdout)["parts"])
    assert [(p["slot"], p["type"]) for p in listed] == [(p.slot, p.name) for p in REGISTRY]
    resnet = listed[0]
    options = {str(o["name"]): o for o in cast(list[dict[str, object]], resnet["options"])}
    assert options["depth"] == {
        "name": "depth",
        "type": "Literal[18, 34, 50, 101]",
        "default": "50",
        "required": False,
        "description": "18, 34, 50 or 101",
    }
    assert resnet["spec"] == "[C3(512ch, stride 8), C4(1024ch, stride 16), C5(2048ch, stride 32)]"
    fcos = next(p for p in listed if p["type"] == "fcos")
    head_options = cast(list[dict[str, object]], fcos["options"])
    assert next(o for o in head_options if o["name"] == "num_classes")["required"] is True
    fpn = next(p for p in listed if p["type"] == "fpn")
    assert str(fpn["spec"]).startswith("[P3(256ch, stride 8)")
    torchvision = next(p for p in listed if p["type"] == "torchvision")
    assert torchvision["spec"] == "traced from the model when built (needs torch)"


def test_parts_prints_a_table_per_part() -> None:
    result = runner.invoke(app, ["parts"])
    assert result.exit_code == 0, result.output
    for name in ("resnet", "tiny", "torchvision", "fpn", "fcos", "retinanet"):
        assert f"type: {name}" in result.stdout
    assert "spec: [C3(512ch, stride 8)" in result.stdout


def test_parts_imports_no_torch() -> None:
    program = (
        "import contextlib, io, sys\n"
        "from plugtrain.cli import app\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        app(['parts', '--format', 'json'])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'torchvision')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
