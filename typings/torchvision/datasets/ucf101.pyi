from .folder import find_classes as find_classes, make_dataset as make_dataset
from .video_utils import VideoClips as VideoClips
from .vision import VisionDataset as VisionDataset
from _typeshed import Incomplete
from pathlib import Path as Path
from torch import Tensor as Tensor
from typing import Any, Callable

class UCF101(VisionDataset):
    fold: Incomplete
    train: Incomplete
    samples: Incomplete
    full_video_clips: Incomplete
    indices: Incomplete
    video_clips: Incomplete
    transform: Incomplete
    def __init__(self, root: str | Path, annotation_path: str, frames_per_clip: int, step_between_clips: int = 1, frame_rate: int | None = None, fold: int = 1, train: bool = True, transform: Callable | None = None, _precomputed_metadata: dict[str, Any] | None = None, num_workers: int = 1, _video_width: int = 0, _video_height: int = 0, _video_min_dimension: int = 0, _audio_samples: int = 0, output_format: str = 'THWC') -> None: ...
    @property
    def metadata(self) -> dict[str, Any]: ...
    def __len__(self) -> int: ...
    def __getitem__(self, idx: int) -> tuple[Tensor, Tensor, int]: ...
