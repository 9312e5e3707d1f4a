"""``train.tracking``: off by default, validated, and a missing extra is a config issue."""

from importlib.machinery import ModuleSpec
from importlib.util import find_spec as real_find_spec
from pathlib import Path

import pytest

import plugtrain.config._tracking as tracking_module
from plugtrain.config import TrackingConfig
from plugtrain.validation import validate_config_text

REFERENCE = (Path(__file__).resolve().parents[3] / "configs" / "shapes_fcos.yaml").read_text()


def _hide(monkeypatch: pytest.MonkeyPatch, *hidden: str) -> None:
    def find_spec(name: str) -> ModuleSpec | None:
        return None if name in hidden else real_find_spec(name)

    monkeypatch.setattr(tracking_module, "find_spec", find_spec)


def test_tracking_is_off_by_default() -> None:
    assert TrackingConfig() == TrackingConfig(tensorboard=False, mlflow=None)


@pytest.mark.usefixtures("workspace")
@pytest.mark.parametrize(
    ("override", "hidden", "loc", "text"),
    [
        (
            "train.tracking.tensorboard=true",
            "tensorboard",
            "train.tracking.tensorboard",
            "tensorboard needs the tensorboard package, which is not installed; fix: pip "
            "install 'plugtrain[tensorboard]'",
        ),
        (
            "train.tracking.mlflow.experiment=e",
            "mlflow",
            "train.tracking.mlflow",
            "mlflow tracking needs the mlflow package, which is not installed; fix: pip "
            "install 'plugtrain[mlflow]'",
        ),
        (
            "train.tracking.mlflow.tracking_uri=sqlite:///runs.db",
            "sqlalchemy",
            "train.tracking.mlflow.tracking_uri",
            "is a database store, which needs the full mlflow package",
        ),
    ],
)
def test_a_missing_extra_is_an_issue_naming_it(
    monkeypatch: pytest.MonkeyPatch, override: str, hidden: str, loc: str, text: str
) -> None:
    _hide(monkeypatch, hidden)
    report = validate_config_text(REFERENCE, overrides=[override], dry_run=False)
    [issue] = report.issues
    assert (issue.loc, issue.code) == (loc, "extra-missing")
    assert text in issue.message
    assert not report.ok


@pytest.mark.usefixtures("workspace")
def test_installed_trackers_validate_and_bad_values_are_refused() -> None:
    on = ["train.tracking.tensorboard=true", "train.tracking.mlflow.experiment=shapes"]
    assert validate_config_text(REFERENCE, overrides=on, dry_run=False).ok
    bad = [
        'train.tracking.mlflow.experiment="  "',
        "train.tracking.wandb=1",
        "train.tracking.tensorboard=maybe",
    ]
    report = validate_config_text(REFERENCE, overrides=bad, dry_run=False)
    found = {i.loc: (i.code, i.message) for i in report.issues}
    assert found["train.tracking.mlflow.experiment"] == (
        "value",
        "must not be empty (experiment name (created when missing))",
    )
    assert found["train.tracking.wandb"][0] == "unknown-key"
    assert "valid keys: mlflow, tensorboard" in found["train.tracking.wandb"][1]
    assert found["train.tracking.tensorboard"][0] == "type"
