"""The write seam: atomic replacement, recognisable temporaries, faults named by path."""

import errno
import os
from pathlib import Path

import pytest

from plugtrain.errors import CheckpointError, TrainingError
from plugtrain.training import TEMP_SUFFIX, _writes, append_text, atomic_write_bytes


def _fail_with(code: int, monkeypatch: pytest.MonkeyPatch) -> None:
    def write_all(stream: int, data: bytes) -> None:
        os.write(stream, data[: len(data) // 2])  # part of it reached the disk
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(_writes, "write_all", write_all)


def test_replaces_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    atomic_write_bytes(target, b"one", kind=TrainingError, what="a file")
    atomic_write_bytes(target, b"two", kind=TrainingError, what="a file")
    assert target.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "the disk is full"),
        (errno.EFBIG, "`ulimit -f`"),
        (errno.EACCES, "permission denied"),
    ],
)
def test_a_fault_keeps_the_old_file_and_names_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    target = tmp_path / "last.safetensors"
    target.write_bytes(b"good")
    _fail_with(code, monkeypatch)
    with pytest.raises(CheckpointError) as caught:
        atomic_write_bytes(target, b"new" * 100, kind=CheckpointError, what="the tensors")
    message = str(caught.value)
    assert f"cannot write the tensors {target}" in message
    assert words in message
    assert "The last checkpoint written before stays as it was" in message
    assert target.read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["last.safetensors"]


def test_an_append_fault_is_a_training_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_with(errno.ENOSPC, monkeypatch)
    with pytest.raises(TrainingError, match=r"cannot write the metrics log .*metrics\.jsonl"):
        append_text(tmp_path / "metrics.jsonl", "{}\n", kind=TrainingError, what="the metrics log")


def test_a_folder_where_the_file_belongs(tmp_path: Path) -> None:
    (tmp_path / "metrics.jsonl").mkdir()
    with pytest.raises(TrainingError, match="a folder stands where a file belongs"):
        append_text(tmp_path / "metrics.jsonl", "{}\n", kind=TrainingError, what="the log")
    (tmp_path / "summary.json").mkdir()
    with pytest.raises(TrainingError, match="a folder stands where a file belongs"):
        atomic_write_bytes(tmp_path / "summary.json", b"{}", kind=TrainingError, what="it")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(TEMP_SUFFIX)]


def test_a_file_where_the_folder_belongs(tmp_path: Path) -> None:
    (tmp_path / "checkpoints").write_text("not a folder")
    with pytest.raises(CheckpointError) as caught:
        atomic_write_bytes(
            tmp_path / "checkpoints" / "last.json", b"{}", kind=CheckpointError, what="it"
        )
    assert f"cannot write the folder for it {tmp_path / 'checkpoints'}" in str(caught.value)


def test_a_stale_temporary_of_a_killed_writer_is_removed(tmp_path: Path) -> None:
    stale = tmp_path / f".last.json.deadbeef{TEMP_SUFFIX}"
    stale.write_bytes(b"")  # what a kill -9 between create and rename leaves
    other = tmp_path / "notes.txt"
    other.write_text("mine")
    atomic_write_bytes(tmp_path / "last.json", b"{}", kind=CheckpointError, what="it")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["last.json", "notes.txt"]
