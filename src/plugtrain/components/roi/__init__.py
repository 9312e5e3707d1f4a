"""Parts of the second stage of two-stage detectors: pool regions, score and refine them."""

from plugtrain.components.roi._box_head import BoxHead, ConvFCBoxHead, TwoMLPBoxHead
from plugtrain.components.roi._pooler import PooledSpec, RoIPooler
from plugtrain.components.roi._predictor import BoxPredictions, BoxPredictor
from plugtrain.components.roi._sampler import ProposalSampler, SampledProposals

__all__ = [
    "BoxHead",
    "BoxPredictions",
    "BoxPredictor",
    "ConvFCBoxHead",
    "PooledSpec",
    "ProposalSampler",
    "RoIPooler",
    "SampledProposals",
    "TwoMLPBoxHead",
]
