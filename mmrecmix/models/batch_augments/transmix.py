"""TransMix's input mix: CutMix or Mixup per batch (or per sample), reported as a
guided-mix step so that :class:`mmrecmix.ClassAttentionRelabel` can re-weight the labels
afterwards."""
from typing import Optional, Tuple

import numpy as np
import torch

from mmrecmix.registry import BATCH_AUGMENTS
from mmrecmix.utils.validation import check_range
from .base import check_batch, check_mode
from .box import box_masks
from .cutmix import CutMix
from .guided_step import GuidedMixStep


@BATCH_AUGMENTS.register_module()
class TransMix:
    r"""The input side of TransMix (Chen et al., CVPR 2022): per batch, with
    probability ``switch_prob`` CutMix, otherwise Mixup, each sample paired with the
    reversed batch (sample ``b`` takes content of sample ``N-1-b``):

    .. math::
        \text{CutMix: } \tilde x = (1 - M) \odot x_b + M \odot x_{N-1-b},
        \quad \lambda = 1 - \frac{|M|}{HW}; \qquad
        \text{Mixup: } \tilde x = \lambda x_b + (1 - \lambda) x_{N-1-b}

    with :math:`\lambda \sim \mathrm{Beta}(\alpha, \alpha)` (``cutmix_alpha`` /
    ``mixup_alpha``), the CutMix box drawn by :meth:`mmrecmix.CutMix.sample_box`
    (uniform centre, clipped to the image, :math:`\lambda` recomputed from the
    clipped box: timm's ``correct_lam``) and the label
    :math:`\tilde y = \lambda y_b + (1 - \lambda) y_{N-1-b}`. A CutMix step reports
    its pixel ``boxes``; TransMix's label weight is then recomputed after the mixed
    forward from the class token's attention by
    ``relabel=dict(type='mmrecmix.ClassAttentionRelabel')`` of
    :class:`mmrecmix.GuidedMixClassifier`. A Mixup step reports no boxes and keeps
    its :math:`\lambda` (as in the reference, which relabels CutMix batches only).

    Defaults and the reversed-batch pairing are the authors' (Beckschen/TransMix
    ``configs/deit_s_transmix.yaml`` on timm).

    ``mode='elem'`` (timm's per-sample mode, the same reversed pairing) makes every
    choice per sample: sample ``b`` is mixed with probability ``prob``, by CutMix
    (its own box) with probability ``switch_prob``, else by Mixup (its own
    :math:`\lambda`); the step's ``lam`` is then ``(N,)`` and its ``boxes`` are
    empty for the Mixup and unmixed samples, which the relabel leaves as they are.

    Args:
        mixup_alpha (float): Beta parameter of Mixup, > 0. Defaults to 0.8.
        cutmix_alpha (float): Beta parameter of CutMix, > 0. Defaults to 1.0.
        switch_prob (float): Probability that a mixed batch gets CutMix rather than
            Mixup, in [0, 1]. Defaults to 0.8.
        prob (float): Probability of mixing a batch (a sample in ``'elem'`` mode)
            at all, in [0, 1]. Defaults to 1.0.
        mode (str): ``'batch'`` (one choice and one draw for the batch, the
            reference) or ``'elem'`` (per sample). Defaults to 'batch'.
    """

    def __init__(self, mixup_alpha: float = 0.8, cutmix_alpha: float = 1.0,
                 switch_prob: float = 0.8, prob: float = 1.0, mode: str = 'batch'):
        name = type(self).__name__
        check_mode(name, mode)
        if mode == 'pair':
            raise ValueError("TransMix: mode must be 'batch' or 'elem' (its partners "
                             "are the reversed batch, so there are no pairs to draw "
                             "for), got 'pair'.")
        check_range(name, 'mixup_alpha', mixup_alpha, 0, low_open=True)
        check_range(name, 'cutmix_alpha', cutmix_alpha, 0, low_open=True)
        check_range(name, 'switch_prob', switch_prob, 0, 1)
        check_range(name, 'prob', prob, 0, 1)
        self.mixup_alpha = mixup_alpha
        self.switch_prob = switch_prob
        self.prob = prob
        self.mode = mode
        self.cutmix = CutMix(alpha=cutmix_alpha)

    def __call__(self, inputs: torch.Tensor, targets: torch.Tensor,
                 score: Optional[torch.Tensor] = None
                 ) -> Tuple[torch.Tensor, torch.Tensor, GuidedMixStep]:
        """Mix a batch.

        Args:
            inputs (Tensor): ``(N, C, H, W)`` images, mixed in place.
            targets (Tensor): ``(N, num_classes)`` float labels (one-hot or soft).
            score (Tensor, optional): Unused: the input mix needs no guide.

        Returns:
            tuple: The mixed inputs (the caller's ``inputs`` tensor, mixed in place:
            the in-place rule of every mmrecmix batch augment), mixed labels and
            the :class:`GuidedMixStep`.
        """
        if inputs.dim() != 4:
            raise ValueError('TransMix: inputs must be (N, C, H, W) images, got shape '
                             f'{tuple(inputs.shape)}.')
        check_batch('TransMix', inputs, targets)
        source_index = torch.arange(inputs.size(0) - 1, -1, -1, device=inputs.device)
        if self.mode == 'elem':
            step = self.per_sample_step(inputs, source_index)
        elif self.prob < 1 and np.random.rand() >= self.prob:
            step = GuidedMixStep(lam=1.0, source_index=source_index)
        elif np.random.rand() < self.switch_prob:
            step = self.cutmix_step(inputs, source_index)
        else:
            step = self.mixup_step(inputs, source_index)
        return inputs, step.mix_targets(targets), step

    def cutmix_step(self, inputs: torch.Tensor,
                    source_index: torch.Tensor) -> GuidedMixStep:
        """Paste the source's box into each image (in place)."""
        (x1, y1, x2, y2), lam = self.cutmix.sample_box(*inputs.shape[-2:])
        inputs[..., y1:y2, x1:x2] = inputs[source_index, :, y1:y2, x1:x2]
        boxes = torch.tensor([x1, y1, x2, y2], device=inputs.device).repeat(
            inputs.size(0), 1)
        return GuidedMixStep(lam=float(lam), source_index=source_index, boxes=boxes)

    def mixup_step(self, inputs: torch.Tensor,
                   source_index: torch.Tensor) -> GuidedMixStep:
        """Blend each image with its source (in place)."""
        lam = float(np.random.beta(self.mixup_alpha, self.mixup_alpha))
        partner = inputs[source_index]
        inputs.mul_(lam).add_(partner, alpha=1 - lam)
        return GuidedMixStep(lam=lam, source_index=source_index)

    def per_sample_step(self, inputs: torch.Tensor,
                        source_index: torch.Tensor) -> GuidedMixStep:
        """Mix each sample by its own coin, choice and draw (in place): NumPy's RNG
        draws the mix coins, the CutMix choices, the boxes, then the Mixup ratios."""
        batch_size, device = inputs.size(0), inputs.device
        mixed = np.random.rand(batch_size) < self.prob
        pasted = mixed & (np.random.rand(batch_size) < self.switch_prob)
        boxes, box_lam = self.cutmix.sample_boxes(*inputs.shape[-2:], batch_size)
        blend_lam = np.random.beta(self.mixup_alpha, self.mixup_alpha, size=batch_size)
        lam = np.where(pasted, box_lam, np.where(mixed, blend_lam, 1.0))
        boxes = torch.as_tensor(np.where(pasted[:, None], boxes, 0), device=device)
        # One pass for both kinds: each pixel moves towards the partner by 1 inside a
        # pasted box, by 1 - lam in a blended sample, by 0 elsewhere (lerp is exact
        # at 0 and 1).
        blend_share = torch.as_tensor(np.where(pasted, 0.0, 1.0 - lam), device=device,
                                      dtype=inputs.dtype)
        towards_partner = box_masks(boxes, *inputs.shape[-2:]).to(inputs.dtype)
        towards_partner = towards_partner + blend_share.view(-1, 1, 1, 1)
        inputs.lerp_(inputs[source_index], towards_partner)
        return GuidedMixStep(lam=torch.as_tensor(lam, device=device),
                             source_index=source_index, boxes=boxes)
