"""``plugtrain validate`` and ``plugtrain schema`` driven as a user would (CliRunner)."""

import json
from pathlib import Path
from typing import cast

import pytest
from typer.testing import CliRunner

from plugtrain.cli import app
from tests.unit.config.workspace import REFERENCE, make_workspace

ROOT = Path(__file__).resolve().parents[2]
BROKEN = ROOT / "tests" / "data" / "configs" / "broken"

runner = CliRunner()


@pytest.fixture(scope="module")
def workspace_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("cli"))


@pytest.fixture
def workspace(workspace_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(workspace_root)
    return workspace_root


def _json(args: list[str]) -> tuple[int, dict[str, object]]:
    result = runner.invoke(app, ["validate", *args, "--format", "json"])
    payload: object = json.loads(result.stdout)  # exactly one JSON object, nothing else
    assert isinstance(payload, dict)
    return result.exit_code, cast(dict[str, object], payload)


def _errors(payload: dict[str, object]) -> list[dict[str, object]]:
    return cast(list[dict[str, object]], payload["errors"])


@pytest.mark.usefixtures("workspace")
def test_the_reference_is_valid() -> None:
    code, payload = _json([str(REFERENCE), "--no-dry-run"])
    assert code == 0
    assert payload["ok"] is True
    assert payload["errors"] == []
    summary = payload["summary"]
    assert isinstance(summary, dict)
    assert summary["train_images"] == 72
    assert summary["total_steps"] == 108
    assert summary["largest_stride"] == 128
    assert summary["dry_run"] == "skipped (--no-dry-run)"
    weights = cast(dict[str, object], summary)["weights"]
    assert isinstance(weights, str)
    assert weights.startswith("skipped (--no-dry-run): weights, torchvision")
    assert summary["model"] == {
        "backbone": "resnet",
        "neck": "fpn",
        "head": "fcos",
        "num_classes": 3,
    }


@pytest.mark.usefixtures("workspace")
def test_the_dry_run_is_reported_when_asked_for() -> None:
    code, payload = _json([str(REFERENCE)])
    assert code == 0
    summary = cast(dict[str, object], payload["summary"])
    dry_run = cast(dict[str, object], summary["dry_run"])
    assert dry_run["input"] == [8, 3, 320, 320]
    assert dry_run["levels"] == {
        "P3": [8, 256, 40, 40],
        "P4": [8, 256, 20, 20],
        "P5": [8, 256, 10, 10],
        "P6": [8, 256, 5, 5],
        "P7": [8, 256, 3, 3],
    }


@pytest.mark.usefixtures("workspace")
def test_the_dry_run_table_in_text() -> None:
    result = runner.invoke(app, ["validate", str(REFERENCE)])
    assert result.exit_code == 0
    assert "dry run (meta device)" in result.stdout
    assert "level P7" in result.stdout
    assert "[8, 256, 3, 3]" in result.stdout


@pytest.mark.usefixtures("workspace")
def test_a_broken_config_gives_exit_1_and_its_issues_in_json() -> None:
    code, payload = _json([str(BROKEN / "unknown_key_backbone.yaml"), "--no-dry-run"])
    assert code == 1
    assert payload["ok"] is False
    assert payload["errors"] == [
        {
            "loc": "model.backbone.dpeth",
            "file": str(BROKEN / "unknown_key_backbone.yaml"),
            "line": 7,
            "column": 5,
            "code": "unknown-key",
            "severity": "error",
            "message": "unknown key 'dpeth' in model.backbone (resnet); did you mean 'depth'? "
            "Valid keys: depth, frozen_stages, norm, out_levels, type, weights",
        }
    ]


@pytest.mark.usefixtures("workspace")
def test_overrides_are_applied_and_their_errors_name_them() -> None:
    code, payload = _json([str(REFERENCE), "train.epochs=1", "data.batch_size=abc", "--no-dry-run"])
    assert code == 1
    errors = _errors(payload)
    assert [(e["loc"], e["file"], e["line"], e["column"], e["code"]) for e in errors] == [
        ("data.batch_size", "<override 2: data.batch_size=abc>", 1, 17, "type")
    ]
    code, payload = _json(
        [str(REFERENCE), "train.scheduler.warmup_steps=5", "train.epochs=1", "--no-dry-run"]
    )
    assert code == 0, payload
    code, payload = _json([str(REFERENCE), "train.epochs=1", "--no-dry-run"])
    assert code == 0  # a warmup longer than the run is a warning: the run still trains
    assert _errors(payload) == []
    warnings = cast(list[dict[str, object]], payload["warnings"])
    assert [(w["loc"], w["code"], w["severity"]) for w in warnings] == [
        ("train.scheduler.warmup_steps", "schedule", "warning")
    ]
    assert "1 epochs x 9 steps" in str(warnings[0]["message"])


@pytest.mark.usefixtures("workspace")
def test_a_weight_average_left_mostly_untrained_is_a_warning() -> None:
    unramped = [str(REFERENCE), "train.ema.decay=0.999", "train.ema.warmup_updates=0"]
    code, payload = _json([*unramped, "--no-dry-run"])
    assert code == 0  # it trains: only the average is poor
    warnings = cast(list[dict[str, object]], payload["warnings"])
    assert [(w["loc"], w["code"]) for w in warnings] == [("train.ema.warmup_updates", "schedule")]
    message = str(warnings[0]["message"])
    assert "ends the run's 108 updates still holding 90% of the first update's" in message
    assert "the default ramps over 1 / (1 - decay) = 1000 updates" in message
    assert "lower decay to 0.972 or less" in message
    code, payload = _json([str(REFERENCE), "train.ema.decay=0.999", "--no-dry-run"])
    assert (code, payload["warnings"]) == (0, [])  # the default ramp


@pytest.mark.usefixtures("workspace")
def test_a_missing_config_file_is_one_json_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    code, payload = _json([str(missing)])
    assert code == 1
    assert payload["errors"] == [
        {
            "loc": "",
            "file": str(missing),
            "line": None,
            "column": None,
            "code": "path-missing",
            "severity": "error",
            "message": f"config file {missing} does not exist; check the path",
        }
    ]


@pytest.mark.usefixtures("workspace")
def test_every_broken_config_is_a_json_object_never_a_traceback() -> None:
    for path in sorted(BROKEN.glob("*.yaml")):
        if path.name == "expected.yaml":
            continue
        # no --no-dry-run: weights, torchvision models and head arguments are found by the
        # meta build, which the static-only mode skips
        args = ["validate", str(path), "--format", "json"]
        result = runner.invoke(app, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), path
        payload = json.loads(result.stdout)
        found = [*payload["errors"], *payload["warnings"]]
        assert len(found) == 1, (path, found)
        # errors exit 1; a warning is printed and exits 0, unless --strict
        is_error = found[0]["severity"] == "error"
        assert result.exit_code == (1 if is_error else 0), path
        assert payload["ok"] is not is_error
        if not is_error:
            assert runner.invoke(app, [*args, "--strict"]).exit_code == 1, path


@pytest.mark.usefixtures("workspace")
def test_text_output_is_one_line_per_problem() -> None:
    path = BROKEN / "value_depth.yaml"
    result = runner.invoke(app, ["validate", str(path), "--no-dry-run"])
    assert result.exit_code == 1
    assert (
        f"{path}:7:12 model.backbone.depth [value] 19 (an integer) is not allowed; choose one of "
        "18, 34, 50, 101" in result.stdout
    )
    assert "invalid: 1 error" in result.stdout


@pytest.mark.usefixtures("workspace")
def test_text_output_of_a_valid_config() -> None:
    result = runner.invoke(app, ["validate", str(REFERENCE), "--no-dry-run"])
    assert result.exit_code == 0
    assert f"valid: {REFERENCE}" in result.stdout
    assert "P7 (256 ch, stride 128)" in result.stdout


def test_usage_errors_exit_2() -> None:
    result = runner.invoke(app, ["validate", str(REFERENCE), "--format", "xml"])
    assert result.exit_code == 2
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 2


def test_schema_prints_the_committed_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert result.stdout == (ROOT / "configs" / "schema.json").read_text()
    assert json.loads(result.stdout)["title"] == "plugtrain experiment"


def test_an_internal_error_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    import plugtrain.validation

    def broken(*_args: object, **_kwargs: object) -> object:
        raise KeyError("boom")

    monkeypatch.setattr(plugtrain.validation, "validate_config", broken)
    code, payload = _json([str(REFERENCE)])
    assert code == 1
    (error,) = _errors(payload)
    assert error["code"] == "internal-error"
    assert "KeyError: 'boom'" in str(error["message"])
