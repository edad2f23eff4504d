from .augmix import AugMix
from .cutout import Cutout
from .loading import LoadImageFromFile
from .occlusion import BoundaryOcclusion, CenterOcclusion

__all__ = ['AugMix', 'BoundaryOcclusion', 'CenterOcclusion', 'Cutout', 'LoadImageFromFile']
