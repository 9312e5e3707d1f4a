"""``task: {type: domain_adversarial}``: its keys, their bounds, its requirements."""

import pytest
from pydantic import ValidationError

from plugtrain.config import DomainAdversarialTaskConfig


def test_defaults_are_the_dann_papers() -> None:
    task = DomainAdversarialTaskConfig(type="domain_adversarial")
    assert (task.level, task.hidden, task.lambda_max, task.gamma) == (None, 64, 1.0, 10.0)
    assert (task.domain_weight, task.holdout) == (1.0, 0.1)
    needs = task.requirements
    assert needs.head_types == ("classification",)
    assert (needs.train_formats, needs.val_formats) == (("folders",), ("folders",))
    assert needs.needs_unlabeled
    assert not needs.neck
    assert needs.metrics == ("target_accuracy", "domain_accuracy")


@pytest.mark.parametrize(
    ("key", "value", "text"),
    [
        ("hidden", 0, "greater than or equal to 1"),
        ("lambda_max", -0.5, "greater than or equal to 0"),
        ("lambda_max", 1000.0, "less than or equal to 100"),
        ("gamma", 0.0, "greater than 0"),
        ("domain_weight", -1.0, "greater than or equal to 0"),
        ("holdout", 0.0, "greater than 0"),
        ("holdout", 0.9, "less than or equal to 0.5"),
        ("level", "", "at least 1 character"),
        ("lambda", 1.0, "Extra inputs are not permitted"),
    ],
)
def test_bad_values_are_refused(key: str, value: object, text: str) -> None:
    with pytest.raises(ValidationError, match=text):
        DomainAdversarialTaskConfig.model_validate({"type": "domain_adversarial", key: value})
