"""The run a domain-adversarial config is measured against: the same model, source only.

``plugtrain train CONFIG 'task={type: classification}' data.unlabeled=null eval.metric=null``
trains the classifier of a ``domain_adversarial`` config on its labeled source images
alone and scores it (``top1_accuracy``) on the labeled target images of ``data.val``: the
baseline whose target accuracy DANN has to beat.
"""

from typing import Final

__all__ = ["SOURCE_ONLY_OVERRIDES"]

SOURCE_ONLY_OVERRIDES: Final = (
    "task={type: classification}",
    "data.unlabeled=null",
    "eval.metric=null",
)
"""Overrides that turn a ``domain_adversarial`` config into its source-only baseline."""
