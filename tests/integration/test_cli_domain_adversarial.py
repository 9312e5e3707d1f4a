"""``plugtrain validate / train / evaluate`` for task: domain_adversarial, and its refusals."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plugtrain.cli import app
from plugtrain.config import load_config
from plugtrain.data import DomainCrops
from plugtrain.training import load_checkpoint
from tests.integration.domain_runs import example_config, make_domains, write_config

runner = CliRunner()

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def domains(tmp_path_factory: pytest.TempPathFactory) -> DomainCrops:
    return make_domains(tmp_path_factory.mktemp("domains"), num_train=30, num_val=12)


def test_the_example_config_is_valid() -> None:
    config = load_config(ROOT / "configs" / "domain_adversarial.yaml")
    assert config.task.type == "domain_adversarial"
    assert config.monitored_metric == "target_accuracy"


def test_validate_train_evaluate(domains: DomainCrops, tmp_path: Path) -> None:
    config = write_config(tmp_path, domains, dann=True, epochs=2)
    checked = runner.invoke(app, ["validate", str(config)])
    assert checked.exit_code == 0, checked.output
    assert "'domain':" in checked.output
    trained = runner.invoke(app, ["train", str(config)])
    assert trained.exit_code == 0, trained.output
    run = tmp_path / "run"
    summary = json.loads((run / "summary.json").read_text())
    assert summary["task"] == "domain_adversarial"
    assert set(summary["metrics"]) == {"target_accuracy", "domain_accuracy"}
    assert 0.0 <= summary["metrics"]["domain_accuracy"] <= 1.0
    steps = [
        json.loads(line)
        for line in (run / "metrics.jsonl").read_text().splitlines()
        if json.loads(line)["kind"] == "step"
    ]
    lambdas = [record["schedule/domain_lambda"] for record in steps]
    # lambda rises from 0 (the first step) along the DANN schedule
    assert lambdas[0] == 0.0
    assert lambdas == sorted(lambdas)
    assert lambdas[-1] > 0.5
    assert {"loss/classification", "loss/domain"} <= set(steps[0])
    # the domain classifier is part of what is checkpointed (and optimised)
    names = list(load_checkpoint(Path(summary["checkpoint"])).model_state)
    assert any(name.startswith("domain_head.") for name in names), names
    evaluated = runner.invoke(app, ["evaluate", summary["checkpoint"]])
    assert evaluated.exit_code == 0, evaluated.output
    metrics = json.loads(evaluated.output[evaluated.output.index("{") :])
    assert metrics["target_accuracy"] == pytest.approx(summary["metrics"]["target_accuracy"])


def test_without_unlabeled_images_the_config_is_refused(
    domains: DomainCrops, tmp_path: Path
) -> None:
    path = write_config(tmp_path, domains, dann=True, epochs=1)
    text = "\n".join(line for line in path.read_text().splitlines() if "unlabeled" not in line)
    path.write_text(text + "\n")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1, result.output
    assert "data.unlabeled" in result.output
    assert "the domain_adversarial task learns from unlabeled images" in result.output


def test_a_detection_head_is_refused(domains: DomainCrops, tmp_path: Path) -> None:
    path = write_config(tmp_path, domains, dann=True, epochs=1)
    text = path.read_text().replace(
        "head: {type: classification, num_classes: 3}", "head: {type: fcos, num_classes: 3}"
    )
    path.write_text(text)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1, result.output
    assert "model.head.type" in result.output
    assert "the domain_adversarial task trains a classification head, not fcos" in result.output


def test_a_bad_domain_level_is_refused(domains: DomainCrops, tmp_path: Path) -> None:
    path = write_config(tmp_path, domains, dann=True, epochs=1)
    path.write_text(path.read_text().replace("hidden: 64", "hidden: 64, level: C9"))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1, result.output
    assert "DomainClassifierHead reads level 'C9', which the backbone does not produce" in (
        result.output
    )


def test_the_source_only_overrides_make_the_baseline(domains: DomainCrops, tmp_path: Path) -> None:
    dann = example_config(domains, tmp_path / "dann")
    baseline = example_config(domains, tmp_path / "source", source_only=True)
    assert (dann.task.type, baseline.task.type) == ("domain_adversarial", "classification")
    assert baseline.data.unlabeled is None
    assert baseline.monitored_metric == "top1_accuracy"
    # the same model, data and training: only the setup differs
    assert baseline.model == dann.model
    assert baseline.data.train == dann.data.train
    assert baseline.data.val == dann.data.val
    assert baseline.train.model_copy(update={"output_dir": ""}) == dann.train.model_copy(
        update={"output_dir": ""}
    )
