"""SaliencyMix: a CutMix box centred at the saliency peak of the source image."""
import math
from typing import Optional, Tuple

import numpy as np
import torch
import torch.nn.functional as F

from mmrecmix.registry import BATCH_AUGMENTS
from mmrecmix.utils.validation import check_range
from .base import PairMix
from .box import box_half_sides, box_half_sides_of, clip_boxes, paste_boxes_

# ITU-R BT.601 luma weights for R, G, B (OpenCV's RGB2GRAY).
LUMA_RGB = (0.299, 0.587, 0.114)
# OpenCV's 3-tap Gaussian for ksize 3 and sigma 0 (its fixed small-kernel table).
GAUSS_3 = (0.25, 0.5, 0.25)
# Spectral residual: working size (OpenCV's resImWidth/Height), 3x3 mean filter of
# the log amplitude, and the 5x5, sigma 8 Gaussian applied to the reconstruction.
SPECTRAL_SIZE = 64
BOX_3 = (1 / 3, 1 / 3, 1 / 3)
SPECTRAL_BLUR = (5, 8.0)
# Fine grained: the six centre-surround neighbourhood radii of Montabone & Soto.
NEIGHBOURHOODS = (12, 24, 48, 28, 56, 112)


def grey_levels(images: torch.Tensor) -> torch.Tensor:
    """``(N, C, H, W)`` -> ``(N, H, W)`` float32 grey levels: the BT.601 luma of RGB
    images when ``C == 3``, otherwise the mean over channels."""
    images = images.float()
    if images.size(1) == 3:
        weights = images.new_tensor(LUMA_RGB).view(1, 3, 1, 1)
        return (images * weights).sum(1)
    return images.mean(1)


def gaussian_taps(size: int, sigma: float) -> Tuple[float, ...]:
    """Normalised 1-D Gaussian of ``size`` taps (OpenCV's getGaussianKernel)."""
    taps = [math.exp(-(i - size // 2)**2 / (2 * sigma**2)) for i in range(size)]
    return tuple(t / sum(taps) for t in taps)


def separable_filter(maps: torch.Tensor, taps: Tuple[float, ...]) -> torch.Tensor:
    """Filter ``(N, H, W)`` maps with ``taps`` along both axes; borders mirrored
    without repeating the edge (OpenCV's BORDER_DEFAULT, reflect-101)."""
    kernel = maps.new_tensor(taps)
    pad = len(taps) // 2
    out = F.pad(maps[:, None], (pad, pad, pad, pad), mode='reflect')
    out = F.conv2d(out, kernel.view(1, 1, -1, 1))
    return F.conv2d(out, kernel.view(1, 1, 1, -1))[:, 0]


def spectral_residual_saliency(images: torch.Tensor) -> torch.Tensor:
    r"""Spectral-residual saliency (Hou & Zhang, CVPR 2007) in OpenCV's variant
    (``cv2.saliency.StaticSaliencySpectralResidual``), batched with ``torch.fft``.

    On the grey image bilinearly resized to 64x64, with :math:`\mathcal F` the 2-D
    DFT, :math:`A = \log(1 + |\mathcal F|)`, :math:`P = \arg\mathcal F` and
    :math:`h_3` the 3x3 mean filter:

    .. math::
        S = \left(g_{5, \sigma=8} *
            \left|\mathcal F^{-1}\left[e^{A - h_3 * A + iP}\right]\right|\right)^2

    normalised to a maximum of 1 and resized back bilinearly to ``H x W``. As in
    OpenCV, the Gaussian is applied before squaring and the amplitude is
    :math:`\log(1 + |\mathcal F|)`; both filters mirror the borders.

    Args:
        images (Tensor): ``(N, C, H, W)``.

    Returns:
        Tensor: ``(N, H, W)`` float32 saliency in [0, 1].
    """
    height, width = images.shape[-2:]
    grey = F.interpolate(grey_levels(images)[:, None], size=(SPECTRAL_SIZE,) * 2,
                         mode='bilinear', align_corners=False)[:, 0]
    spectrum = torch.fft.fft2(grey)
    log_amplitude = torch.log1p(spectrum.abs())
    residual = log_amplitude - separable_filter(log_amplitude, BOX_3)
    image = torch.fft.ifft2(torch.polar(residual.exp(), spectrum.angle())).abs()
    saliency = separable_filter(image, gaussian_taps(*SPECTRAL_BLUR)).square()
    saliency = saliency / saliency.amax((1, 2), keepdim=True)
    return F.interpolate(saliency[:, None], size=(height, width), mode='bilinear',
                         align_corners=False)[:, 0]


def interval_sums(values: torch.Tensor, starts: torch.Tensor, ends: torch.Tensor,
                  dim: int) -> torch.Tensor:
    """Sums of ``values`` over ``[starts[i], ends[i])`` along ``dim``, for every ``i``,
    from a cumulative sum (one axis at a time keeps float32 accurate)."""
    zero = torch.zeros_like(values.narrow(dim, 0, 1))
    cumulative = torch.cat([zero, values.cumsum(dim)], dim)
    return cumulative.index_select(dim, ends) - cumulative.index_select(dim, starts)


def surround_means(grey: torch.Tensor, radius: int) -> torch.Tensor:
    """Mean of each pixel's window, centre pixel excluded, as Montabone & Soto's
    OpenCV code defines it: rows ``y - radius + 1 .. y + radius`` and columns
    likewise (``2 * radius`` pixels, one more after the centre than before it),
    clipped to the image; for the whole ``(N, H, W)`` batch at once."""
    height, width = grey.shape[-2:]
    rows = torch.arange(height, device=grey.device)
    cols = torch.arange(width, device=grey.device)
    top = (rows - radius + 1).clamp(0, height)
    bottom = (rows + radius + 1).clamp(0, height)
    left = (cols - radius + 1).clamp(0, width)
    right = (cols + radius + 1).clamp(0, width)
    sums = interval_sums(interval_sums(grey, top, bottom, 1), left, right, 2)
    area = (bottom - top)[:, None] * (right - left)[None, :]
    return (sums - grey) / (area - 1)


def scale_to_unit_max(maps: torch.Tensor) -> torch.Tensor:
    """Divide each ``(H, W)`` map by its maximum (an all-zero map stays zero)."""
    peak = maps.amax((1, 2), keepdim=True)
    return maps / peak.clamp(min=torch.finfo(maps.dtype).tiny)


def fine_grained_saliency(images: torch.Tensor) -> torch.Tensor:
    r"""Fine-grained saliency (Montabone & Soto, Image Vis. Comput. 2010), the detector
    of ``cv2.saliency.StaticSaliencyFineGrained``, batched in torch.

    The grey image :math:`g` is smoothed twice with a 3x3 Gaussian; for each radius
    :math:`r \in \{12, 24, 48, 28, 56, 112\}` the centre-surround contrasts
    :math:`\mathrm{on}_r = \max(g - \bar g_r, 0)` and
    :math:`\mathrm{off}_r = \max(\bar g_r - g, 0)` are taken against the mean
    :math:`\bar g_r` of the pixel's window (see :func:`surround_means`); then

    .. math::
        S = \frac{\sum_r \mathrm{on}_r}{\max \sum_r \mathrm{on}_r}
          + \frac{\sum_r \mathrm{off}_r}{\max \sum_r \mathrm{off}_r}

    (OpenCV rounds to 8 bits between these steps; this is the same computation in
    floating point, which also makes it independent of the input's value range).

    Args:
        images (Tensor): ``(N, C, H, W)``.

    Returns:
        Tensor: ``(N, H, W)`` float32 saliency in [0, 2].
    """
    grey = separable_filter(separable_filter(grey_levels(images), GAUSS_3), GAUSS_3)
    on = off = 0
    for radius in NEIGHBOURHOODS:
        contrast = grey - surround_means(grey, radius)
        on = on + contrast.clamp(min=0)
        off = off + (-contrast).clamp(min=0)
    return scale_to_unit_max(on) + scale_to_unit_max(off)


SALIENCY_DETECTORS = {
    'spectral_residual': spectral_residual_saliency,
    'fine_grained': fine_grained_saliency,
}


def saliency_peaks(saliency: torch.Tensor) -> torch.Tensor:
    """``(N, H, W)`` maps -> ``(N, 2)`` (row, column) of each map's maximum (the first
    in row-major order on ties, as NumPy's argmax in the reference)."""
    flat = saliency.flatten(1).argmax(1)
    width = saliency.size(-1)
    return torch.stack([flat // width, flat % width], 1)


def per_image_mode(per_image: Optional[bool], mode: Optional[str]) -> str:
    """The ``mode`` that SaliencyMix's former ``per_image`` switch stands for
    (``False``: ``'batch'``, ``True``: ``'elem'``), checked against ``mode``."""
    if per_image is None:
        return 'batch' if mode is None else mode
    if not isinstance(per_image, bool):
        raise ValueError('SaliencyMix per_image must be True or False, got '
                         f'{per_image!r}; it stands for mode, which is clearer.')
    implied = 'elem' if per_image else 'batch'
    if mode is not None and mode != implied:
        raise ValueError(f'SaliencyMix: per_image={per_image} means mode={implied!r} '
                         f'but mode={mode!r} was given; give mode only.')
    return implied


@BATCH_AUGMENTS.register_module()
class SaliencyMix(PairMix):
    r"""SaliencyMix (Uddin et al., ICLR 2021), registered as ``mmrecmix.SaliencyMix``.

    A CutMix whose box is placed on the most salient pixel of the source image
    :math:`I_s` (the partner) instead of at random. With a saliency model :math:`f`:

    .. math::
        (i, j) = \operatorname{argmax} f(I_s), \qquad
        I_a = M \odot I_s + M' \odot I_t, \qquad
        y_a = \lambda y_t + (1 - \lambda) y_s

    where :math:`M` is 1 on a box of area share :math:`1 - \lambda`,
    :math:`\lambda \sim \mathrm{Beta}(\alpha, \alpha)`, with half sides
    :math:`\lfloor H\sqrt{1-\lambda}\rfloor // 2` and
    :math:`\lfloor W\sqrt{1-\lambda}\rfloor // 2` around :math:`(i, j)`, clipped to
    the image, :math:`M' = 1 - M`, and :math:`\lambda` recomputed from the clipped
    box. The box cuts the same region out of the source and pastes it at the same
    place in the target :math:`I_t` (the sample itself), so labels go by area.

    The defaults are the reference's choices (the authors' code and OpenMixup, the
    runs behind the AutoMix and SMMix tables): OpenCV's fine-grained static saliency
    and ``mode='batch'``, one :math:`\lambda` and one box for the whole batch, at
    the saliency peak of sample 0's partner. The other modes (see
    :class:`PairMix`): ``'elem'``, a :math:`\lambda` per sample and a box at each
    sample's own partner's peak (the paper's per-image description); ``'pair'``, a
    :math:`\lambda` per pair of samples and one box, at the peak of one of the two
    (``sources[k]``), whose pixels the two swap. ``per_image``, the former switch,
    still works: ``False`` is ``mode='batch'``, ``True`` is ``mode='elem'`` (which
    now also draws :math:`\lambda` per sample).

    Saliency models (``saliency``): ``'fine_grained'`` (default; Montabone & Soto's,
    the detector of OpenCV's ``StaticSaliencyFineGrained`` that the references call,
    see :func:`fine_grained_saliency`) or ``'spectral_residual'`` (Hou & Zhang's, as
    OpenCV's ``StaticSaliencySpectralResidual`` computes it, see
    :func:`spectral_residual_saliency`). Both run batched on the inputs' device
    under ``torch.no_grad``; the mix itself keeps gradients (it also works on
    feature maps). The references' peaks cannot be reproduced exactly (they hand
    OpenCV a normalised float tensor): see the documentation's box mixes page.

    :attr:`last_step` keeps ``lam`` and ``index`` (the permutation), plus
    ``box=(x1, y1, x2, y2)`` (x along the width, ends exclusive) and a float
    ``lam`` in batch mode, or ``boxes`` (``(N, 4)``) and an ``(N,)`` ``lam``
    otherwise; ``None`` when the batch was not mixed.

    In place, as every mmrecmix image mix: ``__call__`` writes the mix into the
    caller's ``inputs`` tensor and returns it, with new float scores.

    Args:
        alpha (float): Beta distribution parameter, > 0. Defaults to 1.0 (the
            paper's).
        per_image (bool, optional): Former switch for ``mode`` (see above); give
            one of the two. Defaults to None.
        prob (float): Probability of mixing a batch (a sample or pair in the
            per-sample modes), in [0, 1]. Defaults to 1.0.
        saliency (str): ``'fine_grained'`` or ``'spectral_residual'``.
            Defaults to 'fine_grained'.
        mode (str, optional): ``'batch'``, ``'pair'`` or ``'elem'``.
            Defaults to 'batch'.
    """

    def __init__(self, alpha: float = 1.0, per_image: Optional[bool] = None,
                 prob: float = 1.0, saliency: str = 'fine_grained',
                 mode: Optional[str] = None):
        super().__init__(prob, per_image_mode(per_image, mode))
        check_range('SaliencyMix', 'alpha', alpha, 0, low_open=True)
        if saliency not in SALIENCY_DETECTORS:
            raise ValueError(f'SaliencyMix saliency must be one of '
                             f'{tuple(SALIENCY_DETECTORS)}, got {saliency!r}.')
        self.alpha = alpha
        self.saliency = saliency

    def peaks(self, images: torch.Tensor) -> torch.Tensor:
        """``(N, 2)`` (row, column) saliency peak of each image."""
        with torch.no_grad():
            return saliency_peaks(SALIENCY_DETECTORS[self.saliency](images))

    def mix(self, inputs: torch.Tensor,
            scores: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        """Paste one box around the saliency peak of sample 0's partner; labels by
        area."""
        height, width = inputs.shape[-2:]
        lam = np.random.beta(self.alpha, self.alpha)
        index = torch.randperm(inputs.size(0), device=inputs.device)
        half_h, half_w = box_half_sides(height, width, 1 - lam)
        row, col = self.peaks(inputs[index[:1]])[0].tolist()
        y1, y2 = max(row - half_h, 0), min(row + half_h, height)
        x1, x2 = max(col - half_w, 0), min(col + half_w, width)
        lam = 1 - (y2 - y1) * (x2 - x1) / (height * width)
        self.last_step = dict(box=(x1, y1, x2, y2), lam=lam, index=index)
        inputs[..., y1:y2, x1:x2] = inputs[index, :, y1:y2, x1:x2]
        return inputs, lam * scores + (1 - lam) * scores[index]

    def sample_draws(self, inputs: torch.Tensor,
                     sources: torch.Tensor) -> Tuple[np.ndarray, np.ndarray]:
        """A ratio per draw and a box around the saliency peak of its source;
        returns ``(lam, boxes)``, ``lam`` recomputed from the clipped boxes."""
        height, width = inputs.shape[-2:]
        lam = np.random.beta(self.alpha, self.alpha, size=len(sources))
        half_h, half_w = box_half_sides_of(height, width, 1 - lam)
        rows, cols = self.peaks(inputs[sources]).cpu().numpy().T
        boxes, shares = clip_boxes(rows, cols, half_h, half_w, height, width)
        return 1 - shares, boxes

    def paste(self, inputs: torch.Tensor, index: torch.Tensor, lam: torch.Tensor,
              boxes: torch.Tensor) -> None:
        """Paste each partner's box into each sample."""
        paste_boxes_(inputs, inputs[index], boxes)
