from .cutout import Cutout
from .loading import LoadImageFromFile
from .occlusion import BoundaryOcclusion, CenterOcclusion

__all__ = ['BoundaryOcclusion', 'CenterOcclusion', 'Cutout', 'LoadImageFromFile']
