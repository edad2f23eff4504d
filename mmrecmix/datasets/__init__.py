from .corruption import CIFARCorrupted, ImageNetCorrupted
from .digits import Digits
from .imagenet_variants import (ImageNetA, ImageNetR, ImageNetSketch,
                                StylizedImageNet)
from .in_between import InBetweenClassPairs
from .ood import NoiseImages, OODTestSet
from .transforms import (AugMix, BoundaryOcclusion, CenterOcclusion, Cutout,
                         LoadImageFromFile)

__all__ = [
    'AugMix', 'BoundaryOcclusion', 'CIFARCorrupted', 'CenterOcclusion', 'Cutout', 'Digits',
    'ImageNetA', 'ImageNetCorrupted', 'ImageNetR', 'ImageNetSketch', 'InBetweenClassPairs',
    'LoadImageFromFile', 'NoiseImages', 'OODTestSet', 'StylizedImageNet'
]
from .wsol import CUBWithBoxes, ImageNetValBoxes  # noqa: E402

__all__ += ['CUBWithBoxes', 'ImageNetValBoxes']
