"""Requests per second and p50/p99 latency of ``plugtrain serve`` at 1, 4 and 16 clients.

    python benchmarks/serve_load.py [--model CHECKPOINT] [--requests N] [--max-seconds S]
                                    [--clients 1,4,16] [--image-size H W] [--threads T]

Starts ``plugtrain serve`` on a free loopback port (without ``--model``: a random-init
tiny FCOS checkpoint written to a temporary folder, so it runs anywhere), waits for
``/health``, then for each client count sends ``--requests`` PNG uploads to
``POST /v1/detect`` from that many threads (each its own connection), stopping early
after ``--max-seconds``. Prints one JSON line per client count (requests, ok, refused by
status, requests/s, p50 and p99 latency in ms) and stops the server. The figures only
mean something on an otherwise idle machine.
"""

import argparse
import io
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import numpy as np
import yaml
from PIL import Image

TINY_MODEL = """\
model:
  backbone: {type: tiny, channels: [8, 16, 16, 32], out_levels: [3, 4, 5]}
  neck: {type: fpn, channels: 32, out_levels: [3, 4, 5]}
  head: {type: fcos, num_classes: 3, num_convs: 1, norm: none}
data:
  train: {format: coco, images: unused/train, annotations: unused/train.json}
  image_size: [320, 320]
train:
  output_dir: unused
"""


def _tiny_checkpoint(folder: Path) -> Path:
    from plugtrain.builders import build_detector
    from plugtrain.config import ExperimentConfig
    from plugtrain.training import RunInfo, save_checkpoint

    config = ExperimentConfig.model_validate(yaml.safe_load(TINY_MODEL))
    return save_checkpoint(
        folder / "tiny",
        model=build_detector(config.model),
        run=RunInfo(config=config, class_names=("circle", "square", "triangle")),
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _png(height: int, width: int) -> bytes:
    pixels = np.random.default_rng(0).integers(0, 256, (height, width, 3), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    return buffer.getvalue()


def _level(
    url: str, body: bytes, clients: int, requests: int, max_seconds: float
) -> dict[str, object]:
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    issued = [0]
    stop_at = time.perf_counter() + max_seconds

    def client() -> None:
        with httpx.Client(timeout=120.0) as session:
            while True:
                with lock:
                    if issued[0] >= requests or time.perf_counter() > stop_at:
                        return
                    issued[0] += 1
                started = time.perf_counter()
                status = session.post(
                    f"{url}/v1/detect", content=body, headers={"content-type": "image/png"}
                ).status_code
                with lock:
                    latencies.append(time.perf_counter() - started)
                    statuses[status] += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        for _ in range(clients):
            pool.submit(client)
    wall = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "clients": clients,
        "requests": len(ordered),
        "ok": statuses.get(200, 0),
        "refused": {str(k): v for k, v in sorted(statuses.items()) if k != 200},
        "requests_per_second": round(len(ordered) / wall, 2),
        "p50_ms": round(1000 * statistics.median(ordered), 1) if ordered else None,
        "p99_ms": round(1000 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))], 1)
        if ordered
        else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Load test of plugtrain serve on loopback.")
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--requests", type=int, default=200, help="per client count")
    parser.add_argument("--max-seconds", type=float, default=60.0, help="per client count")
    parser.add_argument("--clients", default="1,4,16")
    parser.add_argument("--image-size", type=int, nargs=2, default=(480, 640))
    parser.add_argument("--threads", type=int, default=2, help="the server's --threads")
    arguments = parser.parse_args()
    levels = [int(part) for part in arguments.clients.split(",")]
    with tempfile.TemporaryDirectory(prefix="plugtrain-serve-load-") as scratch:
        model = arguments.model or _tiny_checkpoint(Path(scratch))
        port = _free_port()
        command = [
            sys.executable, "-m", "plugtrain", "serve", str(model), "--port", str(port),
            "--threads", str(arguments.threads), "--max-in-flight", str(max(levels) * 2),
        ]  # fmt: skip
        server = subprocess.Popen(command, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 300
            while True:
                if server.poll() is not None:
                    raise SystemExit(f"plugtrain serve exited with {server.returncode}")
                try:
                    if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit("the server did not answer /health within 300 s")
                time.sleep(0.2)
            body = _png(*arguments.image_size)
            for clients in levels:
                result = _level(url, body, clients, arguments.requests, arguments.max_seconds)
                print(json.dumps({"image_size": list(arguments.image_size), **result}), flush=True)
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


if __name__ == "__main__":
    main()
