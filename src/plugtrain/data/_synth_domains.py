"""Two synthetic domains for domain adaptation: labeled source crops, target crops, and the
target training crops again as a flat folder of unlabeled images.

What ``task: {type: domain_adversarial}`` reads (``data.train``, ``data.unlabeled``,
``data.val``), in one call: the three ``plugtrain data synth`` and copy steps of
``docs/setups/domain_adversarial.md``. Torch-free.
"""

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from plugtrain.data._synth_crops import CropsDataset, make_crops_dataset
from plugtrain.data._synth_style import SynthStyle

__all__ = ["DomainCrops", "make_domain_crops"]

_TARGET_SEED: Final = 1
"""Added to the source seed: the target scenes are other scenes, not restyled copies."""


@dataclass(frozen=True, slots=True)
class DomainCrops:
    """Where :func:`make_domain_crops` wrote each set."""

    source: CropsDataset
    """Source-style crops: ``source.train`` is ``data.train``."""
    target: CropsDataset
    """Target-style crops: ``target.val`` is ``data.val`` (labeled target images)."""
    unlabeled: Path
    """The target training crops, flat and without labels: ``data.unlabeled``."""


def make_domain_crops(
    out: Path | str,
    *,
    num_train: int = 600,
    num_val: int = 90,
    size: int = 64,
    seed: int = 0,
    workers: int | None = None,
) -> DomainCrops:
    """``out/source`` (source-style crops, ``seed``), ``out/target`` (target-style crops of
    other scenes, ``seed + 1``) and ``out/target/unlabeled`` (the target training crops,
    flat). ``num_train``/``num_val`` crops per domain, ``size`` pixels square; the
    arguments are checked by :func:`make_crops_dataset`. Deterministic for a seed."""
    root = Path(out)
    source = make_crops_dataset(
        root / "source", num_train=num_train, num_val=num_val, size=size, seed=seed, workers=workers
    )
    target = make_crops_dataset(
        root / "target",
        num_train=num_train,
        num_val=num_val,
        size=size,
        seed=seed + _TARGET_SEED,
        style=SynthStyle.target,
        workers=workers,
    )
    unlabeled = root / "target" / "unlabeled"
    unlabeled.mkdir(exist_ok=True)
    # The file names number the crops across the classes, so the flat copy has no clashes.
    for image in sorted(target.train.glob("*/*.png")):
        shutil.copyfile(image, unlabeled / image.name)
    return DomainCrops(source=source, target=target, unlabeled=unlabeled)
