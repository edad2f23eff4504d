"""FMix: masks thresholded from random low-frequency images (Harris et al., 2020)."""
import math
from typing import Tuple

import numpy as np
import torch

from mmrecmix.registry import BATCH_AUGMENTS
from mmrecmix.utils.validation import check_range
from .base import PairMix


def fourier_frequencies(height: int, width: int, device=None) -> torch.Tensor:
    r"""Radial frequency of each bin of a real 2-D FFT of a ``height x width`` image.

    :math:`f_{ij} = \sqrt{f_y(i)^2 + f_x(j)^2}` in cycles per pixel, with
    :math:`f_y` the full FFT frequencies of the height axis and :math:`f_x` the
    one-sided (``rfft``) frequencies of the width axis, so each axis is measured on
    its own length and ``H != W`` needs no padding.

    Returns:
        Tensor: ``(height, width // 2 + 1)`` frequencies.
    """
    fy = torch.fft.fftfreq(height, device=device)
    fx = torch.fft.rfftfreq(width, device=device)
    return torch.sqrt(fy[:, None] ** 2 + fx[None, :] ** 2)


def low_frequency_image(height: int, width: int, decay_power: float,
                        device=None, batch: Tuple[int, ...] = ()) -> torch.Tensor:
    r"""A random grey image whose spectrum decays as :math:`1/f^\delta`.

    .. math::
        g = \Re\, \mathcal{F}^{-1}\Big[\frac{Z}{\max(f, 1/\max(H, W))^{\delta}}\Big],
        \qquad Z_{ij} \sim \mathcal{N}(0, 1) + i\,\mathcal{N}(0, 1)

    The floor :math:`1/\max(H, W)` (the lowest non-zero frequency of the longer
    axis) keeps the zero-frequency weight finite. Drawn with torch's RNG on
    ``device``; ``batch`` draws that many images at once (one batched FFT).

    Returns:
        Tensor: ``(*batch, height, width)`` float images.
    """
    freqs = fourier_frequencies(height, width, device)
    weight = freqs.clamp(min=1.0 / max(height, width)).pow(-decay_power)
    real, imag = torch.randn(2, *batch, *freqs.shape, device=device)
    return torch.fft.irfft2(torch.complex(real, imag) * weight, s=(height, width))


def reference_low_frequency_image(height: int, width: int, decay_power: float,
                                  batch: Tuple[int, ...] = ()) -> torch.Tensor:
    r"""The grey image of the FMix reference code, drawn with NumPy's global RNG.

    The reference (``make_low_freq_image`` of ``ecs-vlc/FMix``, copied by OpenMixup)
    weights Gaussian noise :math:`Z` of shape ``(1, H, K, 2)``, with :math:`K` the
    reference's bin count along the width (``W // 2 + 1``, one more for odd
    :math:`W`), by :math:`w_{yk} = \max(f_{yk}, 1/\max(H, W))^{-\delta}`, but then
    takes its real part from the first height row and its imaginary part from the
    second, and hands the result to a 2-D inverse real FFT:

    .. math::
        S_{kc} = w_{0k} Z_{0kc} + i\, w_{1k} Z_{1kc}, \qquad
        g = \mathrm{irfft2}(S, (H, W)), \qquad
        \hat g = \frac{g - \min g}{\max (g - \min g)}

    The length-2 axis :math:`c` becomes the width axis, so :math:`g` holds only the
    width frequencies 0 and :math:`1/W`; the :math:`K` entries of :math:`k`, cut or
    zero-padded to :math:`H`, become the height frequencies. Each row is thus
    :math:`a + b \cos(2\pi x / W + \varphi)`, and any threshold leaves one circular
    run of ones in it. The draw and the arithmetic are the reference's, in float64;
    ``batch`` draws that many images as that many calls would, at once.

    Returns:
        Tensor: ``(*batch, height, width)`` float64 images on the CPU, each scaled
        to [0, 1].
    """
    if height < 2:
        raise ValueError('The reference FMix spectrum needs a height of at least 2, '
                         f'got {height}.')
    num_bins = width // 2 + 1 + width % 2
    freq_y = np.fft.fftfreq(height)[:2, None]
    freq_x = np.fft.fftfreq(width)[:num_bins]
    radial = np.sqrt(freq_x * freq_x + freq_y * freq_y)
    weight = 1.0 / np.maximum(radial, 1.0 / max(height, width)) ** decay_power
    # Only the first two of the H rows drawn reach the image.
    noise = np.random.randn(*batch, height, num_bins, 2)[..., :2, :, :]
    weighted = weight[..., None] * noise
    grey = np.fft.irfftn(weighted[..., 0, :, :] + 1j * weighted[..., 1, :, :],
                         (height, width), axes=(-2, -1))
    grey = grey - grey.min((-2, -1), keepdims=True)
    return torch.from_numpy(grey / grey.max((-2, -1), keepdims=True))


def kept_pixel_count(lam: float, num_pixels: int) -> int:
    """``lam * num_pixels`` rounded up or down with probability 1/2 each (the
    reference's rule), so it is off by less than one pixel. The coin is NumPy's
    global RNG (the reference uses Python's ``random``)."""
    share = lam * num_pixels
    return math.ceil(share) if np.random.rand() < 0.5 else math.floor(share)


def binarise_mask(grey: torch.Tensor, num_kept: int,
                  num_soft: int = 0) -> torch.Tensor:
    """Threshold ``grey`` so its ``num_kept`` highest pixels are 1, the rest 0.

    With ``num_soft > 0`` the hard step is replaced by a linear ramp from 1 to 0 over
    the ``2 * num_soft`` pixels ranked around the threshold (the ``num_soft`` just
    above and just below it), which keeps the mask's sum at ``num_kept``.

    Args:
        grey (Tensor): ``(H, W)`` image to threshold.
        num_kept (int): Pixels set to 1, in ``[num_soft, H * W - num_soft]``.
        num_soft (int): Half-width of the ramp, in pixels.

    Returns:
        Tensor: ``(H, W)`` mask, same dtype and device as ``grey``.
    """
    num_pixels = grey.numel()
    options = dict(dtype=grey.dtype, device=grey.device)
    # Mask value for each rank of the grey level, highest first.
    by_rank = torch.cat([
        torch.ones(num_kept - num_soft, **options),
        torch.linspace(1, 0, 2 * num_soft, **options),
        torch.zeros(num_pixels - num_kept - num_soft, **options)])
    order = grey.flatten().argsort(descending=True)
    return torch.empty_like(by_rank).scatter_(0, order, by_rank).view_as(grey)


def binarise_masks(grey: torch.Tensor, num_kept: np.ndarray,
                   num_soft: np.ndarray) -> torch.Tensor:
    """:func:`binarise_mask` for ``(K, H, W)`` images at once, each with its own
    ``num_kept`` and ``num_soft`` (``(K,)`` arrays); the ramp is
    ``1 - j / (2 num_soft - 1)`` over its ``2 num_soft`` ranks ``j``."""
    flat = grey.flatten(1)
    rank = torch.arange(flat.size(1), device=grey.device, dtype=grey.dtype)
    kept = torch.as_tensor(num_kept, device=grey.device)[:, None]
    soft = torch.as_tensor(num_soft, device=grey.device)[:, None]
    ramp = 1 - (rank - (kept - soft)) / (2 * soft - 1).clamp(min=1)
    by_rank = torch.where(rank < kept - soft, 1.0,
                          torch.where(rank < kept + soft, ramp, 0.0)).to(grey.dtype)
    order = flat.argsort(dim=1, descending=True)
    return torch.empty_like(by_rank).scatter_(1, order, by_rank).view_as(grey)


def check_dims(inputs: torch.Tensor) -> None:
    """FMix masks span the last two axes: a ``ValueError`` below 3 dimensions."""
    if inputs.dim() < 3:
        raise ValueError('FMix inputs must have at least 3 dimensions '
                         f'(N, ..., H, W), got shape {tuple(inputs.shape)}.')


@BATCH_AUGMENTS.register_module()
class FMix(PairMix):
    r"""FMix (Harris et al., arXiv 2002.12047), registered as ``mmrecmix.FMix``.

    A mixing mask shaped like the level sets of a random low-frequency image, in
    place of CutMix's box. With :math:`\lambda \sim \mathrm{Beta}(\alpha, \alpha)`:

    .. math::
        g = \Re\, \mathcal{F}^{-1}\Big[\frac{Z}{\max(f, 1/\max(H, W))^{\delta}}\Big],
        \quad M_{ij} = [\,g_{ij} \text{ is among the } \mathrm{round}(\lambda H W)
        \text{ highest of } g\,]

    .. math::
        \tilde x = M \odot x_A + (1 - M) \odot x_B, \qquad
        \tilde y = \lambda' y_A + (1 - \lambda') y_B, \qquad
        \lambda' = \tfrac{1}{HW}\textstyle\sum_{ij} M_{ij}

    where :math:`Z` is complex Gaussian noise over the bins of a real 2-D FFT,
    :math:`f` each bin's frequency (:func:`fourier_frequencies`), :math:`\delta`
    the decay power, and :math:`B` a random permutation of the batch. The rounding
    goes up or down with probability 1/2 each, so :math:`|\lambda' - \lambda| < 1 /
    (HW)`. With ``max_soft = s > 0`` the :math:`\lfloor HW \min(s, \lambda, 1 -
    \lambda) \rfloor` pixels on each side of the threshold get a linear ramp from 1
    to 0 instead of the hard step; :math:`\lambda'` is unchanged by it.

    Height and width come from the input, each axis with its own frequencies, so
    non-square images work. In ``mode='batch'`` one mask is drawn per batch and
    shared by all images; ``mode='elem'`` draws a :math:`\lambda` and a mask per
    sample, ``mode='pair'`` one per pair of samples, who swap the pixels under it
    (see :class:`PairMix`): all masks come from one batched FFT and sort, and
    :attr:`last_step` holds an ``(N,)`` ``lam`` and the ``(N, H, W)`` kept ``mask``.
    The paper's spectrum, the FFT and the permutation run on the inputs' device with
    torch's RNG; :math:`\lambda`, the rounding coin and the ``prob`` coin use NumPy's
    global RNG on the host, as :class:`mmrecmix.CutMix` does.

    Follows the reference (``ecs-vlc/FMix``) except that by default it draws the
    full 2-D spectrum the paper describes and labels by the mask's share;
    ``spectrum='reference'`` draws the reference's grey image instead
    (:func:`reference_low_frequency_image`: only the width frequencies 0 and 1/W,
    so each mask row is one circular run), with NumPy's RNG on the host, as the
    AutoMix and SMMix tables' FMix rows were trained. The documentation's box mixes
    page gives the details and the tables' settings.

    In place, as every mmrecmix image mix: ``__call__`` writes the mix into the
    caller's ``inputs`` tensor and returns it, with new float scores.

    Args:
        alpha (float): Beta distribution parameter, > 0. Defaults to 1.0.
        decay_power (float): Spectral decay :math:`\delta`, >= 0; larger values give
            smoother, blobbier masks, 0 gives unstructured pixel noise.
            Defaults to 3.0.
        max_soft (float): Largest softening share of the mask edge, in [0, 0.5].
            Defaults to 0.0 (binary masks).
        prob (float): Probability of mixing a batch (a sample or pair in the
            per-sample modes), in [0, 1]. Defaults to 1.0.
        spectrum (str): ``'paper'`` for the full 2-D spectrum, ``'reference'`` for
            the reference code's grey image. Defaults to ``'paper'``.
        mode (str): ``'batch'``, ``'pair'`` or ``'elem'``. Defaults to 'batch'.
    """

    spectra = ('paper', 'reference')
    region_key = 'mask'
    null_region = 1.0

    def __init__(self, alpha: float = 1.0, decay_power: float = 3.0,
                 max_soft: float = 0.0, prob: float = 1.0, spectrum: str = 'paper',
                 mode: str = 'batch'):
        super().__init__(prob, mode)
        check_range('FMix', 'alpha', alpha, 0, math.inf, low_open=True,
                    high_open=True)
        check_range('FMix', 'decay_power', decay_power, 0, math.inf, high_open=True)
        check_range('FMix', 'max_soft', max_soft, 0, 0.5)
        if spectrum not in self.spectra:
            raise ValueError(f'FMix spectrum must be one of {self.spectra}, '
                             f'got {spectrum!r}.')
        self.alpha = float(alpha)
        self.decay_power = float(decay_power)
        self.max_soft = float(max_soft)
        self.spectrum = spectrum

    def sample_mask(self, height: int, width: int,
                    device=None) -> Tuple[torch.Tensor, float]:
        """Draw ``lam`` and a ``(height, width)`` mask with that share of ones.

        Returns:
            tuple: ``(mask, share)``: the float mask (1 where the original image
            is kept) and its mean, the ``lam`` the labels use.
        """
        lam = np.random.beta(self.alpha, self.alpha)
        if self.spectrum == 'paper':
            grey = low_frequency_image(height, width, self.decay_power, device)
        else:
            grey = reference_low_frequency_image(height, width, self.decay_power)
        num_pixels = height * width
        num_kept = kept_pixel_count(lam, num_pixels)
        # The cap only matters when float rounding puts the product one pixel
        # past the mask's room on either side of the threshold.
        num_soft = min(int(num_pixels * min(self.max_soft, lam, 1 - lam)),
                       num_kept, num_pixels - num_kept)
        mask = binarise_mask(grey, num_kept, num_soft)
        # The reference image is ranked in float64, so near ties keep its order.
        return mask.to(device, torch.get_default_dtype()), num_kept / num_pixels

    def mix(self, inputs: torch.Tensor,
            scores: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        """Mix a batch with a permutation of itself through one shared mask that
        spans the last two axes of ``(N, ..., H, W)`` inputs, in place."""
        check_dims(inputs)
        mask, lam = self.sample_mask(*inputs.shape[-2:], device=inputs.device)
        index = torch.randperm(inputs.size(0), device=inputs.device)
        self.last_step = dict(lam=lam, index=index, mask=mask)
        self.paste(inputs, index, None, mask.expand(inputs.size(0), -1, -1))
        return inputs, lam * scores + (1 - lam) * scores[index]

    def sample_draws(self, inputs: torch.Tensor,
                     sources: torch.Tensor) -> Tuple[np.ndarray, torch.Tensor]:
        """``(lam, masks)``: :meth:`sample_mask` for each draw, batched (the ratios,
        the grey images, then the rounding coins)."""
        check_dims(inputs)
        (height, width), num = inputs.shape[-2:], len(sources)
        lam = np.random.beta(self.alpha, self.alpha, size=num)
        if self.spectrum == 'paper':
            grey = low_frequency_image(height, width, self.decay_power, inputs.device,
                                       batch=(num, ))
        else:
            grey = reference_low_frequency_image(height, width, self.decay_power,
                                                 batch=(num, ))
        num_pixels = height * width
        share = lam * num_pixels
        num_kept = np.where(np.random.rand(num) < 0.5, np.ceil(share),
                            np.floor(share)).astype(np.int64)
        num_soft = np.minimum.reduce([
            (num_pixels * np.minimum(self.max_soft, np.minimum(lam, 1 - lam))
             ).astype(np.int64), num_kept, num_pixels - num_kept])
        masks = binarise_masks(grey, num_kept, num_soft)
        return num_kept / num_pixels, masks.to(inputs.device, torch.get_default_dtype())

    def paste(self, inputs: torch.Tensor, index: torch.Tensor, lam,
              masks: torch.Tensor) -> None:
        """Blend each sample with its partner through its ``(H, W)`` kept mask."""
        shape = (inputs.size(0), *[1] * (inputs.dim() - 3), *inputs.shape[-2:])
        # lerp is exact where its weight is 0 or 1 (the mask is 1 or 0).
        inputs.lerp_(inputs[index], (1 - masks).reshape(shape).to(inputs.dtype))
