"""A small classification dataset that needs no download: scikit-learn's digits."""
import numpy as np
from mmpretrain.datasets import BaseDataset

from mmrecmix.registry import DATASETS

DIGITS_CLASSES = tuple(str(d) for d in range(10))


@DATASETS.register_module()
class Digits(BaseDataset):
    """The 1,797 handwritten 8x8 digits that ship inside scikit-learn (UCI optdigits).

    Images are grey levels 0-16 scaled to uint8 and repeated to 3 channels, so the
    standard mmpretrain pipelines (``Resize``, ``PackInputs``) apply unchanged. The data
    are split deterministically: every ``val_every``-th sample (by index) is validation,
    the rest training, so the two splits never overlap and need no file on disk.

    Args:
        split (str): ``'train'`` or ``'val'``.
        val_every (int): One sample in ``val_every`` goes to the validation split.
        **kwargs: Passed to :class:`mmpretrain.datasets.BaseDataset`
            (``pipeline``, ``indices``, ``test_mode`` ...).
    """

    METAINFO = {'classes': DIGITS_CLASSES}
    SPLITS = ('train', 'val')

    def __init__(self, split: str = 'train', val_every: int = 5, **kwargs):
        if split not in self.SPLITS:
            raise ValueError(
                f'Digits split must be one of {self.SPLITS}, got {split!r}.')
        if val_every < 2:
            raise ValueError(f'val_every must be >= 2, got {val_every}.')
        self.split = split
        self.val_every = val_every
        kwargs.setdefault('test_mode', split == 'val')
        super().__init__(ann_file='', **kwargs)

    def load_data_list(self):
        from sklearn.datasets import load_digits
        digits = load_digits()
        images = (digits.images * (255.0 / 16.0)).round().astype(np.uint8)
        in_val = np.arange(len(images)) % self.val_every == 0
        keep = in_val if self.split == 'val' else ~in_val
        return [
            dict(img=np.repeat(img[..., None], 3, axis=2), gt_label=int(label))
            for img, label in zip(images[keep], digits.target[keep])
        ]
