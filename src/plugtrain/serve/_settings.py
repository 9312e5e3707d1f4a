"""What ``plugtrain serve`` runs with: the model, the address and every limit."""

import json
import math
from dataclasses import asdict, dataclass, fields
from typing import Any, Final, cast

from plugtrain.errors import ArgumentError
from plugtrain.export import EXPORT_RUNTIMES
from plugtrain.inference._images import PILLOW_PIXEL_LIMIT

__all__ = ["SETTINGS_ENVIRONMENT", "ServeSettings"]

SETTINGS_ENVIRONMENT: Final = "PLUGTRAIN_SERVE_SETTINGS"
"""Environment variable that hands the settings (JSON) to each uvicorn worker process."""


def _bounded_int(name: str, value: object, low: int, high: int, example: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ArgumentError(
            part="ServeSettings",
            argument=name,
            received=value,
            expected=f"an int in [{low}, {high}]",
            fix=f"pass e.g. {name}={example}",
        )


def _bounded_seconds(name: str, value: object) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or not 0 < value <= 3600
    ):
        raise ArgumentError(
            part="ServeSettings",
            argument=name,
            received=value,
            expected="seconds in (0, 3600]",
            fix=f"pass e.g. {name}=30",
        )


@dataclass(frozen=True, slots=True)
class ServeSettings:
    """``plugtrain serve`` options; every limit is checked per request.

    ``max_body_bytes``: largest upload (413 above it, counted while it streams in);
    ``max_pixels``: largest image width x height (422 above it, read from the header
    before any pixel is decoded); ``max_in_flight``: requests admitted at once, waiting
    or running (503 above it: nothing queues without bound); ``threads``: images decoded
    and detected at the same time per worker; ``request_timeout_s``: longest a request
    may take, upload included (504 after it); ``max_detections``: the most a request may
    ask for; ``runtime``: what runs an exported ``.onnx`` model (``"onnxruntime"``, the
    default, or ``"openvino"``).
    """

    model: str
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    device: str = "cpu"
    max_body_bytes: int = 20 * 1024 * 1024
    max_pixels: int = 4096 * 4096
    max_in_flight: int = 8
    threads: int = 2
    request_timeout_s: float = 30.0
    max_detections: int = 300
    runtime: str | None = None

    def __post_init__(self) -> None:
        _bounded_int("port", self.port, 0, 65535, 8000)
        _bounded_int("workers", self.workers, 1, 64, 2)
        _bounded_int("max_body_bytes", self.max_body_bytes, 1, 2**31, 20 * 1024 * 1024)
        _bounded_int("max_pixels", self.max_pixels, 1, PILLOW_PIXEL_LIMIT, 4096 * 4096)
        _bounded_int("max_in_flight", self.max_in_flight, 1, 10_000, 8)
        _bounded_int("threads", self.threads, 1, 256, 2)
        _bounded_int("max_detections", self.max_detections, 1, 100_000, 300)
        _bounded_seconds("request_timeout_s", self.request_timeout_s)
        if self.runtime is not None and self.runtime not in EXPORT_RUNTIMES:
            raise ArgumentError(
                part="ServeSettings",
                argument="runtime",
                received=self.runtime,
                expected=f"one of {list(EXPORT_RUNTIMES)}, or None",
                fix="pass e.g. runtime='openvino'",
            )

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> "ServeSettings":
        """The settings :meth:`to_json` wrote (only this class's own fields are read)."""
        values: object = json.loads(text)
        names = {field.name for field in fields(cls)}
        if not isinstance(values, dict) or not names >= set(cast(dict[str, Any], values)):
            raise ArgumentError(
                part="ServeSettings",
                argument=SETTINGS_ENVIRONMENT,
                received=text[:200],
                expected="the JSON that ServeSettings.to_json() writes",
                fix="start workers through plugtrain serve",
            )
        return cls(**cast(dict[str, Any], values))
