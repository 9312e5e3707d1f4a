from .clip_sampler import DistributedSampler as DistributedSampler, RandomClipSampler as RandomClipSampler, UniformClipSampler as UniformClipSampler

__all__ = ['DistributedSampler', 'UniformClipSampler', 'RandomClipSampler']
