"""The corpus: every broken config gives exactly its one issue, every valid one none.

tests/data/configs/broken/*.yaml are the reference config with one problem each (the
problem is described on their last line); expected.yaml gives the loc, line, column and
code plugtrain must report. The workspace supplies the files the configs name.
"""

from pathlib import Path
from typing import cast

import pytest
import yaml

from plugtrain.config import ISSUE_CODES, issue_severity
from plugtrain.errors import ConfigIssue
from plugtrain.validation import validate_config

DATA = Path(__file__).resolve().parents[2] / "data" / "configs"
BROKEN = DATA / "broken"
VALID = DATA / "valid"
REFERENCE = Path(__file__).resolve().parents[3] / "configs" / "shapes_fcos.yaml"
SHARED_REFERENCE = Path("/work/shared/reference/shapes_fcos.yaml")

_EXPECTED = cast(
    dict[str, dict[str, object]], yaml.safe_load((BROKEN / "expected.yaml").read_text())
)


def _one_issue(path: Path) -> ConfigIssue:
    # the whole validation: problems that only building finds (weights, torchvision
    # models, head arguments) are found by the meta build; the rest stop before it
    report = validate_config(path)
    shown = [(i.loc, i.line, i.column, i.code, i.message) for i in report.issues]
    assert len(report.issues) == 1, f"expected one issue, got {shown}"
    issue = report.issues[0]
    # an error makes the config invalid; a warning is reported and leaves it valid
    assert report.ok == (issue_severity(issue.code) == "warning")
    assert not report.as_strict().ok
    return issue


def test_the_corpus_is_large_and_complete() -> None:
    files = {p.stem for p in BROKEN.glob("*.yaml")} - {"expected"}
    assert files == set(_EXPECTED)
    assert len(files) >= 40
    used = {str(e["code"]) for e in _EXPECTED.values()}
    # every code a config file can cause has a case (overrides, the dry run and internal
    # errors come from the command line and are tested there; extra-missing depends on
    # what is installed: tests/unit/config/test_tracking.py hides the package)
    assert used == set(ISSUE_CODES) - {
        "override-syntax",
        "override-path",
        "path-unreadable",
        "too-large",
        "dry-run",
        "internal-error",
        "extra-missing",
    }


@pytest.mark.parametrize("name", sorted(_EXPECTED))
@pytest.mark.usefixtures("workspace")
def test_broken_config_gives_its_issue(name: str) -> None:
    expected = _EXPECTED[name]
    issue = _one_issue(BROKEN / f"{name}.yaml")
    assert (issue.loc, issue.line, issue.column, issue.code) == (
        expected["loc"],
        expected["line"],
        expected["column"],
        expected["code"],
    ), issue.message
    assert issue.file == str(BROKEN / f"{name}.yaml")
    assert issue.message


@pytest.mark.parametrize("path", sorted(VALID.glob("*.yaml")), ids=lambda p: p.stem)
@pytest.mark.usefixtures("workspace")
def test_valid_config_is_accepted(path: Path) -> None:
    report = validate_config(path, dry_run=False)
    assert report.issues == ()
    assert report.ok


@pytest.mark.usefixtures("workspace")
def test_the_shipped_reference_is_accepted() -> None:
    report = validate_config(REFERENCE, dry_run=False)
    assert report.issues == ()
    assert report.config is not None
    assert report.config.model.head.num_classes == 3


@pytest.mark.skipif(not SHARED_REFERENCE.exists(), reason="no shared reference here")
def test_the_shipped_reference_is_the_shared_one_plus_the_modeline() -> None:
    lines = REFERENCE.read_text().splitlines(keepends=True)
    assert lines[0] == "# yaml-language-server: $schema=schema.json\n"
    assert "".join(lines[1:]) == SHARED_REFERENCE.read_text()


# Messages say what was received, what was expected and how to fix it.
_MESSAGES = {
    "unknown_key_backbone": "unknown key 'dpeth' in model.backbone (resnet); did you mean 'depth'?",
    "unknown_key_required": "did you mean 'num_classes'?",
    "unknown_backbone_type": "unknown model.backbone type 'resnet50' (a string); registered "
    "types: resnet, tiny, torchvision; did you mean 'resnet'?",
    "missing_num_classes": "required key 'num_classes' is missing in model.head",
    "type_quoted_number": "expected a number, got '0.01' (a string)",
    "value_levels_unsorted": "got [5, 3] (not sorted)",
    "num_classes_mismatch": "num_classes is 4 but data/shapes/train.json has 3 categories "
    "(circle, square, triangle); set num_classes: 3",
    "batch_size_large": "batch_size 1000 is larger than the 72 training images",
    "schedule_warmup": "12 epochs x 9 steps (ceil(72 images / batch_size 8)) = 108 steps",
    "duplicate_key": "key 'depth' appears twice in this mapping (first on line 7)",
    "python_tag": "tag '!!python/object/apply:os.system' is refused",
    "parts_neck_needs_c3": "FPN output P3 is made from C3, which the backbone does not produce",
    "image_size_small": "image_size [64, 64] is smaller than the largest stride 128 (level P7",
    "yaml_tab_indent": "YAML does not allow tabs for indentation",
    "weights_mismatch": "no key of the file fits ResNetBackbone(depth=18",
    "categories_mismatch": "data/two_classes.json has 2 categories (circle, square)",
}


@pytest.mark.parametrize("name", sorted(_MESSAGES))
@pytest.mark.usefixtures("workspace")
def test_messages_say_what_and_how(name: str) -> None:
    assert _MESSAGES[name] in _one_issue(BROKEN / f"{name}.yaml").message
