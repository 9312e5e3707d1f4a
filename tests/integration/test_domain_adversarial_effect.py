"""DANN carries the classifier over to the target domain better than source-only training.

The example config (``configs/domain_adversarial.yaml``: 15 epochs of 600 labeled source
crops, 32 x 32) trained on the synthetic domains, and the same config as its source-only
baseline (``SOURCE_ONLY_OVERRIDES``), both through ``train_from_config`` as a user runs
them. The margins are set by what ``benchmarks/domain_adversarial.py`` measures over seeds 0-4
(the docs' table): DANN's target accuracy is above the baseline's by 0.056 to 0.333 on
each seed (0.078 on seed 0, the one trained here), its own domain classifier is at
0.47-0.66 on held-out images (0.47 on seed 0). With one shared batch norm over both
domains (the setup's earlier loss) DANN fell below the baseline on seeds 0 and 1.
"""

from pathlib import Path

import pytest

from plugtrain.data import DomainCrops
from plugtrain.runs import train_from_config
from tests.integration.domain_runs import example_config, make_domains

MARGIN = 0.04
"""Below the smallest gain over seeds 0-4 (0.056); one target image is 0.011."""


@pytest.fixture(scope="module")
def domains(tmp_path_factory: pytest.TempPathFactory) -> DomainCrops:
    return make_domains(tmp_path_factory.mktemp("domains"), num_train=600)


def test_dann_beats_source_only_on_the_target_domain(domains: DomainCrops, tmp_path: Path) -> None:
    source_only = train_from_config(example_config(domains, tmp_path / "source", source_only=True))
    dann = train_from_config(example_config(domains, tmp_path / "dann"))
    baseline = source_only.metrics["top1_accuracy"]
    adapted = dann.metrics["target_accuracy"]
    assert adapted > baseline + MARGIN, (adapted, baseline)
    # the domain classifier is fooled: near chance on held-out source and target images
    assert 0.3 < dann.metrics["domain_accuracy"] < 0.7, dann.metrics
