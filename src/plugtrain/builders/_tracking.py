"""``train.tracking`` -> the tracker callbacks of a run (TensorBoard, MLflow)."""

from pathlib import Path

from plugtrain.config import TrackingConfig
from plugtrain.training import MlflowTracker, TensorBoardTracker, Tracker

__all__ = ["build_trackers"]


def build_trackers(tracking: TrackingConfig, output_dir: Path) -> tuple[Tracker, ...]:
    """One tracker per enabled entry: TensorBoard into ``<output_dir>/tensorboard``; MLflow
    at its ``tracking_uri`` (default ``file:<output_dir>/mlruns``), the run named after
    ``run_name`` or the output folder."""
    trackers: list[Tracker] = []
    if tracking.tensorboard:
        trackers.append(TensorBoardTracker(output_dir / "tensorboard"))
    mlflow = tracking.mlflow
    if mlflow is not None:
        trackers.append(
            MlflowTracker(
                tracking_uri=mlflow.tracking_uri or (output_dir / "mlruns").absolute().as_uri(),
                experiment=mlflow.experiment,
                run_name=mlflow.run_name or output_dir.absolute().name,
            )
        )
    return tuple(trackers)
