"""The ``data.augment`` config into training transforms and the mosaic wrapper."""

from dataclasses import dataclass

from plugtrain.config import AugmentConfig, IoUCropConfig
from plugtrain.data import (
    Compose,
    Flips,
    Mosaic,
    Photometric,
    SampleSource,
    ScaleJitter,
    Transform,
    WindowCrop,
)

__all__ = ["TrainAugment", "build_train_augment", "with_mosaic"]


@dataclass(frozen=True, slots=True)
class TrainAugment:
    """The training augmentation in two parts: ``per_image`` runs in the dataset (on each
    decoded image), ``after`` on the mosaic (``None`` when the dataset does it all)."""

    per_image: Transform
    after: Transform | None


def _geometric(config: AugmentConfig, image_size: tuple[int, int]) -> list[Transform]:
    steps: list[Transform] = []
    crop = config.crop
    if crop is not None:
        steps.append(
            WindowCrop(
                "iou" if isinstance(crop, IoUCropConfig) else "random",
                p=crop.p,
                min_scale=crop.min_scale,
                max_scale=crop.max_scale,
                min_aspect_ratio=crop.min_aspect_ratio,
                max_aspect_ratio=crop.max_aspect_ratio,
                min_iou=tuple(crop.min_iou) if isinstance(crop, IoUCropConfig) else (1.0,),
                trials=crop.trials if isinstance(crop, IoUCropConfig) else 1,
                min_visible=config.min_visible,
                min_box_size=config.min_box_size,
            )
        )
    steps.append(
        ScaleJitter(
            image_size,
            scale=(config.scale[0], config.scale[1]),
            min_visible=config.min_visible,
            min_box_size=config.min_box_size,
        )
    )
    return steps


def _appearance(config: AugmentConfig) -> list[Transform]:
    steps: list[Transform] = [Flips(hflip=config.hflip, vflip=config.vflip)]
    colour = config.photometric
    if colour is not None:
        steps.append(
            Photometric(
                p=colour.p,
                brightness=colour.brightness,
                contrast=colour.contrast,
                saturation=colour.saturation,
                hue=colour.hue,
            )
        )
    return steps


def build_train_augment(config: AugmentConfig, image_size: tuple[int, int]) -> TrainAugment:
    """Crop -> scale jitter [-> mosaic] -> flips -> colour, as configured."""
    geometric = _geometric(config, image_size)
    appearance = _appearance(config)
    if config.mosaic is None:
        return TrainAugment(per_image=Compose([*geometric, *appearance]), after=None)
    return TrainAugment(per_image=Compose(geometric), after=Compose(appearance))


def with_mosaic(
    dataset: SampleSource, config: AugmentConfig, augment: TrainAugment
) -> SampleSource:
    """``dataset`` wrapped in the configured mosaic, or ``dataset`` when there is none."""
    mosaic = config.mosaic
    if mosaic is None:
        return dataset
    return Mosaic(
        dataset,
        p=mosaic.p,
        center=(mosaic.center[0], mosaic.center[1]),
        after=augment.after,
        min_visible=config.min_visible,
        min_box_size=config.min_box_size,
    )
