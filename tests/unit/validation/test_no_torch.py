"""``plugtrain validate --no-dry-run`` imports neither torch nor torchvision (in a subprocess).

The schema, the file checks and the part specs are torch-free; the checks that need torch
(weights, a torchvision model, the head's arguments) are said to be left to the dry run.
"""

import json
import subprocess
import sys
from pathlib import Path
from typing import cast

import pytest

from tests.unit.config.workspace import REFERENCE

VALID = Path(__file__).resolve().parents[2] / "data" / "configs" / "valid"

_PROGRAM = """
import contextlib, io, json, sys
from plugtrain.cli import app
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        app(["validate", sys.argv[1], "--no-dry-run", "--format", "json"])
    except SystemExit as stop:
        code = stop.code
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("torch", "torchvision"))
print(json.dumps({"code": code, "report": json.loads(out.getvalue()), "heavy": heavy}))
"""


def _validate_without_torch(config: Path) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", _PROGRAM, str(config)], capture_output=True, text=True, check=True
    )
    found: dict[str, object] = json.loads(result.stdout)
    return found


@pytest.mark.usefixtures("workspace")
@pytest.mark.parametrize(
    "config",
    [REFERENCE, VALID / "torchvision_backbone.yaml", VALID / "tiny_weights.yaml"],
    ids=lambda p: p.stem,
)
def test_no_dry_run_validation_imports_no_torch(config: Path) -> None:
    found = _validate_without_torch(config)
    assert found["heavy"] == []
    assert found["code"] == 0
    report = cast(dict[str, object], found["report"])
    assert report["ok"] is True
    summary = cast(dict[str, object], report["summary"])
    assert summary["dry_run"] == "skipped (--no-dry-run)"
    assert str(summary["weights"]).startswith("skipped (--no-dry-run)")


@pytest.mark.usefixtures("workspace")
def test_a_torchvision_backbone_is_left_to_the_dry_run() -> None:
    found = _validate_without_torch(VALID / "torchvision_backbone.yaml")
    report = cast(dict[str, object], found["report"])
    summary = cast(dict[str, object], report["summary"])
    assert "backbone_levels" not in summary
    assert str(summary["traced_later"]).startswith("the torchvision backbone's levels are traced")


@pytest.mark.usefixtures("workspace")
def test_static_problems_are_found_without_torch() -> None:
    broken = VALID.parent / "broken" / "parts_neck_needs_c3.yaml"
    found = _validate_without_torch(broken)
    assert found["heavy"] == []
    assert found["code"] == 1
    report = cast(dict[str, object], found["report"])
    (error,) = cast(list[dict[str, str]], report["errors"])
    assert error["code"] == "incompatible-parts"
    assert "FPN output P3 is made from C3" in error["message"]
