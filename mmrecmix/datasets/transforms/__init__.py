from .cutout import Cutout
from .loading import LoadImageFromFile

__all__ = ['Cutout', 'LoadImageFromFile']
