"""``plugtrain serve`` over real HTTP: metadata, good images, query values, many clients."""

import io
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image

from plugtrain.inference import Predictor, load_checkpoint_parts
from tests.inference_helpers import CLASS_NAMES, encoded_image, save_tiny_checkpoint
from tests.integration.serving import Server, running_server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save_tiny_checkpoint(tmp_path_factory.mktemp("serve-model"))


@pytest.fixture(scope="module")
def server(model: Path) -> Iterator[Server]:
    with running_server(model, "--max-in-flight", "8", "--threads", "2") as running:
        yield running


def test_health_model_and_openapi(server: Server, model: Path) -> None:
    health = httpx.get(f"{server.url}/health")
    assert health.status_code == 200
    assert health.json()["status"] == "ok"
    info = httpx.get(f"{server.url}/v1/model").json()
    assert info["class_names"] == list(CLASS_NAMES)
    assert info["kind"] == "checkpoint"
    assert info["input_size"] is None
    assert info["model"] == model.name
    assert info["limits"]["max_in_flight"] == 8
    schema = httpx.get(f"{server.url}/openapi.json").json()
    assert {"/v1/detect", "/v1/model", "/health"} <= set(schema["paths"])
    assert "multipart/form-data" in schema["paths"]["/v1/detect"]["post"]["requestBody"]["content"]
    assert httpx.get(f"{server.url}/docs").status_code == 200


def test_png_and_jpeg_give_the_predictors_detections(
    server: Server, model: Path, tmp_path: Path
) -> None:
    predictor = Predictor.from_path(model)
    for kind, size in (("png", (48, 80)), ("jpeg", (70, 50))):
        data = encoded_image(size, kind, seed=3)
        local = tmp_path / f"image.{kind}"
        local.write_bytes(data)
        [expected] = predictor.predict(local, max_detections=10)
        for response in (
            httpx.post(
                f"{server.url}/v1/detect",
                params={"max_detections": 10},
                files={"file": (f"image.{kind}", data, f"image/{kind}")},
            ),
            httpx.post(
                f"{server.url}/v1/detect",
                params={"max_detections": 10},
                content=data,
                headers={"content-type": f"image/{kind}"},
            ),
        ):
            assert response.status_code == 200, response.text
            body: dict[str, Any] = response.json()
            assert (body["height"], body["width"]) == size
            assert body["detections"], "the livened tiny head detects something"
            labels = [d["label"] for d in body["detections"]]
            assert labels == [d.label for d in expected.detections]
            for got, want in zip(body["detections"], expected.detections, strict=True):
                assert got["class_name"] == want.class_name
                assert got["box_xyxy"] == pytest.approx(want.box, abs=1e-3)
                assert 0 <= got["box_xyxy"][0] <= got["box_xyxy"][2] <= size[1]


def test_query_values_filter_the_detections(server: Server) -> None:
    data = encoded_image((40, 40), "png", seed=5)
    url = f"{server.url}/v1/detect"
    headers = {"content-type": "image/png"}
    everything = httpx.post(url, content=data, headers=headers, params={"max_detections": 300})
    few = httpx.post(url, content=data, headers=headers, params={"max_detections": 3})
    assert len(few.json()["detections"]) == 3
    cut = 0.5 * (
        everything.json()["detections"][0]["score"] + everything.json()["detections"][-1]["score"]
    )
    high = httpx.post(url, content=data, headers=headers, params={"score_threshold": cut})
    scores = [d["score"] for d in high.json()["detections"]]
    assert scores
    assert all(score >= cut for score in scores)
    assert len(scores) < len(everything.json()["detections"])


def test_concurrent_clients_all_get_answers(server: Server) -> None:
    images = [encoded_image((32 + 8 * i, 48), "png", seed=i) for i in range(4)]

    def call(index: int) -> tuple[int, int]:
        with httpx.Client(timeout=120.0) as client:
            response = client.post(
                f"{server.url}/v1/detect",
                content=images[index % 4],
                headers={"content-type": "image/png"},
            )
            return response.status_code, int(response.json()["height"])

    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(call, range(18)))
    assert answers == [(200, 32 + 8 * (i % 4)) for i in range(18)]
    assert httpx.get(f"{server.url}/health").json()["in_flight"] == 0


def test_two_worker_processes_each_load_the_model(model: Path) -> None:
    with running_server(model, "--workers", "2", "--threads", "1") as two:
        assert httpx.get(f"{two.url}/v1/model").json()["class_names"] == list(CLASS_NAMES)

        def call(seed: int) -> int:
            return httpx.post(
                f"{two.url}/v1/detect",
                content=encoded_image((24, 32), "png", seed=seed),
                headers={"content-type": "image/png"},
                timeout=120,
            ).status_code

        with ThreadPoolExecutor(max_workers=4) as pool:
            statuses = list(pool.map(call, range(8)))
        assert statuses == [200] * 8


@pytest.mark.parametrize("runtime", [(), ("--runtime", "openvino")], ids=["default", "openvino"])
def test_serves_an_exported_onnx_file(
    model: Path, tmp_path: Path, runtime: tuple[str, ...]
) -> None:
    export = pytest.importorskip("plugtrain.export")
    detector, image_size, class_names = load_checkpoint_parts(model)
    onnx_file = tmp_path / "tiny.onnx"
    export.export_detector(
        detector, onnx_file, export_format="onnx", image_size=image_size, class_names=class_names
    )
    data = encoded_image((48, 80), "png", seed=7)
    with running_server(onnx_file, *runtime) as exported:
        info = httpx.get(f"{exported.url}/v1/model").json()
        assert (info["kind"], info["input_size"]) == ("onnx", list(image_size))
        assert info["class_names"] == list(CLASS_NAMES)
        response = httpx.post(
            f"{exported.url}/v1/detect",
            content=data,
            headers={"content-type": "image/png"},
            params={"max_detections": 10},
            timeout=120,
        )
    assert response.status_code == 200, response.text
    [expected] = Predictor.from_path(model).predict(Image.open(io.BytesIO(data)), max_detections=10)
    got = response.json()["detections"]
    assert [d["label"] for d in got] == [d.label for d in expected.detections]
