"""Export a whole detector (preprocessing, network, decoding, NMS) to ONNX or ``.pt2``, run
the exported file, and check that it gives the eager detector's detections.

``export_detector`` writes the file and a JSON sidecar (``model.onnx.json``);
``ExportedDetector.load`` runs it (onnxruntime or OpenVINO for ``.onnx``,
``torch.export.load`` for ``.pt2``);
``check_export`` compares it with the eager detector.
"""

from plugtrain.export._check import check_export, synthetic_check_images
from plugtrain.export._export import (
    INPUT_NAME,
    OUTPUT_NAMES,
    ExportResult,
    default_export_path,
    export_detector,
)
from plugtrain.export._module import ExportableDetector, ExportOutputs, detections_from_outputs
from plugtrain.export._parity import (
    BOX_TOLERANCE_PX,
    SCORE_TOLERANCE,
    ImageParity,
    ParityReport,
    compare_detections,
)
from plugtrain.export._runners import DEFAULT_RUNTIME, EXPORT_RUNTIMES, ExportRuntime
from plugtrain.export._runtime import ExportedDetector
from plugtrain.export._sidecar import (
    SIDECAR_VERSION,
    ExportFormat,
    ExportMetadata,
    OutputSpec,
    file_sha256,
    sidecar_path,
    weights_sha256,
)
from plugtrain.export._two_stage import ExportableTwoStageDetector

__all__ = [
    "BOX_TOLERANCE_PX",
    "DEFAULT_RUNTIME",
    "EXPORT_RUNTIMES",
    "INPUT_NAME",
    "OUTPUT_NAMES",
    "SCORE_TOLERANCE",
    "SIDECAR_VERSION",
    "ExportFormat",
    "ExportMetadata",
    "ExportOutputs",
    "ExportResult",
    "ExportRuntime",
    "ExportableDetector",
    "ExportableTwoStageDetector",
    "ExportedDetector",
    "ImageParity",
    "OutputSpec",
    "ParityReport",
    "check_export",
    "compare_detections",
    "default_export_path",
    "detections_from_outputs",
    "export_detector",
    "file_sha256",
    "sidecar_path",
    "synthetic_check_images",
    "weights_sha256",
]
