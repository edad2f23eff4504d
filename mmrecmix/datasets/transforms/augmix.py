"""AugMix's image side: timm's augment-and-mix chains on one image, and the two extra
mixtures of it that the Jensen-Shannon consistency loss compares with the clean one."""
from typing import Sequence, Union

import numpy as np
from mmcv.transforms import BaseTransform
from PIL import Image

from mmrecmix.registry import TRANSFORMS
from mmrecmix.utils.install_tier import require_full_tier

# The operations of the AugMix reference on CIFAR (google-research/augmix,
# ``augmentations.augmentations``, cifar.py without --all-ops), under timm's names: none
# of them overlaps a corruption of the -C test sets.
REFERENCE_OPS = ('AutoContrast', 'Equalize', 'PosterizeIncreasing', 'Rotate',
                 'SolarizeIncreasing', 'ShearX', 'ShearY', 'TranslateXRel',
                 'TranslateYRel')


@TRANSFORMS.register_module()
class AugMix(BaseTransform):
    r"""AugMix (Hendrycks et al., ICLR 2020, "AugMix: A Simple Data Processing Method
    to Improve Robustness and Uncertainty"), the image mixing of its Algorithm 1 as
    timm runs it (``timm.data.auto_augment.AugMixAugment``, the ops built by
    ``augmix_ops``; full install tier): ``width`` chains of ``depth`` operations
    (a uniform 1-3 when ``depth`` is -1), each operation drawn uniformly from
    ``ops`` at a magnitude uniform in :math:`[0, \text{severity}]` (out of 10), mixed
    with Dirichlet(:math:`\alpha, \dots, \alpha`) weights :math:`w`, then blended
    with the image by :math:`m \sim \mathrm{Beta}(\alpha, \alpha)`:

    .. math::
        x_{augmix} = (1 - m)\, x + m \sum_{i=1}^{k} w_i\, \mathrm{chain}_i(x)

    in 0-255 pixels (clipped and rounded to uint8 as timm does; the reference mixes
    the normalised floats, which differs by that rounding alone). Defaults are the
    paper's: severity 3, width 3, depth 1-3, :math:`\alpha = 1`.

    With ``jsd=True`` the results' ``img`` becomes the list ``[x, x_{augmix},
    x'_{augmix}]``, the clean image untouched and two independent mixtures, as the
    reference's ``AugMixDataset`` and timm's ``AugMixDataset`` with three splits
    yield them for the consistency loss; ``PackInputs`` then packs the three views
    and :class:`mmrecmix.MultiViewClsDataPreprocessor` stacks them for
    :class:`mmrecmix.AugMixClassifier`. With ``jsd=False`` the image is replaced by
    one mixture (the reference's ``--no-jsd``). Put it after the crop and flip, as
    the reference does.

    ``ops='reference'`` (the default) are the reference's nine CIFAR operations,
    :data:`REFERENCE_OPS`: the paper leaves out every operation that overlaps a test
    corruption, so that the -C accuracy measures robustness to unseen ones.
    ``ops='timm'`` is timm's ``augmix-m*`` list, which adds Color, Contrast,
    Brightness and Sharpness (CIFAR-100-C has contrast and brightness corruptions).
    A sequence names timm operations (``timm.data.auto_augment.NAME_TO_OP``).
    The operations' arguments are those timm's ``create_transform`` gives
    ``augmix``: translations up to ``translate_pct`` of the side (0.3, so 2.9 px of
    32 at severity 3, about the reference's 3 px), rotations and shears fill with
    ``fill`` (timm: the dataset mean; the reference: black), bilinear or bicubic
    at random unless ``interpolation`` names one. Randomness comes from numpy's and
    Python's global generators (timm draws from both), which mmengine seeds in each
    data-loading worker.

    Args:
        severity (int): Magnitude bound of every operation, 1-10. Defaults to 3.
        width (int): Number of chains mixed. Defaults to 3.
        depth (int): Operations per chain; -1 draws 1-3 per chain. Defaults to -1.
        alpha (float): Parameter of the Dirichlet and Beta draws. Defaults to 1.0.
        ops (str | Sequence[str]): ``'reference'``, ``'timm'`` or timm op names.
        jsd (bool): Keep the clean image and add two mixtures (``True``), or
            replace the image by one mixture. Defaults to True.
        fill (Sequence[int]): Fill of rotations, shears and translations, in the
            images' channel order. Defaults to timm's (128, 128, 128).
        translate_pct (float): Largest translation at magnitude 10, a fraction of
            the side. Defaults to 0.3.
        interpolation (str): ``'random'``, ``'bilinear'`` or ``'bicubic'``.
    """

    full_tier_package = 'timm'

    def __init__(self, severity: int = 3, width: int = 3, depth: int = -1,
                 alpha: float = 1.0, ops: Union[str, Sequence[str]] = 'reference',
                 jsd: bool = True, fill: Sequence[int] = (128, 128, 128),
                 translate_pct: float = 0.3, interpolation: str = 'random'):
        require_full_tier('AugMix (mmrecmix.AugMix)', 'timm')
        from timm.data.auto_augment import NAME_TO_OP, AugMixAugment, augmix_ops
        from timm.data.transforms import str_to_pil_interp
        if not 1 <= severity <= 10:
            raise ValueError(f'AugMix severity must be in 1-10, got {severity!r}.')
        if width < 1 or depth == 0 or depth < -1:
            raise ValueError(f'AugMix needs width >= 1 and depth >= 1 or -1, got width '
                             f'{width!r}, depth {depth!r}.')
        if alpha <= 0:
            raise ValueError(f'AugMix alpha must be > 0, got {alpha!r}.')
        if ops == 'reference':
            names = list(REFERENCE_OPS)
        elif ops == 'timm':
            names = None  # timm's own augmix list
        elif isinstance(ops, str) or not set(ops) <= set(NAME_TO_OP):
            raise ValueError(f"AugMix ops must be 'reference', 'timm' or timm op names "
                             f'({", ".join(sorted(NAME_TO_OP))}), got {ops!r}.')
        else:
            names = list(ops)
        hparams = dict(translate_pct=translate_pct, img_mean=tuple(int(v) for v in fill),
                       magnitude_std=float('inf'))  # inf: magnitudes uniform in [0, m]
        if interpolation != 'random':
            hparams['interpolation'] = str_to_pil_interp(interpolation)
        self.augment = AugMixAugment(
            augmix_ops(magnitude=severity, hparams=hparams, transforms=names),
            alpha=alpha, width=width, depth=depth)
        self.severity, self.width, self.depth, self.alpha = severity, width, depth, alpha
        self.ops = tuple(op.name for op in self.augment.ops)
        self.jsd = jsd

    def mixture(self, img: np.ndarray) -> np.ndarray:
        """One AugMix mixture of a uint8 ``(H, W[, C])`` image, same shape."""
        return np.array(self.augment(Image.fromarray(img)))  # a writable copy

    def transform(self, results: dict) -> dict:
        img = results['img']
        if not isinstance(img, np.ndarray) or img.dtype != np.uint8:
            raise TypeError('AugMix takes the uint8 image the loading transforms give, '
                            f'got {getattr(img, "dtype", type(img))}.')
        grey = img.ndim == 2 or img.shape[2] == 1
        # One channel: mixed as three equal ones (timm's fill is a colour), every
        # operation acts on each channel alike, so the first is the grey result.
        source = np.repeat(img.reshape(*img.shape[:2], 1), 3, axis=2) if grey else img

        def mixed():
            out = self.mixture(source)
            return out[..., :1].reshape(img.shape) if grey else out

        results['img'] = [img, mixed(), mixed()] if self.jsd else mixed()
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(severity={self.severity}, width={self.width}, '
                f'depth={self.depth}, alpha={self.alpha}, ops={self.ops}, jsd={self.jsd})')
