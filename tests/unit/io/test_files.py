"""read_regular_file and friends: regular files only, never more than the limit."""

import os
import socket
from pathlib import Path

import pytest

from plugtrain.errors import DataError
from plugtrain.io import (
    ANNOTATION_LIMIT,
    FileReadError,
    SizeLimit,
    format_bytes,
    open_regular_file,
    read_regular_file,
    read_small_text,
)


def _read(path: Path | str, limit: int = 1000) -> bytes:
    return read_regular_file(path, limit_bytes=limit, what="annotation file")


def test_a_regular_file_and_a_symlink_to_one_are_read(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(b"[1, 2]")
    (tmp_path / "link.json").symlink_to(tmp_path / "a.json")

    assert _read(tmp_path / "a.json") == b"[1, 2]"
    assert _read(tmp_path / "link.json") == b"[1, 2]"
    assert _read(tmp_path / "a.json", limit=6) == b"[1, 2]"  # exactly at the limit


def test_a_missing_file_and_a_broken_symlink(tmp_path: Path) -> None:
    (tmp_path / "broken.json").symlink_to(tmp_path / "nowhere.json")
    for name in ("missing.json", "broken.json"):
        with pytest.raises(FileReadError) as caught:
            _read(tmp_path / name)
        assert caught.value.problem == "missing"
        assert caught.value.code == "PT402"
        assert f"cannot read the annotation file: {tmp_path / name}: No such file" in str(
            caught.value
        )


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(FileReadError, match=r"is a folder, not a regular file") as caught:
        _read(tmp_path)
    assert caught.value.problem == "not_file"
    assert isinstance(caught.value, DataError)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(FileReadError, match=r"is a named pipe \(FIFO\), not a regular file"):
        _read(tmp_path / "pipe")
    with pytest.raises(FileReadError, match=r"named pipe"):
        open_regular_file(tmp_path / "pipe", limit_bytes=10, what="image file")


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_a_device_is_refused() -> None:
    with pytest.raises(FileReadError, match=r"/dev/null is a character device") as caught:
        _read("/dev/null")
    assert caught.value.problem == "not_file"


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs unix sockets")
def test_a_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(path))
        with pytest.raises(FileReadError, match=r"is a socket, not a regular file"):
            _read(path)
    finally:
        server.close()


def test_a_file_above_the_limit_names_the_limit_and_the_fix(tmp_path: Path) -> None:
    (tmp_path / "big.json").write_bytes(b"x" * 2048)
    with pytest.raises(FileReadError) as caught:
        read_regular_file(
            tmp_path / "big.json",
            limit_bytes=1024,
            what="annotation file",
            how_to_change=ANNOTATION_LIMIT.how_to_change(),
        )
    assert caught.value.problem == "too_large"
    assert caught.value.limit_bytes == 1024
    assert caught.value.detail == (
        f"the annotation file {tmp_path / 'big.json'} is 2 KiB, above the limit of 1 KiB "
        f"(1024 bytes); if the file is right, raise the limit with the environment variable "
        f"PLUGTRAIN_MAX_ANNOTATION_BYTES (bytes, e.g. PLUGTRAIN_MAX_ANNOTATION_BYTES=4294967296)"
    )


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_a_file_that_claims_size_0_is_still_cut_at_the_limit() -> None:
    # /proc files are regular files of st_size 0 whatever they hold: the limit is kept
    # while reading, not only by the stat
    assert os.stat("/proc/self/status").st_size == 0
    with pytest.raises(FileReadError, match=r"is more than 16 B, above the limit of 16 B"):
        _read("/proc/self/status", limit=16)


def test_a_nul_byte_in_the_path_is_a_plugtrain_error() -> None:
    with pytest.raises(FileReadError, match=r"cannot read the annotation file") as caught:
        _read("a\0b.json")
    assert caught.value.problem == "unreadable"


def test_size_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    limit = SizeLimit("thing", default_bytes=100, env="PLUGTRAIN_TEST_LIMIT")
    monkeypatch.delenv("PLUGTRAIN_TEST_LIMIT", raising=False)
    assert limit.resolve() == 100
    monkeypatch.setenv("PLUGTRAIN_TEST_LIMIT", " 5000 ")
    assert limit.resolve() == 5000
    for bad in ("2GB", "-1", "0", "1e9"):
        monkeypatch.setenv("PLUGTRAIN_TEST_LIMIT", bad)
        with pytest.raises(
            DataError,
            match=rf"PLUGTRAIN_TEST_LIMIT is '{bad}'; expected a positive whole number of bytes",
        ):
            limit.resolve()


def test_format_bytes() -> None:
    assert [format_bytes(n) for n in (0, 1023, 1024, 1536, 448_000_000, 2 << 30, 5 << 40)] == [
        "0 B",
        "1023 B",
        "1 KiB",
        "1.5 KiB",
        "427 MiB",
        "2 GiB",
        "5.12e+03 GiB",
    ]


def test_read_small_text_drops_a_bom_and_places_bad_bytes(tmp_path: Path) -> None:
    (tmp_path / "ok.yaml").write_bytes(b"\xef\xbb\xbfa: 1\n")
    (tmp_path / "bad.yaml").write_bytes(b"a: 1\nb: \xff\n")

    assert read_small_text(tmp_path / "ok.yaml", limit_bytes=100, what="config") == "a: 1\n"
    with pytest.raises(FileReadError, match=r"not UTF-8 text: byte b'\\xff' at line 2, column 4"):
        read_small_text(tmp_path / "bad.yaml", limit_bytes=100, what="config")
