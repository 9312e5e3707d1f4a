"""Models built from parts: Detector, TwoStageDetector, Classifier, AutoEncoder (and its
Encoder / Decoder parts), ContrastiveModel."""

from plugtrain.models._autoencoder import AutoEncoder, Decoder, Encoder, ReconstructionLoss
from plugtrain.models._backbone_encoder import BackboneEncoder
from plugtrain.models._classifier import Classifier
from plugtrain.models._contrastive import ContrastiveModel
from plugtrain.models._conv_autoencoder import ConvDecoder, ConvEncoder
from plugtrain.models._detector import IMAGENET_MEAN, IMAGENET_STD, Detector
from plugtrain.models._detector_summary import DetectorSummary, LevelSummary, PartSummary
from plugtrain.models._domain_adversarial import DomainAdversarialClassifier
from plugtrain.models._two_stage import TwoStageDetector

__all__ = [
    "IMAGENET_MEAN",
    "IMAGENET_STD",
    "AutoEncoder",
    "BackboneEncoder",
    "Classifier",
    "ContrastiveModel",
    "ConvDecoder",
    "ConvEncoder",
    "Decoder",
    "Detector",
    "DetectorSummary",
    "DomainAdversarialClassifier",
    "Encoder",
    "LevelSummary",
    "PartSummary",
    "ReconstructionLoss",
    "TwoStageDetector",
]
