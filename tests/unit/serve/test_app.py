"""The app in-process (httpx over ASGI): faults that a real server cannot be made to hit
on demand, such as a full disk under the upload spool."""

import asyncio
import errno
import tempfile

import httpx
import pytest

from plugtrain.inference import Predictor
from plugtrain.serve import ServeSettings, create_app
from tests.inference_helpers import encoded_image
from tests.unit.inference.test_predictor import StaticBackend


async def _detect_then_health() -> tuple[httpx.Response, httpx.Response]:
    app = create_app(ServeSettings(model="static"), Predictor(StaticBackend()))
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),  # removes the app's upload spool at the end
        httpx.AsyncClient(transport=transport, base_url="http://serve") as client,
    ):
        detected = await client.post(
            "/v1/detect",
            content=encoded_image((10, 20), "png"),
            headers={"content-type": "image/png"},
        )
        return detected, await client.get("/health")


def test_detects_with_any_backend() -> None:
    detected, _ = asyncio.run(_detect_then_health())
    assert detected.status_code == 200, detected.text
    assert [d["class_name"] for d in detected.json()["detections"]] == ["dog", "cat"]


def test_a_full_disk_is_503_and_frees_the_slot(monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", full)
    detected, health = asyncio.run(_detect_then_health())
    assert detected.status_code == 503
    error = detected.json()["error"]
    assert error["code"] == "server_storage"
    assert "No space left on device" in error["message"]
    assert health.json()["in_flight"] == 0
