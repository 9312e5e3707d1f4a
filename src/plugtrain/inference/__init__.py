"""Inference: a :class:`Predictor` over a checkpoint or an exported model.

Typical use::

    from plugtrain.inference import Predictor

    predictor = Predictor.from_path("runs/default/checkpoints/best.json")
    [found] = predictor.predict("photo.jpg", score_threshold=0.3)
    for d in found.detections:
        print(d.class_name, round(d.score, 2), d.box)  # box: xyxy in photo.jpg's pixels

Anything that implements :class:`InferenceBackend` can be wrapped in a Predictor.
"""

from plugtrain.inference._backend import InferenceBackend
from plugtrain.inference._checkpoint_backend import CheckpointBackend, load_checkpoint_parts
from plugtrain.inference._folder import (
    RESULTS_NAME,
    FolderPrediction,
    ImageFailure,
    image_suffixes,
    predict_to_folder,
)
from plugtrain.inference._images import (
    DEFAULT_MAX_PIXELS,
    ImageInput,
    ImageInputError,
    ImageProblem,
    read_image,
    to_model_image,
)
from plugtrain.inference._predictor import EXPORTED_SUFFIXES, ModelKind, Predictor
from plugtrain.inference._results import Detection, ImagePrediction

__all__ = [
    "DEFAULT_MAX_PIXELS",
    "EXPORTED_SUFFIXES",
    "RESULTS_NAME",
    "CheckpointBackend",
    "Detection",
    "FolderPrediction",
    "ImageFailure",
    "ImageInput",
    "ImageInputError",
    "ImagePrediction",
    "ImageProblem",
    "InferenceBackend",
    "ModelKind",
    "Predictor",
    "image_suffixes",
    "load_checkpoint_parts",
    "predict_to_folder",
    "read_image",
    "to_model_image",
]
