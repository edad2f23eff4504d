"""RecursiveMix: paste the previous iteration's mixed batch, resized, into this one."""
from dataclasses import dataclass
from typing import Optional, Tuple

import numpy as np
import torch
from mmengine.logging import MessageHub

from mmrecmix.registry import BATCH_AUGMENTS
from .base import check_batch
from .box import history_rows, sample_clipped_box

# Resize straight into the pasted region (a view of the batch): the same kernels as
# F.interpolate(mode=..., align_corners=False), without a temporary and a second copy.
RESIZE_INTO = {
    'nearest': lambda source, size, out: torch.ops.aten.upsample_nearest2d.out(
        source, size, out=out),
    'bilinear': lambda source, size, out: torch.ops.aten.upsample_bilinear2d.out(
        source, size, False, out=out),
}


@dataclass
class RecursiveMixStep:
    """What one RecursiveMix call did, for a consistency module to use.

    Attributes:
        box (tuple): ``(x1, y1, x2, y2)`` of the pasted region in input pixels
            (x along the width, y along the height, end-exclusive).
        lam (float): Area share of the pasted history, ``box area / (H * W)``.
        history_logits (Tensor, optional): The main head's logits on the history
            images (the batch whose rows were pasted), row ``i`` for sample ``i``
            (detached); ``None`` if nobody handed that batch's logits to
            :meth:`RecursiveMix.remember_logits`.
    """
    box: Tuple[int, int, int, int]
    lam: float
    history_logits: Optional[torch.Tensor] = None


@BATCH_AUGMENTS.register_module()
class RecursiveMix:
    r"""RecursiveMix (Yang et al., NeurIPS 2022, Eq. 1-2).

    At iteration :math:`t` the previous iteration's *mixed* batch :math:`x_h` (with its
    mixed labels :math:`y_h`) is resized into a box :math:`B` and pasted:

    .. math::
        \tilde x_t = M \odot \mathrm{ResizeFill}(x_h, M) + (1 - M) \odot x_t, \quad
        \tilde y_t = \lambda_t y_h + (1 - \lambda_t) y_t, \quad
        (x_h, y_h) \leftarrow (\tilde x_t, \tilde y_t)

    with :math:`\lambda \sim U(0, \alpha)`, box side ratio :math:`\sqrt\lambda`, a
    uniform centre and clipping to the image (the CutMix rule), and :math:`\lambda_t`
    recomputed as the clipped box's area share. One box serves the whole batch and
    sample ``i`` receives history sample ``i``. Because the history is itself mixed,
    labels become recursive: after ``k`` steps an image holds up to ``k + 1`` classes.
    The box is sampled on the host (NumPy's global RNG, which mmengine seeds).

    The history is emptied at each epoch start (``reset_each_epoch``) and/or every
    ``reset_interval`` iterations; an empty history means no mixing in that step. A
    batch smaller than the history uses its first rows, a larger one cycles through
    it (row ``i mod len(history)``), and a step on which this augment does not run
    (another augment of ``RandomBatchAugment``) leaves the history as it is.

    Follows the authors' code (implus/RecursiveMix-pytorch); the documentation's
    RecursiveMix page covers the history's life cycle and the tables.

    Args:
        alpha (float): Upper bound of :math:`\lambda \sim U(0, \alpha)`, in (0, 1].
            Defaults to 0.5 (the paper's setting on CIFAR and ImageNet).
        interpolation (str): ``'nearest'`` (the paper's default) or ``'bilinear'``.
        reset_each_epoch (bool): Empty the history at each epoch start.
        reset_interval (int, optional): Also empty it every this many iterations.
    """

    INTERPOLATIONS = tuple(RESIZE_INTO)

    def __init__(self, alpha: float = 0.5, interpolation: str = 'nearest',
                 reset_each_epoch: bool = True,
                 reset_interval: Optional[int] = None):
        if not 0 < alpha <= 1:
            raise ValueError(f'RecursiveMix alpha must be in (0, 1], got {alpha}.')
        if interpolation not in self.INTERPOLATIONS:
            raise ValueError(f'RecursiveMix interpolation must be one of '
                             f'{self.INTERPOLATIONS}, got {interpolation!r}.')
        if reset_interval is not None and reset_interval < 1:
            raise ValueError('RecursiveMix reset_interval must be a positive '
                             f'number of iterations or None, got {reset_interval}.')
        self.alpha = alpha
        self.interpolation = interpolation
        self.reset_each_epoch = reset_each_epoch
        self.reset_interval = reset_interval
        self.history_inputs: Optional[torch.Tensor] = None
        self.history_scores: Optional[torch.Tensor] = None
        self.history_logits: Optional[torch.Tensor] = None
        self.last_step: Optional[RecursiveMixStep] = None
        self.awaiting_logits = False  # the history batch has no logits yet
        self._epoch = self._window = None

    def reset(self) -> None:
        """Forget the history: the next call mixes nothing."""
        self.history_inputs = self.history_scores = self.history_logits = None
        self.awaiting_logits = False

    def sample_box(self, height: int, width: int) -> Tuple[tuple, float]:
        """Draw :math:`\\lambda \\sim U(0, \\alpha)` and the clipped box for it.

        Returns:
            tuple: ``((x1, y1, x2, y2), lam)`` with ``lam`` the clipped box's area share.
        """
        return sample_clipped_box(height, width, np.random.uniform(0, self.alpha))

    def remember_logits(self, logits: torch.Tensor) -> bool:
        """Keep the main head's logits on the batch of this augment's latest call
        (Eq. 3) as the history prediction of the next paste.

        Only the first logits after a call are kept: on a step this augment did not
        run on (``RandomBatchAugment`` drew another augment, or none), the logits
        belong to a batch that is not the history and are ignored.

        Returns:
            bool: Whether the logits were kept.
        """
        if not self.awaiting_logits:
            return False
        if logits.size(0) != self.history_inputs.size(0):
            raise ValueError(
                f'RecursiveMix.remember_logits: got logits for {logits.size(0)} '
                f'samples, but the history batch has {self.history_inputs.size(0)}; '
                'pass the logits of the batch RecursiveMix returned.')
        self.history_logits = logits.detach()
        self.awaiting_logits = False
        return True

    def __call__(self, inputs: torch.Tensor,
                 scores: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        """Mix a batch with the history and make it the new history.

        Args:
            inputs (Tensor): ``(N, C, H, W)`` images; the paste is written in place.
            scores (Tensor): ``(N, num_classes)`` labels, one-hot or soft.

        Returns:
            tuple: The mixed inputs (the caller's ``inputs`` tensor, mixed in
            place) and the mixed scores (a new float tensor).
        """
        check_batch('RecursiveMix', inputs, scores)
        scores = scores.float()
        self._reset_if_due()
        self.last_step = None
        if self.history_inputs is not None:
            inputs, scores = self._mix(inputs, scores)
        self.history_inputs, self.history_scores = inputs.detach(), scores.detach()
        self.history_logits = None  # until remember_logits() gets this batch's
        self.awaiting_logits = True
        return inputs, scores

    def take_last_step(self) -> Optional[RecursiveMixStep]:
        """The mix of the latest call, once: ``None`` if there was no history (or the
        augment was not called since the last take)."""
        step, self.last_step = self.last_step, None
        return step

    def _mix(self, inputs, scores):
        height, width = inputs.shape[-2:]
        (x1, y1, x2, y2), lam = self.sample_box(height, width)
        rows = history_rows(inputs.size(0), self.history_inputs.size(0),
                            inputs.device)
        logits = self.history_logits
        self.last_step = RecursiveMixStep(
            box=(x1, y1, x2, y2), lam=lam,
            history_logits=None if logits is None else logits[rows])
        if lam == 0:
            return inputs, scores
        RESIZE_INTO[self.interpolation](self.history_inputs[rows],
                                        [y2 - y1, x2 - x1],
                                        inputs[..., y1:y2, x1:x2])
        scores = lam * self.history_scores[rows] + (1 - lam) * scores
        return inputs, scores

    def _reset_if_due(self):
        """Reset when an epoch or a ``reset_interval`` window began since the last
        call (not only on its first iteration: under ``RandomBatchAugment`` this
        augment may not run on that one)."""
        hub = MessageHub.get_current_instance()
        epoch, iteration = hub.get_info('epoch'), hub.get_info('iter')
        new_epoch = epoch is not None and epoch != self._epoch
        self._epoch = epoch
        window = (iteration // self.reset_interval
                  if self.reset_interval is not None and iteration is not None else None)
        new_window = window is not None and window != self._window
        self._window = window
        if (self.reset_each_epoch and new_epoch) or new_window:
            self.reset()
