"""The outcome of ``plugtrain validate``: every issue, a typed summary, the config when valid."""

from dataclasses import dataclass, replace

from plugtrain.config import ExperimentConfig, Severity, issue_severity
from plugtrain.errors import ConfigError, ConfigIssue
from plugtrain.validation._cost import ModelCost
from plugtrain.validation._static import LevelFacts

__all__ = [
    "DryRunLoss",
    "DryRunParameters",
    "DryRunReport",
    "ModelFacts",
    "ValidationReport",
    "ValidationSummary",
    "issue_json",
]


def issue_json(issue: ConfigIssue, severity: Severity | None = None) -> dict[str, object]:
    """One issue as the JSON form of ``plugtrain validate --format json`` writes it;
    ``severity`` defaults to the severity of its code."""
    return {
        "loc": issue.loc,
        "file": issue.file,
        "line": issue.line,
        "column": issue.column,
        "code": issue.code,
        "severity": severity or issue_severity(issue.code),
        "message": issue.message,
    }


@dataclass(frozen=True, slots=True)
class DryRunParameters:
    """Parameter counts of each part, and of those that train."""

    backbone: int
    neck: int
    head: int
    trainable: int


@dataclass(frozen=True, slots=True)
class DryRunLoss:
    """The loss terms of one real CPU image (``ran_on`` says which)."""

    ran_on: str
    terms: tuple[tuple[str, float], ...]

    def to_json(self) -> dict[str, object]:
        return {"ran_on": self.ran_on, **dict(self.terms)}


@dataclass(frozen=True, slots=True)
class DryRunReport:
    """What the dry run measured: the input shape, each level's shape, parameters, an
    activation-memory estimate in MiB, the loss of one CPU image and the postprocessing;
    ``cost``: FLOPs per image and the peak activation memory of the same forward (``None``
    for a model whose dry run does not measure it)."""

    input: tuple[int, ...]
    levels: tuple[tuple[str, tuple[int, ...]], ...]
    parameters: DryRunParameters
    activation_mib: float
    loss: DryRunLoss
    postprocess: str
    cost: ModelCost | None = None

    def to_json(self) -> dict[str, object]:
        """The JSON form ``plugtrain validate --format json`` prints under ``dry_run``."""
        return {
            "input": list(self.input),
            "levels": {name: list(shape) for name, shape in self.levels},
            "parameters": {
                "backbone": self.parameters.backbone,
                "neck": self.parameters.neck,
                "head": self.parameters.head,
                "trainable": self.parameters.trainable,
            },
            "activation_mib": self.activation_mib,
            "loss": self.loss.to_json(),
            "postprocess": self.postprocess,
            **({} if self.cost is None else {"cost": self.cost.to_json()}),
        }


@dataclass(frozen=True, slots=True)
class ModelFacts:
    """The part types chosen and the class count."""

    backbone: str
    neck: str | None
    head: str
    num_classes: int


def _levels(levels: tuple[LevelFacts, ...]) -> list[dict[str, object]]:
    return [{"name": lv.name, "channels": lv.channels, "stride": lv.stride} for lv in levels]


@dataclass(frozen=True, slots=True)
class ValidationSummary:
    """What was checked and what was found. ``None``: not established (a section was
    invalid, or the fact needs a stage that did not run). ``dry_run`` is the dry run's
    report, or why it did not run (``"skipped (...)"``, ``"failed"``); ``weights`` says
    what loading the backbone's weights did; ``traced_later`` names what only the dry run
    checks (a torchvision backbone's spec)."""

    config: str
    overrides: tuple[str, ...] = ()
    train_images: int | None = None
    categories: tuple[str, ...] | None = None
    val_images: int | None = None
    steps_per_epoch: int | None = None
    total_steps: int | None = None
    backbone_levels: tuple[LevelFacts, ...] | None = None
    neck_levels: tuple[LevelFacts, ...] | None = None
    largest_stride: int | None = None
    traced_later: str | None = None
    weights: str | None = None
    model: ModelFacts | None = None
    dry_run: DryRunReport | str | None = None
    problems: int = 0

    def to_json(self) -> dict[str, object]:
        """The JSON object of ``summary`` (facts not established are left out)."""
        shown: dict[str, object] = {"config": self.config, "overrides": list(self.overrides)}
        plain: dict[str, object | None] = {
            "train_images": self.train_images,
            "categories": None if self.categories is None else list(self.categories),
            "val_images": self.val_images,
            "steps_per_epoch": self.steps_per_epoch,
            "total_steps": self.total_steps,
            "backbone_levels": None
            if self.backbone_levels is None
            else _levels(self.backbone_levels),
            "neck_levels": None if self.neck_levels is None else _levels(self.neck_levels),
            "largest_stride": self.largest_stride,
            "traced_later": self.traced_later,
            "weights": self.weights,
        }
        shown |= {key: value for key, value in plain.items() if value is not None}
        model = self.model
        shown["model"] = (
            {}
            if model is None
            else {
                "backbone": model.backbone,
                "neck": model.neck,
                "head": model.head,
                "num_classes": model.num_classes,
            }
        )
        if self.dry_run is not None:
            shown["dry_run"] = (
                self.dry_run if isinstance(self.dry_run, str) else self.dry_run.to_json()
            )
        shown["problems"] = self.problems
        return shown


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """``issues`` in file order (the config file by line, then each override), errors and
    warnings alike; ``summary``: what was checked and what was found;
    ``config``: the validated config, ``None`` when the schema rejected it. ``strict``:
    warnings count as errors (``plugtrain validate --strict``)."""

    issues: tuple[ConfigIssue, ...]
    summary: ValidationSummary
    config: ExperimentConfig | None
    strict: bool = False

    def severity(self, issue: ConfigIssue) -> Severity:
        """The severity of ``issue`` in this report (every issue is an error when strict)."""
        return "error" if self.strict else issue_severity(issue.code)

    @property
    def errors(self) -> tuple[ConfigIssue, ...]:
        """The issues that make the config invalid, in file order."""
        return tuple(i for i in self.issues if self.severity(i) == "error")

    @property
    def warnings(self) -> tuple[ConfigIssue, ...]:
        """The issues that are reported but leave the config valid, in file order."""
        return tuple(i for i in self.issues if self.severity(i) == "warning")

    @property
    def ok(self) -> bool:
        """No error (warnings allowed unless strict), and the config passed the schema."""
        return not self.errors and self.config is not None

    def as_strict(self) -> "ValidationReport":
        """This report with every warning counted as an error."""
        return replace(self, strict=True)

    def as_json(self) -> dict[str, object]:
        """``{"ok": bool, "errors": [issue, ...], "warnings": [issue, ...], "summary": {...}}``
        where each issue is ``{"loc", "file", "line", "column", "code", "severity",
        "message"}``."""
        return {
            "ok": self.ok,
            "errors": [issue_json(i, "error") for i in self.errors],
            "warnings": [issue_json(i, "warning") for i in self.warnings],
            "summary": self.summary.to_json(),
        }

    def raise_if_invalid(self) -> ExperimentConfig:
        """The config when valid, else ``ConfigError`` with every error (never warnings)."""
        if self.config is None or self.errors:
            raise ConfigError(self.errors or self.issues)
        return self.config
