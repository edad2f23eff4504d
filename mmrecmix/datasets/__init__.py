from .digits import Digits
from .transforms import Cutout, LoadImageFromFile

__all__ = ['Cutout', 'Digits', 'LoadImageFromFile']
