"""The JSON the server answers with (pydantic models: they also make the OpenAPI page)."""

from pydantic import BaseModel, ConfigDict

__all__ = [
    "DetectResponse",
    "DetectionOut",
    "ErrorBody",
    "ErrorDetail",
    "HealthOut",
    "LimitsOut",
    "ModelOut",
]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DetectionOut(_Out):
    box_xyxy: tuple[float, float, float, float]
    """(x1, y1, x2, y2) in the uploaded image's own pixels."""
    score: float
    label: int
    class_name: str


class DetectResponse(_Out):
    width: int
    height: int
    detections: list[DetectionOut]


class ErrorDetail(_Out):
    code: str
    message: str


class ErrorBody(_Out):
    error: ErrorDetail


class HealthOut(_Out):
    status: str
    in_flight: int
    max_in_flight: int


class LimitsOut(_Out):
    max_body_bytes: int
    max_pixels: int
    max_in_flight: int
    threads: int
    request_timeout_s: float
    max_detections: int


class ModelOut(_Out):
    kind: str
    model: str
    class_names: list[str]
    input_size: tuple[int, int] | None
    plugtrain_version: str
    limits: LimitsOut
