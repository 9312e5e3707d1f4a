"""The FastAPI app: ``POST /v1/detect``, ``GET /v1/model``, ``GET /health``, ``/docs``.

An upload is streamed to a temporary file (never held whole in memory, never unpickled),
then decoded and detected in a bounded thread pool, so the event loop keeps answering
``/health`` and refusing what is over a limit while images are being detected. Every
refusal is ``{"error": {"code": ..., "message": ...}}`` with its HTTP status.
"""

import asyncio
import functools
import os
import shutil
import tempfile
from collections.abc import AsyncGenerator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Final

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect

import plugtrain
from plugtrain.errors import PlugtrainError
from plugtrain.inference import ImageInputError, Predictor, read_image
from plugtrain.serve._limits import ApiError, BodyLimit, InFlight, body_too_large
from plugtrain.serve._schemas import (
    DetectionOut,
    DetectResponse,
    ErrorBody,
    ErrorDetail,
    HealthOut,
    LimitsOut,
    ModelOut,
)
from plugtrain.serve._settings import SETTINGS_ENVIRONMENT, ServeSettings

__all__ = ["app_from_environment", "create_app"]

_STATUS_OF_PROBLEM: Final = {"image_unsupported": 415}
"""HTTP status per image problem; the others (truncated, corrupt, too large) are 422."""

_HTTP_CODES: Final = {400: "bad_request", 404: "not_found", 405: "method_not_allowed"}
"""``code`` of starlette's own refusals (a malformed multipart body, an unknown route)."""

_ERROR_RESPONSES: Final[dict[int | str, dict[str, Any]]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in (
        (413, "body above max_body_bytes"),
        (415, "not an image, or a content type other than an image or multipart"),
        (422, "truncated or corrupt image, pixels above max_pixels, or a bad query value"),
        (503, "max_in_flight requests already admitted: retry later"),
        (504, "the request took longer than request_timeout_s"),
    )
}

_UPLOAD_BODY: Final[dict[str, Any]] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                    "required": ["file"],
                }
            },
            "image/*": {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


def _error(status: int, code: str, message: str) -> JSONResponse:
    body = ErrorBody(error=ErrorDetail(code=code, message=message))
    return JSONResponse(body.model_dump(), status_code=status)


def _validation_message(error: RequestValidationError) -> str:
    parts: list[str] = []
    for item in error.errors():
        where = ".".join(str(part) for part in item.get("loc", ()))
        parts.append(f"{where}: {item.get('msg', 'invalid')} (received {item.get('input')!r})")
    return "; ".join(parts) or "invalid request"


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, error: ApiError) -> JSONResponse:
        return _error(error.status, error.code, error.message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        return _error(422, "invalid_request", _validation_message(error))

    @app.exception_handler(HTTPException)
    async def http(request: Request, error: HTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(error.status_code, "http_error")
        return _error(error.status_code, code, str(error.detail))

    @app.exception_handler(Exception)
    async def internal(request: Request, error: Exception) -> JSONResponse:
        return _error(
            500,
            "internal",
            f"the server failed on this request ({type(error).__name__}); "
            f"it keeps serving others. Please report it with the image that caused it",
        )


async def _stream_to(request: Request, target: Path) -> int:
    written = 0
    with target.open("wb") as sink:
        try:
            async for chunk in request.stream():
                sink.write(chunk)
                written += len(chunk)
        except ClientDisconnect:
            raise ApiError(400, "client_disconnected", "the client went away mid-upload") from None
    return written


async def _save_upload(request: Request, target: Path, settings: ServeSettings) -> None:
    """The uploaded image (multipart field ``file``, or the raw body) into ``target``."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > settings.max_body_bytes:
        raise body_too_large(settings.max_body_bytes, f"{declared} bytes (Content-Length)")
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "multipart/form-data":
        async with request.form(max_files=1, max_fields=8) as form:
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                raise ApiError(
                    422,
                    "missing_file",
                    "the multipart body has no file field named 'file'; send the image as "
                    "-F file=@image.jpg",
                )
            with target.open("wb") as sink:
                shutil.copyfileobj(upload.file, sink)
        size = target.stat().st_size
    elif kind.startswith("image/") or kind == "application/octet-stream":
        size = await _stream_to(request, target)
    else:
        raise ApiError(
            415,
            "unsupported_media_type",
            f"content type {kind or '(none)'!r} is not accepted; send the image as the raw "
            f"body with an image/* content type, or as multipart/form-data field 'file'",
        )
    if size == 0:
        raise ApiError(422, "empty_body", "the request body is empty; send an image")


def _finished(in_flight: InFlight, upload: Path, _: "Future[DetectResponse]") -> None:
    in_flight.release()
    upload.unlink(missing_ok=True)


def create_app(settings: ServeSettings, predictor: Predictor) -> FastAPI:
    """The app around one loaded ``predictor``; ``settings`` give the limits."""
    pool = ThreadPoolExecutor(max_workers=settings.threads, thread_name_prefix="plugtrain-serve")
    spool = Path(tempfile.mkdtemp(prefix="plugtrain-serve-"))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncGenerator[None]:
        yield
        pool.shutdown(wait=False, cancel_futures=True)
        shutil.rmtree(spool, ignore_errors=True)

    app = FastAPI(
        lifespan=lifespan,
        title="plugtrain detector",
        version=plugtrain.__version__,
        description="Object detection with a plugtrain model. Errors are "
        '`{"error": {"code": ..., "message": ...}}`.',
    )
    _install_error_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    in_flight = InFlight(settings.max_in_flight)

    def detect_file(path: Path, score_threshold: float, max_detections: int) -> DetectResponse:
        pixels = read_image(path, max_pixels=settings.max_pixels)
        [found] = predictor.predict(
            [pixels], score_threshold=score_threshold, max_detections=max_detections
        )
        return DetectResponse(
            width=found.width,
            height=found.height,
            detections=[
                DetectionOut(box_xyxy=d.box, score=d.score, label=d.label, class_name=d.class_name)
                for d in found.detections
            ],
        )

    @app.get("/health")
    async def health() -> HealthOut:
        """Liveness: answers while images are being detected."""
        return HealthOut(
            status="ok", in_flight=in_flight.count, max_in_flight=settings.max_in_flight
        )

    @app.get("/v1/model")
    async def model() -> ModelOut:
        """What is loaded: class names, input size, kind and the limits."""
        return ModelOut(
            kind=predictor.kind,
            model=Path(settings.model).name,
            class_names=list(predictor.class_names),
            input_size=predictor.input_size,
            plugtrain_version=plugtrain.__version__,
            limits=LimitsOut(
                max_body_bytes=settings.max_body_bytes,
                max_pixels=settings.max_pixels,
                max_in_flight=settings.max_in_flight,
                threads=settings.threads,
                request_timeout_s=settings.request_timeout_s,
                max_detections=settings.max_detections,
            ),
        )

    @app.post("/v1/detect", responses=_ERROR_RESPONSES, openapi_extra=_UPLOAD_BODY)
    async def detect(
        request: Request,
        score_threshold: Annotated[float, Query(ge=0.0, le=1.0)] = 0.0,
        max_detections: Annotated[int, Query(ge=1, le=settings.max_detections)] = 100,
    ) -> DetectResponse:
        """Detect objects in one image (multipart field ``file`` or the raw body).

        Boxes are xyxy in the image's own pixels; ``score_threshold`` drops detections
        below it (on top of the model's own threshold); at most ``max_detections``.
        """
        if not in_flight.admit():
            raise ApiError(
                503,
                "busy",
                f"{settings.max_in_flight} requests are already in flight; retry shortly",
            )
        upload = spool / "unset"
        submitted = False
        try:
            handle, name = tempfile.mkstemp(dir=spool, suffix=".upload")
            os.close(handle)
            upload = Path(name)
            async with asyncio.timeout(settings.request_timeout_s):
                await _save_upload(request, upload, settings)
                job = pool.submit(detect_file, upload, score_threshold, max_detections)
                submitted = True
                # the slot stays taken until the thread is done, even after a timeout
                job.add_done_callback(functools.partial(_finished, in_flight, upload))
                return await asyncio.wrap_future(job)
        except TimeoutError:
            raise ApiError(
                504,
                "timeout",
                f"the request took longer than {settings.request_timeout_s} s "
                f"(upload and detection); send a smaller image or retry when less busy",
            ) from None
        except ImageInputError as error:
            status = _STATUS_OF_PROBLEM.get(error.problem, 422)
            text = error.detail.replace(str(upload), "the uploaded file")
            raise ApiError(status, error.problem, text) from None
        except PlugtrainError as error:
            raise ApiError(422, error.code, error.message) from None
        except OSError as error:  # the spool folder: disk full, removed, no permission
            raise ApiError(
                503,
                "server_storage",
                f"the server cannot store the upload ({error.strerror or error}); retry later",
            ) from None
        finally:
            if not submitted:
                in_flight.release()
                upload.unlink(missing_ok=True)

    return app


def app_from_environment() -> FastAPI:
    """uvicorn's factory in each worker process: settings from the environment, model
    loaded once per worker."""
    settings = ServeSettings.from_json(os.environ[SETTINGS_ENVIRONMENT])
    predictor = Predictor.from_path(
        settings.model,
        device=settings.device,
        max_pixels=settings.max_pixels,
        runtime=settings.runtime,
    )
    return create_app(settings, predictor)
