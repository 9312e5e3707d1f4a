"""plugtrain.config imports no torch and nothing of plugtrain but errors and the torch-free
plugtrain.io (in a subprocess)."""

import json
import subprocess
import sys
from pathlib import Path

REFERENCE = Path(__file__).resolve().parents[3] / "configs" / "shapes_fcos.yaml"

_PROGRAM = f"""
import json, sys
import plugtrain.config as config
parsed = config.load_config({str(REFERENCE)!r}, ["train.epochs=3"])
schema = config.schema_text()
modules = sorted(m for m in sys.modules if m.split(".")[0] in ("torch", "torchvision", "plugtrain"))
print(json.dumps({{"epochs": parsed.train.epochs, "modules": modules}}))
"""


def test_loading_a_config_and_its_schema_imports_no_torch() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _PROGRAM], capture_output=True, text=True, check=True
    )
    found = json.loads(result.stdout)
    assert found["epochs"] == 3
    modules: list[str] = found["modules"]
    assert not [m for m in modules if m.split(".")[0] in ("torch", "torchvision")]
    assert {m for m in modules if not m.startswith(("plugtrain.config", "plugtrain.io"))} == {
        "plugtrain",
        "plugtrain.errors",
    }
