from .digits import Digits
from .ood import NoiseImages, OODTestSet
from .transforms import Cutout, LoadImageFromFile

__all__ = ['Cutout', 'Digits', 'LoadImageFromFile', 'NoiseImages', 'OODTestSet']
