"""The shipped example configs of the self-supervised setups validate (dry run included)
on the data their comments say to make."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from plugtrain.cli import app
from plugtrain.data import make_crops_dataset, make_shapes_dataset

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


@pytest.mark.parametrize("name", ["autoencoder", "contrastive"])
def test_the_example_config_validates(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    make_shapes_dataset(tmp_path / "data" / "shapes", num_train=16, num_val=2, size=32, workers=1)
    make_crops_dataset(tmp_path / "data" / "crops", num_train=64, num_val=6, size=32, workers=1)
    config = ROOT / "configs" / f"{name}.yaml"
    result = runner.invoke(app, ["validate", str(config), "--strict"])
    assert result.exit_code == 0, result.output
    assert f"valid: {config}" in result.output
