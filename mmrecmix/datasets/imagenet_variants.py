"""Test sets that measure how an ImageNet-1k classifier holds up under distribution
shift (SMMix, Table 5), each read in the layout its publisher ships: ImageNet-A and
ImageNet-R (200 of the classes; score them with
:class:`~mmrecmix.evaluation.metrics.subset_accuracy.SubsetAccuracy`), ImageNet-Sketch
and Stylized-ImageNet (all 1000; score them with mmpretrain's ``Accuracy``).

Every sample's label is its class index among the 1000 ImageNet-1k classes in the
standard order (sorted wnids, mmpretrain's ``ImageNet`` order), so that a 1000-class
model's predictions compare with it directly.
"""
import re
from typing import Dict, List, Optional, Sequence

from mmengine.fileio import get_file_backend
from mmpretrain.datasets import BaseDataset
from mmpretrain.datasets.categories import IMAGENET_CATEGORIES
from mmpretrain.datasets.custom import find_folders, get_samples

from mmrecmix.evaluation.metrics.subset_accuracy import imagenet_wnids, subset_wnids
from mmrecmix.registry import DATASETS

__all__ = ['ImageNetA', 'ImageNetR', 'ImageNetSketch', 'StylizedImageNet']

WNID = re.compile(r'n\d{8}')
IMAGE_EXTENSIONS = ('.jpg', '.jpeg', '.png', '.ppm', '.bmp', '.pgm', '.tif')
_SHOWN = 5  # names listed in an error


def _some(names) -> str:
    names = sorted(names)
    more = f' and {len(names) - _SHOWN} more' if len(names) > _SHOWN else ''
    return f'{names[:_SHOWN]}{more}'


class ImageNetVariant(BaseDataset):
    """An image-folder test set of ImageNet-1k classes: one folder per class, named by
    the class's wnid and holding its images (at any depth), as torchvision's
    ``ImageFolder`` reads it in the publishers' evaluation code.

    The class folders must be exactly those the publisher ships (:attr:`SUBSET`'s 200,
    or all 1000): a folder that is not a wnid, a wnid of another class set, a missing
    class or a class folder without images is refused, naming the expected layout.
    Files beside the class folders (a README) are ignored. A sample is
    ``dict(img_path=..., gt_label=<ImageNet-1k index>)``; the metainfo ``classes`` are
    the 1000 ImageNet-1k names.

    Args:
        data_root (str): The folder described by :attr:`LAYOUT`.
        data_prefix (str): The folder of the class folders, relative to
            ``data_root``. Defaults to :attr:`DEFAULT_PREFIX`.
        extensions (Sequence[str]): Suffixes of the image files (any case).
            Defaults to :data:`IMAGE_EXTENSIONS`.
        **kwargs: Passed to :class:`mmpretrain.datasets.BaseDataset` (``pipeline``,
            ``indices``, ``lazy_init`` ...); ``test_mode`` defaults to True.
    """

    METAINFO = {'classes': IMAGENET_CATEGORIES}
    #: What ``data_root`` holds, for the errors.
    LAYOUT: str = ''
    #: The folder of the class folders under ``data_root``.
    DEFAULT_PREFIX: str = ''
    #: The named subset of classes (``'imagenet-a'``, ``'imagenet-r'``); None: all 1000.
    SUBSET: Optional[str] = None

    def __init__(self, data_root: str, data_prefix: Optional[str] = None,
                 extensions: Sequence[str] = IMAGE_EXTENSIONS, **kwargs):
        owner = type(self).__name__
        if not isinstance(data_root, str) or not data_root:
            raise ValueError(f'{owner}: data_root must be the folder that holds '
                             f'{self.LAYOUT}, got {data_root!r}.')
        if data_prefix is None:
            data_prefix = self.DEFAULT_PREFIX
        if not isinstance(data_prefix, str):
            raise ValueError(f'{owner}: data_prefix must be a folder (str) relative to '
                             f'data_root, got {data_prefix!r}.')
        if isinstance(extensions, str) or not extensions or \
                not all(isinstance(e, str) and e.startswith('.') for e in extensions):
            raise ValueError(f"{owner}: extensions must be a list of file suffixes such "
                             f"as ['.jpg', '.png'], got {extensions!r}.")
        self.extensions = tuple(e.lower() for e in extensions)
        kwargs.setdefault('test_mode', True)
        super().__init__(ann_file='', data_root=data_root, data_prefix=data_prefix,
                         **kwargs)

    @property
    def class_wnids(self) -> List[str]:
        """The wnids of the classes the set must have, sorted."""
        if self.SUBSET is None:
            return list(imagenet_wnids())
        return list(subset_wnids(self.SUBSET))

    def _refuse(self, root: str, problem: str, fix: str) -> None:
        raise ValueError(f'{type(self).__name__}: {root!r} does not have the layout '
                         f'{self.LAYOUT}: {problem}. {fix}')

    def _check_folders(self, root: str, folders: List[str]) -> None:
        expected = self.class_wnids
        not_wnids = [f for f in folders if not WNID.fullmatch(f)]
        if not_wnids:
            self._refuse(root, f'it holds folders that are not wnids (n + 8 digits): '
                         f'{_some(not_wnids)}',
                         'Point data_root (and data_prefix) at the folder of the class '
                         'folders, or move the other folders out.')
        known = set(imagenet_wnids())
        foreign = [f for f in folders if f not in known]
        if foreign:
            self._refuse(root, f'{_some(foreign)} are not ImageNet-1k classes',
                         'Remove those folders: only ImageNet-1k classes are scored.')
        outside = sorted(set(folders) - set(expected))
        if outside:
            others = [kind.__name__ for kind in ImageNetVariant.__subclasses__()
                      if kind.SUBSET not in (None, self.SUBSET)
                      and set(folders) <= set(subset_wnids(kind.SUBSET))]
            fix = (f'All the folders are classes of {others[0]}: read this set with '
                   f"type='mmrecmix.{others[0]}'." if others else 'Remove those folders.')
            self._refuse(root, f'{_some(outside)} are not among the {len(expected)} '
                         f'classes of {self.SUBSET}', fix)
        missing = sorted(set(expected) - set(folders))
        if missing:
            self._refuse(root, f'it has {len(folders)} of the {len(expected)} class '
                         f'folders; missing: {_some(missing)}',
                         'Unpack the whole set; to evaluate part of it, keep every class '
                         'folder and select samples with indices=[...].')

    def is_valid_file(self, filename: str) -> bool:
        """Whether ``filename`` is an image of the set (by its suffix)."""
        return filename.lower().endswith(self.extensions)

    def load_data_list(self) -> List[Dict]:
        """The images of the class folders, by class index and then by path (the
        order of ``get_samples``: sorted folders, sorted files)."""
        root = self.img_prefix
        backend = get_file_backend(root, enable_singleton=True)
        if not backend.isdir(root):
            raise FileNotFoundError(
                f'{type(self).__name__}: {root!r} is not a folder; data_root should '
                f'hold {self.LAYOUT}.{self._prefix_hint()}')
        folders, _ = find_folders(root, backend)
        self._check_folders(root, folders)
        index = {wnid: i for i, wnid in enumerate(imagenet_wnids())}
        samples, empty = get_samples(root, {f: index[f] for f in folders},
                                     self.is_valid_file, backend)
        if empty:
            self._refuse(root, f'the class folder(s) {_some(empty)} hold no image '
                         f'({", ".join(self.extensions)})',
                         'Unpack the whole set, or pass the suffix of its images in '
                         'extensions.')
        return [dict(img_path=backend.join_path(root, path), gt_label=label)
                for path, label in samples]

    def _prefix_hint(self) -> str:
        if not self.DEFAULT_PREFIX:
            return ''
        return " If data_root holds the class folders directly, set data_prefix=''."


@DATASETS.register_module()
class ImageNetA(ImageNetVariant):
    """ImageNet-A (Hendrycks et al., "Natural Adversarial Examples", CVPR 2021): 7,500
    real photos of 200 ImageNet-1k classes that ResNet-50s misclassify, as
    ``imagenet-a.tar`` unpacks: ``imagenet-a/<wnid>/*.jpg`` and a README.

    ``data_root`` is the ``imagenet-a`` folder. Labels are ImageNet-1k indices; score
    with ``SubsetAccuracy(subset='imagenet-a')``. Arguments: see
    :class:`ImageNetVariant`.
    """
    LAYOUT = "<wnid>/*.jpg for each of the 200 ImageNet-A classes (the 'imagenet-a' " \
        'folder of imagenet-a.tar)'
    SUBSET = 'imagenet-a'


@DATASETS.register_module()
class ImageNetR(ImageNetVariant):
    """ImageNet-R (Hendrycks et al., "The Many Faces of Robustness", ICCV 2021): 30,000
    renditions (art, cartoons, sculptures, ...) of 200 ImageNet-1k classes, as
    ``imagenet-r.tar`` unpacks: ``imagenet-r/<wnid>/*.jpg`` and a README.

    ``data_root`` is the ``imagenet-r`` folder. Labels are ImageNet-1k indices; score
    with ``SubsetAccuracy(subset='imagenet-r')``. Arguments: see
    :class:`ImageNetVariant`.
    """
    LAYOUT = "<wnid>/*.jpg for each of the 200 ImageNet-R classes (the 'imagenet-r' " \
        'folder of imagenet-r.tar)'
    SUBSET = 'imagenet-r'


@DATASETS.register_module()
class ImageNetSketch(ImageNetVariant):
    """ImageNet-Sketch (Wang et al., "Learning Robust Global Representations by
    Penalizing Local Predictive Power", NeurIPS 2019): 50,889 black-and-white sketches
    of the 1000 ImageNet-1k classes, as ``ImageNet-Sketch.zip`` (Google Drive, or the
    HuggingFace copy) unpacks: ``sketch/<wnid>/*.JPEG``.

    ``data_root`` is the folder the zip was unpacked into (it holds ``sketch/``); where
    ``sketch`` was renamed, ``data_prefix`` names it. Score with mmpretrain's
    ``Accuracy``. Arguments: see :class:`ImageNetVariant`.
    """
    LAYOUT = 'sketch/<wnid>/*.JPEG for each of the 1000 ImageNet-1k classes (as ' \
        'ImageNet-Sketch.zip unpacks)'
    DEFAULT_PREFIX = 'sketch'


@DATASETS.register_module()
class StylizedImageNet(ImageNetVariant):
    """Stylized-ImageNet (Geirhos et al., "ImageNet-trained CNNs are biased towards
    texture", ICLR 2019): the ImageNet-1k validation images restyled by AdaIN with
    paintings, ``<wnid>/*.png`` as the publisher's ``preprocess_imagenet.py`` writes
    its ``val/`` folder (bethgelab's ``stylize-datasets`` keeps the ``.JPEG`` suffix
    and adds ``skipped_imgs.txt``: both are read).

    ``data_root`` is the ``val`` folder. Score with mmpretrain's ``Accuracy``.
    Arguments: see :class:`ImageNetVariant`.
    """
    LAYOUT = "<wnid>/*.png for each of the 1000 ImageNet-1k classes (Stylized-ImageNet's " \
        "'val' folder)"
