"""The ``train.tracking`` section: experiment trackers next to ``metrics.jsonl``.

Each tracker needs an optional extra; whether it is installed is checked with the other
static checks (``plugtrain validate``, before ``plugtrain train`` starts), so a missing
package is a config issue naming the extra, never an ImportError at the end of an epoch.
"""

from importlib.util import find_spec
from typing import Annotated, Final

from pydantic import Field, StringConstraints

from plugtrain.config._base import ConfigModel
from plugtrain.config._findings import Finding, Path

__all__ = ["MlflowConfig", "TrackingConfig", "tracking_findings"]

_Name = Annotated[str, StringConstraints(min_length=1, max_length=250, strip_whitespace=True)]
# URI schemes of MLflow's database stores: they need SQLAlchemy, which mlflow-skinny lacks
_DATABASE_SCHEMES: Final = ("sqlite", "postgresql", "mysql", "mssql")


class MlflowConfig(ConfigModel):
    """Where MLflow records the run."""

    tracking_uri: _Name | None = Field(
        default=None,
        description="MLflow tracking URI: file:PATH (a local folder), sqlite:///PATH or "
        "http(s)://SERVER; null: file:<output_dir>/mlruns",
    )
    experiment: _Name = Field(
        default="plugtrain", description="experiment name (created when missing)"
    )
    run_name: _Name | None = Field(
        default=None, description="name of the run in MLflow; null: the output_dir's name"
    )


class TrackingConfig(ConfigModel):
    """Experiment trackers: each logs loss terms and lr per step, the evaluation metrics
    per epoch and the run's prediction images at the end."""

    tensorboard: bool = Field(
        default=False,
        description="write TensorBoard event files to <output_dir>/tensorboard (needs the "
        "tensorboard extra)",
    )
    mlflow: MlflowConfig | None = Field(
        default=None, description="log to MLflow (needs the mlflow extra), or null"
    )


def _missing(where: Path, package: str, extra: str, why: str) -> Finding:
    return Finding(
        where,
        "extra-missing",
        f"{why} needs the {package} package, which is not installed; fix: pip install "
        f"'plugtrain[{extra}]'",
    )


def _scheme(uri: str | None) -> str:
    """``postgresql+psycopg2://host/db`` -> ``postgresql``."""
    return (uri or "").split(":", 1)[0].split("+", 1)[0].lower()


def tracking_findings(tracking: TrackingConfig) -> list[Finding]:
    """A finding per tracker whose package is not installed."""
    found: list[Finding] = []
    section: Path = ("train", "tracking")
    if tracking.tensorboard and find_spec("tensorboard") is None:
        found.append(
            _missing((*section, "tensorboard"), "tensorboard", "tensorboard", "tensorboard")
        )
    mlflow = tracking.mlflow
    if mlflow is not None:
        if find_spec("mlflow") is None:
            found.append(_missing((*section, "mlflow"), "mlflow", "mlflow", "mlflow tracking"))
        elif _scheme(mlflow.tracking_uri) in _DATABASE_SCHEMES and find_spec("sqlalchemy") is None:
            found.append(
                Finding(
                    (*section, "mlflow", "tracking_uri"),
                    "extra-missing",
                    f"tracking_uri {mlflow.tracking_uri} is a database store, which needs the "
                    "full mlflow package (mlflow-skinny has no SQLAlchemy); fix: pip install "
                    "mlflow, or use tracking_uri: file:PATH",
                )
            )
    return found
