"""Experiment trackers: TensorBoard and MLflow callbacks beside the JSONL metrics log.

A tracker logs, under the same names as ``metrics.jsonl``, each step's loss terms
(``loss/<term>``) and learning rate (``lr``), and each evaluated epoch's metrics
(``metric/<name>``), all at the run's optimiser step; :meth:`Tracker.log_images` adds
image files (the PNGs a run writes when it ends) and :meth:`Tracker.close` ends it.
Their packages are imported when the fit starts, on rank 0 only (callbacks run there).
"""

import os
import time
from abc import abstractmethod
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final, final

import numpy as np
from PIL import Image

from plugtrain.errors import TrainingError
from plugtrain.training._callbacks import Callback, TrainContext, TrainState

if TYPE_CHECKING:  # optional extras: imported for real when a fit starts
    from mlflow import MlflowClient
    from torch.utils.tensorboard import SummaryWriter

__all__ = ["MlflowTracker", "TensorBoardTracker", "Tracker", "finish_trackers"]

# MLflow 3 refuses its file store unless told it is wanted: a file: URI in the config is.
_FILE_STORE_SWITCH: Final = "MLFLOW_ALLOW_FILE_STORE"


def _scalars(state: TrainState) -> dict[str, float]:
    return {"lr": state.lr, **{f"loss/{k}": v for k, v in state.losses.items()}}


def _metrics(state: TrainState) -> dict[str, float]:
    return {f"metric/{k}": v for k, v in state.metrics.items()}


class Tracker(Callback):
    """A callback that mirrors the run into an experiment tracker."""

    @abstractmethod
    def log_images(self, images: Sequence[Path], *, step: int) -> None:
        """Log each image file (PNG, JPEG) under its file stem, at ``step``."""

    @abstractmethod
    def close(self) -> None:
        """Flush and end the tracker's run; nothing is logged after."""


@final
class TensorBoardTracker(Tracker):
    """Event files in ``log_dir`` (``tensorboard --logdir <log_dir>``): scalars per step
    and epoch, images as ``images/<stem>``."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir: Final = log_dir
        self._writer: SummaryWriter | None = None  # made at fit start

    def _started(self) -> "SummaryWriter":
        if self._writer is None:
            raise TrainingError(
                f"the TensorBoard tracker of {self.log_dir} has not started; fix: pass it to "
                "the Trainer as a callback and fit before logging"
            )
        return self._writer

    def on_fit_start(self, context: TrainContext, state: TrainState) -> None:
        if self._writer is None:
            from torch.utils.tensorboard import SummaryWriter

            self._writer = SummaryWriter(log_dir=str(self.log_dir))

    def on_step_end(self, context: TrainContext, state: TrainState) -> None:
        writer = self._started()
        for name, value in _scalars(state).items():
            writer.add_scalar(name, value, state.step)  # pyright: ignore[reportUnknownMemberType]  # torch leaves its arguments unannotated

    def on_epoch_end(self, context: TrainContext, state: TrainState) -> None:
        writer = self._started()
        for name, value in _metrics(state).items():
            writer.add_scalar(name, value, state.step)  # pyright: ignore[reportUnknownMemberType]  # torch leaves its arguments unannotated
        writer.flush()

    def on_fit_end(self, context: TrainContext, state: TrainState) -> None:
        self._started().flush()

    def log_images(self, images: Sequence[Path], *, step: int) -> None:
        writer = self._started()
        for path in images:
            with Image.open(path) as image:
                pixels = np.asarray(image.convert("RGB"))
            writer.add_image(f"images/{path.stem}", pixels, step, dataformats="HWC")  # pyright: ignore[reportUnknownMemberType]  # torch leaves its arguments unannotated
        writer.flush()

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None


@final
class MlflowTracker(Tracker):
    """One MLflow run in ``experiment`` (created when missing) at ``tracking_uri``: the
    scalars as metrics, the experiment config as ``config.json``, images as artifacts
    under ``images/``."""

    def __init__(self, *, tracking_uri: str, experiment: str, run_name: str | None) -> None:
        self.tracking_uri: Final = tracking_uri
        self.experiment: Final = experiment
        self.run_name: Final = run_name
        self._client: MlflowClient | None = None  # made at fit start
        self._run_id: str | None = None

    @property
    def run_id(self) -> str | None:
        """The MLflow run's id once the fit has started."""
        return self._run_id

    def _started(self) -> tuple["MlflowClient", str]:
        if self._client is None or self._run_id is None:
            raise TrainingError(
                f"the MLflow tracker of {self.tracking_uri} has not started; fix: pass it to "
                "the Trainer as a callback and fit before logging"
            )
        return self._client, self._run_id

    def on_fit_start(self, context: TrainContext, state: TrainState) -> None:
        if self._client is not None:
            return
        if self.tracking_uri.startswith("file:"):
            os.environ.setdefault(_FILE_STORE_SWITCH, "true")
        from mlflow import MlflowClient
        from mlflow.exceptions import MlflowException

        try:
            client = MlflowClient(tracking_uri=self.tracking_uri)
            found = client.get_experiment_by_name(self.experiment)
            experiment = (
                found.experiment_id
                if found is not None
                else client.create_experiment(self.experiment)
            )
            run = client.create_run(experiment, run_name=self.run_name)
        except MlflowException as error:
            raise TrainingError(
                f"cannot start an MLflow run at {self.tracking_uri} (experiment "
                f"{self.experiment!r}): {error.message}; fix: check train.tracking.mlflow"
            ) from None
        self._client, self._run_id = client, run.info.run_id
        if context.run.config is not None:
            client.log_text(
                self._run_id, context.run.config.model_dump_json(indent=2), "config.json"
            )

    def _log(self, values: dict[str, float], step: int) -> None:
        from mlflow.entities import Metric

        client, run_id = self._started()
        stamp = int(1000 * time.time())
        client.log_batch(
            run_id,
            metrics=[Metric(key, value, stamp, step) for key, value in values.items()],
        )

    def on_step_end(self, context: TrainContext, state: TrainState) -> None:
        self._log(_scalars(state), state.step)

    def on_epoch_end(self, context: TrainContext, state: TrainState) -> None:
        if state.metrics:
            self._log(_metrics(state), state.step)

    def log_images(self, images: Sequence[Path], *, step: int) -> None:
        client, run_id = self._started()
        for path in images:
            client.log_artifact(run_id, str(path), artifact_path="images")  # pyright: ignore[reportUnknownMemberType]  # mlflow leaves its arguments unannotated

    def close(self) -> None:
        if self._client is not None and self._run_id is not None:
            self._client.set_terminated(self._run_id)
        self._client, self._run_id = None, None


def finish_trackers(trackers: Sequence[Tracker], images: Sequence[Path], *, step: int) -> None:
    """Log the run's image files (those that exist) to every tracker, then close each."""
    present = [path for path in images if path.is_file()]
    for tracker in trackers:
        tracker.log_images(present, step=step)
        tracker.close()
