"""The one registry of part types: each config ``type`` name of a slot (backbone, neck,
head) maps to its torch-free config model, its spec function, the table from part
arguments to config keys, and exactly one builder (registered by ``plugtrain.builders``).

Torch-free, like ``plugtrain.config`` and ``plugtrain.specs``.
"""

from plugtrain.registry._catalog import REGISTRY
from plugtrain.registry._describe import (
    PartDescription,
    PartOption,
    describe_part,
    describe_parts,
)
from plugtrain.registry._registry import SLOTS, PartType, Registry, RegistryError, Slot
from plugtrain.registry._two_stage import TWO_STAGE_LEVELS, check_two_stage_backbone

__all__ = [
    "REGISTRY",
    "SLOTS",
    "TWO_STAGE_LEVELS",
    "PartDescription",
    "PartOption",
    "PartType",
    "Registry",
    "RegistryError",
    "Slot",
    "check_two_stage_backbone",
    "describe_part",
    "describe_parts",
]
