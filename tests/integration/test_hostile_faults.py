"""Faults during `plugtrain train`: each ends in a plugtrain error naming the path, the last
good checkpoint is kept, no temporary file is left, and no data-loader worker outlives a
killed run.

ENOSPC and EACCES are injected at the write seam in-process (CI has no tiny disk to fill,
and root ignores permissions); EFBIG comes from a real file-size limit in a subprocess.
"""

import errno
import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plugtrain.cli import app
from plugtrain.config import load_config
from plugtrain.errors import PlugtrainError
from plugtrain.runs import train_from_config
from plugtrain.training import (
    TEMP_SUFFIX,
    Callback,
    TrainContext,
    TrainState,
    _writes,
    load_checkpoint,
)
from tests.integration.runs import write_experiment

runner = CliRunner()
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc")


def _temporaries(root: Path) -> list[Path]:
    return list(root.rglob(f"*{TEMP_SUFFIX}"))


def _refused(args: list[str], code: str) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert f"[{code}]" in result.output
    return result.output.replace("\n", "")


def _inject(monkeypatch: pytest.MonkeyPatch, code: int, when: Callable[[Path], bool]) -> None:
    """Make writes to a path for which ``when`` holds fail with ``code`` half-way."""
    real = _writes.write_all

    def write_all(stream: int, data: bytes) -> None:
        if when(Path(os.readlink(f"/proc/self/fd/{stream}"))):
            os.write(stream, data[: len(data) // 2])
            raise OSError(code, os.strerror(code))
        real(stream, data)

    monkeypatch.setattr(_writes, "write_all", write_all)


def test_checkpoints_being_a_file(tmp_path: Path) -> None:
    config = write_experiment(tmp_path)
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "checkpoints").write_text("in the way")
    output = _refused(["train", str(config)], "PT500")
    assert f"{tmp_path / 'run' / 'checkpoints'} is a file" in output
    assert (tmp_path / "run" / "checkpoints").read_text() == "in the way"


def test_metrics_jsonl_being_a_folder(tmp_path: Path) -> None:
    config = write_experiment(tmp_path)
    (tmp_path / "run" / "metrics.jsonl").mkdir(parents=True)
    output = _refused(["train", str(config)], "PT600")
    assert f"{tmp_path / 'run' / 'metrics.jsonl'} is a folder" in output


@linux_only
def test_a_full_disk_for_the_metrics_log_keeps_the_last_checkpoint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = write_experiment(tmp_path)
    last = tmp_path / "run" / "checkpoints" / "last.json"
    _inject(monkeypatch, errno.ENOSPC, lambda p: p.name == "metrics.jsonl" and last.exists())
    output = _refused(["train", str(config)], "PT600")
    assert f"cannot write the metrics log {tmp_path / 'run' / 'metrics.jsonl'}" in output
    assert "the disk is full" in output
    assert load_checkpoint(last).step == 2  # the checkpoint written before the fault
    assert _temporaries(tmp_path) == []


@linux_only
def test_a_full_disk_for_the_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = write_experiment(tmp_path, epochs=1)
    _inject(monkeypatch, errno.ENOSPC, lambda p: p.name.startswith(".summary.json."))
    output = _refused(["train", str(config)], "PT600")
    assert f"cannot write the summary {tmp_path / 'run' / 'summary.json'}" in output
    assert load_checkpoint(tmp_path / "run" / "checkpoints" / "last.json").step == 4
    assert not (tmp_path / "run" / "summary.json").exists()
    assert _temporaries(tmp_path) == []


@linux_only
def test_permission_denied_for_a_checkpoint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = write_experiment(tmp_path)
    last = tmp_path / "run" / "checkpoints" / "last.json"
    _inject(
        monkeypatch,
        errno.EACCES,
        lambda p: p.name.startswith(".last.safetensors.") and last.exists(),
    )
    output = _refused(["train", str(config)], "PT500")
    assert f"cannot write the checkpoint tensors {last.with_suffix('.safetensors')}" in output
    assert "permission denied" in output
    assert load_checkpoint(last).step == 2
    assert _temporaries(tmp_path) == []


class StopAt(Callback):
    def __init__(self, step: int) -> None:
        self.step = step

    def on_step_end(self, context: TrainContext, state: TrainState) -> None:
        if state.step == self.step:
            raise PlugtrainError("stopped by the test")


def _limited(limit: int) -> Callable[[], None]:
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a killing signal
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@linux_only
def test_a_file_size_limit_for_the_checkpoint(tmp_path: Path) -> None:
    config_path = write_experiment(tmp_path)
    with pytest.raises(PlugtrainError, match="stopped by the test"):
        train_from_config(load_config(config_path), extra_callbacks=(StopAt(3),))
    last = tmp_path / "run" / "checkpoints" / "last.json"
    tensors = last.with_suffix(".safetensors")
    assert load_checkpoint(last).step == 2
    limit = tensors.stat().st_size // 2
    assert (tmp_path / "run" / "metrics.jsonl").stat().st_size < limit
    result = subprocess.run(
        [sys.executable, "-m", "plugtrain", "train", str(config_path), "--resume"],
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=_limited(limit),
        check=False,
    )
    errors = result.stderr.replace("\n", "")
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert "[PT500]" in errors
    assert f"cannot write the checkpoint tensors {tensors}" in errors
    assert "`ulimit -f`" in errors
    assert load_checkpoint(last).step == 2
    assert _temporaries(tmp_path) == []


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its exit status is left


@linux_only
def test_workers_end_with_a_killed_parent(tmp_path: Path) -> None:
    config = write_experiment(tmp_path, epochs=40, workers=2, train_images=32)
    process = subprocess.Popen(
        [sys.executable, "-m", "plugtrain", "train", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and len(workers) < 2:
            time.sleep(0.2)
            workers = _children(process.pid)
        assert len(workers) >= 2, "the data-loader workers never started"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
    deadline = time.monotonic() + 2.0  # torch's own check would take up to 5 s
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.05)
    assert [pid for pid in workers if _alive(pid)] == []
