from .digits import Digits
from .transforms import LoadImageFromFile

__all__ = ['Digits', 'LoadImageFromFile']
