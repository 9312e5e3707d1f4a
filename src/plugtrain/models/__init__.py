"""Models built from parts: Detector, TwoStageDetector, Classifier, AutoEncoder (and its
Encoder / Decoder parts)."""

from plugtrain.models._autoencoder import AutoEncoder, Decoder, Encoder
from plugtrain.models._classifier import Classifier
from plugtrain.models._conv_autoencoder import ConvDecoder, ConvEncoder
from plugtrain.models._detector import IMAGENET_MEAN, IMAGENET_STD, Detector
from plugtrain.models._detector_summary import DetectorSummary, LevelSummary, PartSummary
from plugtrain.models._domain_adversarial import DomainAdversarialClassifier
from plugtrain.models._two_stage import TwoStageDetector

__all__ = [
    "IMAGENET_MEAN",
    "IMAGENET_STD",
    "AutoEncoder",
    "Classifier",
    "ConvDecoder",
    "ConvEncoder",
    "Decoder",
    "Detector",
    "DetectorSummary",
    "DomainAdversarialClassifier",
    "Encoder",
    "LevelSummary",
    "PartSummary",
    "TwoStageDetector",
]
