"""What a prediction returns: plain frozen records, ready for JSON."""

from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["Detection", "ImagePrediction"]


@dataclass(frozen=True, slots=True)
class Detection:
    """One detected object: ``box`` is (x1, y1, x2, y2) in the image's own pixels."""

    box: tuple[float, float, float, float]
    score: float
    label: int
    class_name: str


@dataclass(frozen=True, slots=True)
class ImagePrediction:
    """The detections of one image, best score first.

    ``source`` names the input (a file path, or ``inputs[i]`` for an in-memory image);
    ``width`` and ``height`` are the image's own size in pixels.
    """

    source: str
    width: int
    height: int
    detections: tuple[Detection, ...]

    def to_json(self) -> dict[str, Any]:
        """The record as JSON-ready values (boxes rounded to 0.01 px, scores to 1e-4)."""
        record = asdict(self)
        record["detections"] = [
            {
                "box_xyxy": [round(v, 2) for v in d.box],
                "score": round(d.score, 4),
                "label": d.label,
                "class_name": d.class_name,
            }
            for d in self.detections
        ]
        return record
