__all__ = ['wrap_dataset_for_transforms_v2']

# Names in __all__ with no definition:
#   wrap_dataset_for_transforms_v2
