"""Run ``plugtrain serve`` in a subprocess on a free loopback port, for the HTTP tests."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Generator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

START_TIMEOUT_S = 240.0
"""Loading torch and the model on a busy 2-core machine can take a while; bounded anyway."""


@dataclass(frozen=True)
class Server:
    url: str
    port: int
    pid: int

    def rss_kib(self) -> int:
        """Resident memory of the server process (VmRSS, KiB)."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise AssertionError("no VmRSS line in /proc status")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def running_server(model: Path, *options: str) -> Generator[Server]:
    """``plugtrain serve MODEL --port P OPTIONS...``, up (``/health`` answers) until exit."""
    port = free_port()
    log = model.parent / f"serve-{port}.log"
    with log.open("w") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "plugtrain", "serve", str(model), "--port", str(port), *options],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                raise AssertionError(f"plugtrain serve exited early:\n{log.read_text()}")
            try:
                if httpx.get(f"{url}/health", timeout=2.0).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"no /health answer in {START_TIMEOUT_S} s:\n{log.read_text()}"
                )
            time.sleep(0.2)
        yield Server(url=url, port=port, pid=process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
