"""Heads of the setups other than detection (their models have no postprocessing)."""

from typing import Annotated, Literal

from pydantic import Field

from plugtrain.config._base import ConfigModel, PositiveInt

__all__ = ["ClassificationHeadConfig"]


class ClassificationHeadConfig(ConfigModel):
    """Class logits: global average pool of the last level it receives, dropout, linear."""

    type: Literal["classification"] = Field(
        description="classification: pooled last level -> dropout -> linear class logits"
    )
    num_classes: PositiveInt = Field(
        description="number of classes; must equal the class folders of the training set"
    )
    dropout: Annotated[float, Field(ge=0.0, lt=1.0)] = Field(
        default=0.0, description="dropout probability before the linear layer, in [0, 1)"
    )
