"""CutMix, with the resize-paste variant of the RecursiveMix ablation."""
from numbers import Real
from typing import Optional, Sequence, Tuple

import numpy as np
import torch
import torch.nn.functional as F

from mmrecmix.registry import BATCH_AUGMENTS
from mmrecmix.utils.validation import check_range
from .base import PairMix, mix_scores
from .box import box_half_sides_of, clip_boxes, paste_boxes_, sample_clipped_boxes

#: Interpolations the per-sample resize reproduces (``F.interpolate``'s, no 'area').
RESAMPLE_MODES = ('nearest', 'nearest-exact', 'bilinear', 'bicubic')
#: How the labels are mixed: by area (Eq. 1), and the two label variants of Table 8.
LABEL_MODES = ('area', 'larger', 'half')


def label_share(lam, label: str):
    r"""The share :math:`\lambda_y` of its own label a sample keeps when it keeps
    the share ``lam`` (a number or a tensor) of its pixels: ``lam`` (``'area'``,
    Eq. 1); 1 if ``lam >= 0.5`` else 0, the label of the larger part
    (``'larger'``, "One-hot CutMix", the reference's ``target_for_acc`` rule); 0.5
    (``'half'``, "Complete-label CutMix"). An unmixed sample (``lam == 1``) keeps
    its label in every mode."""
    if label == 'area':
        return lam
    if torch.is_tensor(lam):
        mixed = (lam >= 0.5).to(lam.dtype) if label == 'larger' else torch.full_like(
            lam, 0.5)
        return torch.where(lam == 1, lam, mixed)
    if lam == 1:
        return 1.0
    return float(lam >= 0.5) if label == 'larger' else 0.5


def axis_grid(starts: torch.Tensor, sizes: torch.Tensor, length: int,
              mode: str) -> torch.Tensor:
    """Normalised ``grid_sample`` coordinates, ``(N, length)``, that read an image of
    side ``length`` resized to ``sizes[n]`` pixels starting at ``starts[n]``.

    Positions outside the patch get coordinates too (they are masked out later).
    The linear and cubic modes use ``F.interpolate``'s source position
    ``(d + 1/2) L / s - 1/2`` (``align_corners=False``), which normalises to
    ``(2d + 1) / s - 1``; the nearest modes compute ``F.interpolate``'s integer
    source pixel ``min(floor(d L / s), L - 1)`` (``'nearest'``) or
    ``min(floor((d + 1/2) L / s), L - 1)`` (``'nearest-exact'``) in float32 as it
    does, and point at that pixel's centre.
    """
    offsets = torch.arange(length, device=starts.device, dtype=torch.float32)
    offsets = offsets - starts[:, None].float()
    sizes = sizes.clamp(min=1)[:, None].float()
    if mode in ('bilinear', 'bicubic'):
        return (2 * offsets + 1) / sizes - 1
    scale = length / sizes
    source = offsets if mode == 'nearest' else offsets + 0.5
    source = (source * scale).floor().clamp(0, length - 1)
    return (2 * source + 1) / length - 1


def resize_into_boxes(images: torch.Tensor, boxes: torch.Tensor,
                      mode: str) -> torch.Tensor:
    """Each image of ``(N, C, H, W)`` resized into its own box of ``(N, 4)`` boxes
    ``(x1, y1, x2, y2)``, on an ``(N, C, H, W)`` canvas, with one ``grid_sample``.

    Inside each box the pixels are ``F.interpolate(image, size=box size, mode=mode)``
    up to float rounding of the source positions (exact for the nearest modes);
    outside they are left over values to be masked. ``mode`` is one of
    :data:`RESAMPLE_MODES` (the border clamping of ``F.interpolate`` is
    ``grid_sample``'s ``padding_mode='border'``).
    """
    num, _, height, width = images.shape
    cols = axis_grid(boxes[:, 0], boxes[:, 2] - boxes[:, 0], width, mode)
    rows = axis_grid(boxes[:, 1], boxes[:, 3] - boxes[:, 1], height, mode)
    grid = torch.stack(torch.broadcast_tensors(cols[:, None, :], rows[:, :, None]), -1)
    sample_mode = 'nearest' if mode.startswith('nearest') else mode
    return F.grid_sample(images, grid.to(images.dtype), mode=sample_mode,
                         padding_mode='border', align_corners=False)


@BATCH_AUGMENTS.register_module()
class CutMix(PairMix):
    r"""CutMix (Yun et al., ICCV 2019, Eq. 1-2), registered as ``mmrecmix.CutMix``.

    .. math::
        \tilde x = M \odot x_B + (1 - M) \odot x_A, \qquad
        \tilde y = \lambda y_A + (1 - \lambda) y_B

    with :math:`\lambda \sim \mathrm{Beta}(\alpha, \alpha)`, a box of area share
    :math:`1 - \lambda` at a uniform centre, clipped to the image, :math:`\lambda`
    recomputed from the clipped box, and the partner ``B`` of each sample given by a
    random permutation of the batch. Height and width are taken from the input, so
    non-square images are handled on each axis.

    With ``resize=True`` the whole partner image is resized into the box instead of
    cutting the box out of it: the "resize" (RS) ablation of RecursiveMix (Table 2).

    ``mode`` (see :class:`PairMix`): ``'batch'`` draws one box and ratio for the
    batch (mixed with probability ``prob``); ``'elem'`` draws a box and ratio per
    sample, ``'pair'`` one per pair of samples, who swap the pixels in it. The
    per-sample modes paste all boxes with one masked blend, and with ``resize=True``
    resize every partner into its own box with one ``grid_sample``
    (:func:`resize_into_boxes`; ``interpolation`` one of :data:`RESAMPLE_MODES`).

    The boxes and ratios are drawn on the host, and the last boxes, lambdas and
    pairing are kept in :attr:`last_step` (``box`` and a float ``lam`` in batch
    mode; ``boxes`` and an ``(N,)`` ``lam`` otherwise). mmpretrain's ``CutMix`` (an
    unprefixed ``type='CutMix'``, left alone) takes the same ``cutmix_minmax`` and
    ``correct_lam``, so a config can swap one for the other:

    - ``cutmix_minmax=(lo, hi)``: ``alpha`` is not used; the box height and width are
      drawn independently, :math:`h \sim U\{\lfloor lo H \rfloor, ..,
      \lfloor hi H \rfloor - 1\}` (width alike on ``W``), and the box is placed
      uniformly wholly inside the image, so :math:`\lambda = 1 - hw / (HW)` exactly.
    - ``correct_lam=False`` (without ``cutmix_minmax``): the labels keep the drawn
      :math:`\lambda` even when clipping shrank the box.

    The variants of the paper's Table 8 (Sec. 5.2, "CutMix variants"), one option
    each:

    - ``center_std=s`` ("Center Gaussian CutMix"): the box centre is
      :math:`r_x \sim \mathcal{N}(W/2, (sW)^2)`, :math:`r_y \sim \mathcal{N}(H/2,
      (sH)^2)`, rounded and clipped to the image, instead of uniform.
    - ``fixed_lam=0.75`` ("Fixed-size CutMix"): :math:`\lambda` is not drawn, the
      box is :math:`\sqrt{1 - \lambda}` of each side, 16 x 16 on 32 x 32 images.
    - ``label='larger'`` ("One-hot CutMix"): the label of the larger part;
      ``label='half'`` ("Complete-label CutMix"): :math:`\tilde y = 0.5 y_A + 0.5
      y_B` whatever the box (see :func:`label_share`).
    - ``scheduled_prob=True`` ("Scheduled CutMix"): the mixing probability rises
      linearly from 0 at the start of training to ``prob`` at its end, as
      :class:`mmrecmix.TrainProgressHook` reports the progress.

    In place, as every mmrecmix image mix: ``__call__`` writes the mix into the
    caller's ``inputs`` tensor and returns it, with new float scores.

    Args:
        alpha (float): Beta distribution parameter, > 0. Defaults to 1.0.
        prob (float): Probability of mixing a batch (a sample or pair in the
            per-sample modes), in [0, 1] (the reference uses 0.5 on CIFAR and 1.0
            on ImageNet). Defaults to 1.0.
        resize (bool): Resize the partner into the box instead of cutting it.
        interpolation (str): Resize mode when ``resize=True``.
        cutmix_minmax (tuple[float, float], optional): ``(lo, hi)`` bounds of the
            box side as shares of the image side, ``0 <= lo < hi <= 1`` (mmpretrain
            and timm use e.g. (0.2, 0.8)); ``None`` draws the box from ``alpha``.
            Defaults to None.
        correct_lam (bool): Recompute :math:`\lambda` from the clipped box.
            Defaults to True (the paper's rule and mmpretrain's default).
        mode (str): ``'batch'``, ``'pair'`` or ``'elem'``. Defaults to 'batch'.
        center_std (float, optional): Standard deviation of a Gaussian box centre,
            as a share of the image side, > 0; ``None``: uniform (the paper's
            rule). The paper gives no value (Table 8 configs: 0.25).
            Defaults to None.
        fixed_lam (float, optional): A fixed :math:`\lambda` in [0, 1) instead
            of drawing it. Defaults to None.
        label (str): ``'area'``, ``'larger'`` or ``'half'`` (see above).
            Defaults to 'area'.
        scheduled_prob (bool): Raise the probability linearly from 0 to ``prob``
            over training (with ``TrainProgressHook``; until it reports, ``prob``).
            Defaults to False.
    """

    def __init__(self, alpha: float = 1.0, prob: float = 1.0,
                 resize: bool = False, interpolation: str = 'nearest',
                 cutmix_minmax: Optional[Sequence[float]] = None,
                 correct_lam: bool = True, mode: str = 'batch',
                 center_std: Optional[float] = None, fixed_lam: Optional[float] = None,
                 label: str = 'area', scheduled_prob: bool = False):
        super().__init__(prob, mode)
        owner = type(self).__name__
        check_range(owner, 'alpha', alpha, 0, low_open=True)
        if center_std is not None:
            check_range(owner, 'center_std', center_std, 0, low_open=True)
        if fixed_lam is not None:
            check_range(owner, 'fixed_lam', fixed_lam, 0, 1, high_open=True)
        if label not in LABEL_MODES:
            raise ValueError(f'{owner}: label must be one of {LABEL_MODES}, got '
                             f'{label!r}.')
        if cutmix_minmax is not None and (center_std, fixed_lam) != (None, None):
            raise ValueError(f'{owner}: cutmix_minmax draws the box sides and places '
                             'the box itself: it takes no center_std or fixed_lam.')
        if cutmix_minmax is not None and (
                not isinstance(cutmix_minmax, Sequence) or len(cutmix_minmax) != 2
                or not all(isinstance(v, Real) for v in cutmix_minmax)
                or not 0 <= cutmix_minmax[0] < cutmix_minmax[1] <= 1):
            raise ValueError(f'{type(self).__name__}: cutmix_minmax must be None or a '
                             'pair (lo, hi) with 0 <= lo < hi <= 1, got '
                             f'{cutmix_minmax!r}.')
        if resize and mode != 'batch' and interpolation not in RESAMPLE_MODES:
            raise ValueError(f'{type(self).__name__}: with mode={mode!r} the partners '
                             f'are resized by grid_sample, so interpolation must be '
                             f'one of {RESAMPLE_MODES}, got {interpolation!r}.')
        self.alpha = alpha
        self.resize = resize
        self.interpolation = interpolation
        self.cutmix_minmax = None if cutmix_minmax is None else tuple(cutmix_minmax)
        self.correct_lam = correct_lam
        self.center_std = center_std
        self.fixed_lam = fixed_lam
        self.label = label
        self.scheduled_prob = scheduled_prob
        self.target_prob = prob

    def set_progress(self, progress: float) -> None:
        """With ``scheduled_prob``, mix with probability ``progress * prob`` from
        now on (``progress``: the share of training done, from
        :class:`mmrecmix.TrainProgressHook`)."""
        if self.scheduled_prob:
            self.prob = self.target_prob * progress

    def __call__(self, inputs: torch.Tensor,
                 scores: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        """Mix as :class:`PairMix` does; with ``label`` other than ``'area'`` the
        labels take the shares of :func:`label_share` instead of the areas."""
        inputs, mixed = super().__call__(inputs, scores)
        if self.label == 'area' or self.last_step is None:
            return inputs, mixed
        shares = label_share(self.last_step['lam'], self.label)
        return inputs, mix_scores(scores.float(), shares, self.last_step['index'])

    def sample_box(self, height: int, width: int) -> Tuple[tuple, float]:
        """Draw one box: :meth:`sample_boxes` for a single draw.

        Returns:
            tuple: ``((x1, y1, x2, y2), lam)`` with ``lam = 1 - box share`` (the
            drawn ``lam`` itself with ``correct_lam=False``).
        """
        boxes, lam = self.sample_boxes(height, width, 1)
        return tuple(int(v) for v in boxes[0]), float(lam[0])

    def sample_boxes(self, height: int, width: int,
                     num: int) -> Tuple[np.ndarray, np.ndarray]:
        """Draw ``num`` boxes: of area share ``1 - lam``, ``lam ~ Beta(alpha,
        alpha)``, or by ``cutmix_minmax``.

        Returns:
            tuple: ``(boxes, lam)``: ``(num, 4)`` ``(x1, y1, x2, y2)`` and ``(num,)``
            ``lam = 1 - box share`` (the drawn ``lam`` with ``correct_lam=False``).
        """
        if self.cutmix_minmax is not None:
            return self.sample_minmax_boxes(height, width, num)
        if self.fixed_lam is None:
            lam = np.random.beta(self.alpha, self.alpha, size=num)
        else:
            lam = np.full(num, self.fixed_lam)
        if self.center_std is None:
            boxes, shares = sample_clipped_boxes(height, width, 1 - lam)
        else:
            boxes, shares = self.sample_centred_boxes(height, width, 1 - lam)
        return boxes, 1 - shares if self.correct_lam else lam

    def sample_centred_boxes(self, height: int, width: int,
                             areas: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        """Boxes of the area shares ``areas`` (the sides of
        :func:`sample_clipped_boxes`) centred at Gaussian points around the image
        centre (``center_std`` of each side; all x, then all y, NumPy's RNG),
        rounded and clipped to the image, the boxes clipped as usual."""
        half_h, half_w = box_half_sides_of(height, width, areas)
        cols = np.random.normal(width / 2, self.center_std * width, size=len(areas))
        rows = np.random.normal(height / 2, self.center_std * height, size=len(areas))
        cols = np.clip(np.rint(cols), 0, width - 1).astype(np.int64)
        rows = np.clip(np.rint(rows), 0, height - 1).astype(np.int64)
        return clip_boxes(rows, cols, half_h, half_w, height, width)

    def sample_minmax_boxes(self, height: int, width: int,
                            num: int) -> Tuple[np.ndarray, np.ndarray]:
        """``num`` boxes with sides drawn within ``cutmix_minmax`` of the image
        sides, placed wholly inside the image (heights, widths, then tops and lefts
        are drawn).

        Returns:
            tuple: ``(boxes, lam)`` with ``lam = 1 - box share``.
        """
        box_h = self.side_within_minmax(height, 'height', num)
        box_w = self.side_within_minmax(width, 'width', num)
        y1 = np.random.randint(0, height - box_h)
        x1 = np.random.randint(0, width - box_w)
        boxes = np.stack([x1, y1, x1 + box_w, y1 + box_h], 1)
        return boxes, 1 - box_h * box_w / (height * width)

    def side_within_minmax(self, size: int, axis: str, num: int) -> np.ndarray:
        """``num`` box sides ``~ U{int(lo * size), .., int(hi * size) - 1}``."""
        low, high = (int(size * share) for share in self.cutmix_minmax)
        if low >= high:
            raise ValueError(
                f'{type(self).__name__}: cutmix_minmax={self.cutmix_minmax} leaves no '
                f'box side for the image {axis} {size} (int({size} * lo) must be below '
                f'int({size} * hi)); widen cutmix_minmax.')
        return np.random.randint(low, high, size=num)

    def mix(self, inputs: torch.Tensor,
            scores: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        """Paste each sample's partner (in place) and mix the labels by area."""
        (x1, y1, x2, y2), lam = self.sample_box(*inputs.shape[-2:])
        index = torch.randperm(inputs.size(0), device=inputs.device)
        self.last_step = dict(box=(x1, y1, x2, y2), lam=lam, index=index)
        if lam == 1:
            return inputs, scores
        if self.resize:
            # Resize first, then pair: only box-sized tensors are copied.
            patch = F.interpolate(inputs, size=(y2 - y1, x2 - x1),
                                  mode=self.interpolation)[index]
        else:
            patch = inputs[index, :, y1:y2, x1:x2]
        inputs[..., y1:y2, x1:x2] = patch
        return inputs, lam * scores + (1 - lam) * scores[index]

    def sample_draws(self, inputs: torch.Tensor,
                     sources: torch.Tensor) -> Tuple[np.ndarray, np.ndarray]:
        """A box per draw (see :meth:`sample_boxes`); returns ``(lam, boxes)``."""
        boxes, lam = self.sample_boxes(*inputs.shape[-2:], len(sources))
        return lam, boxes

    def paste(self, inputs: torch.Tensor, index: torch.Tensor, lam: torch.Tensor,
              boxes: torch.Tensor) -> None:
        """Paste each partner's box (or the resized partner) into each sample."""
        partners = inputs[index]
        if self.resize:
            partners = resize_into_boxes(partners, boxes, self.interpolation)
        paste_boxes_(inputs, partners, boxes)
