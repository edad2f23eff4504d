"""What a guided mix reports about one step, for the classifier's losses and tools."""
from dataclasses import dataclass
from typing import Optional, Union

import torch


@dataclass
class GuidedMixStep:
    """One step of a mix driven by :class:`mmrecmix.GuidedMixClassifier`.

    Sample ``b`` of the mixed batch is sample ``b`` (the target) with content of
    sample ``source_index[b]`` (the source); its label is
    ``lam * y_b + (1 - lam) * y_source``.

    Attributes:
        lam (float | Tensor): Share of the target in the label: one float for the
            batch, or ``(N,)`` per sample (PuzzleMix's mask shares, TransMix's
            attention shares).
        source_index (Tensor): ``(N,)`` source of each sample.
        token_mask (Tensor, optional): ``(N, h, w)`` True on the model's tokens
            pasted from the source (SMMix's window); read by the token losses.
        boxes (Tensor, optional): ``(N, 4)`` ``(x1, y1, x2, y2)`` pixel boxes of
            the pasted regions.
        source_share (Tensor, optional): ``(N, H, W)`` share of the source in each
            mixed pixel, for mixes whose region is not one box (PuzzleMix,
            AttentiveMix).
        input_shares (Tensor, optional): ``(N, N)`` share of input ``j`` in the
            label of output ``i``, for a mix of any number of inputs per output
            (Co-Mixup); when given, :meth:`mix_targets` is ``input_shares @ v``, and
            ``lam`` (input ``b``'s share of output ``b``), ``source_index`` (the
            other input with the largest share) and ``source_share`` (the share
            of the inputs other than ``b`` at each pixel) only summarise it.
    """
    lam: Union[float, torch.Tensor]
    source_index: torch.Tensor
    token_mask: Optional[torch.Tensor] = None
    boxes: Optional[torch.Tensor] = None
    source_share: Optional[torch.Tensor] = None
    input_shares: Optional[torch.Tensor] = None

    def pasted_a_box(self) -> torch.Tensor:
        """``(N,)`` True where sample ``b`` got a non-empty box of its source (a
        per-sample mix pastes no box into the samples it mixes otherwise or leaves
        clean: their boxes are empty)."""
        if self.boxes is None:
            raise ValueError('GuidedMixStep.pasted_a_box: this step has no boxes.')
        boxes = self.boxes
        return (boxes[:, 2] > boxes[:, 0]) & (boxes[:, 3] > boxes[:, 1])

    def mix_targets(self, values: torch.Tensor) -> torch.Tensor:
        """``lam * v + (1 - lam) * v[source]`` for per-sample rows ``values``
        ``(N, ...)`` (labels, logits), with a batch or per-sample ``lam``;
        ``input_shares @ v`` where the step has ``input_shares``."""
        if self.input_shares is not None:
            return (self.input_shares.to(values.dtype) @ values.flatten(1)).reshape(
                values.shape)
        lam = self.lam
        if torch.is_tensor(lam):
            lam = lam.to(values.dtype).reshape(-1, *[1] * (values.dim() - 1))
        return lam * values + (1 - lam) * values[self.source_index]


def check_saliency_batch(owner: str, inputs: torch.Tensor,
                         score: Optional[torch.Tensor]) -> None:
    """Raise a ``ValueError`` unless a saliency-guided mix has an ``(N, C, H, W)``
    batch and the ``(N, h, w)`` saliency score of its clean forward."""
    if score is None:
        raise ValueError(
            f'{owner} needs a saliency score of the clean batch: use it with '
            "guide=dict(type='mmrecmix.InputGradientGuide').")
    if inputs.dim() != 4 or score.dim() != 3 or score.size(0) != inputs.size(0):
        raise ValueError(
            f'{owner}: inputs must be (N, C, H, W) and score (N, h, w), got '
            f'{tuple(inputs.shape)} and {tuple(score.shape)}.')
