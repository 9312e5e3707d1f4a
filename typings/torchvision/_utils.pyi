import enum
from _typeshed import Incomplete
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar('T', bound=enum.Enum)

class StrEnumMeta(enum.EnumMeta):
    auto: Incomplete
    def from_str(self, member: str) -> enum.Enum: ...

class StrEnum(enum.Enum, metaclass=StrEnumMeta): ...  # type: ignore[misc]  # torchvision declares members in subclasses only

def sequence_to_str(seq: Sequence, separate_last: str = '') -> str: ...
