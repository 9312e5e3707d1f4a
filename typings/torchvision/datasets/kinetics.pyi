from .folder import find_classes as find_classes, make_dataset as make_dataset
from .utils import check_integrity as check_integrity, download_and_extract_archive as download_and_extract_archive, download_url as download_url, verify_str_arg as verify_str_arg
from .video_utils import VideoClips as VideoClips
from .vision import VisionDataset as VisionDataset
from _typeshed import Incomplete
from pathlib import Path as Path
from torch import Tensor as Tensor
from typing import Any, Callable

class Kinetics(VisionDataset):
    num_classes: Incomplete
    extensions: Incomplete
    num_download_workers: Incomplete
    root: Incomplete
    split_folder: Incomplete
    split: str
    samples: Incomplete
    video_clips: Incomplete
    transform: Incomplete
    def __init__(self, root: str | Path, frames_per_clip: int, num_classes: str = '400', split: str = 'train', frame_rate: int | None = None, step_between_clips: int = 1, transform: Callable | None = None, extensions: tuple[str, ...] = ('avi', 'mp4'), download: bool = False, num_download_workers: int = 1, num_workers: int = 1, _precomputed_metadata: dict[str, Any] | None = None, _video_width: int = 0, _video_height: int = 0, _video_min_dimension: int = 0, _audio_samples: int = 0, _audio_channels: int = 0, _legacy: bool = False, output_format: str = 'TCHW') -> None: ...
    def download_and_process_videos(self) -> None: ...
    @property
    def metadata(self) -> dict[str, Any]: ...
    def __len__(self) -> int: ...
    def __getitem__(self, idx: int) -> tuple[Tensor, Tensor, int]: ...
