"""An image classifier for mixes that need the model: SMMix, PuzzleMix, TransMix,
AttentiveMix and a user's own, on one contract (guide, mix, relabel)."""
from dataclasses import replace
from typing import List, Optional

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmpretrain.models import ImageClassifier, LabelSmoothLoss
from mmpretrain.structures import DataSample

from mmrecmix.registry import BATCH_AUGMENTS, MODELS
from mmrecmix.utils.validation import check_keys, check_range
from ..guides import Guidance
from ..utils import (TotalLossLog, head_logits, head_loss, sample_targets,
                     zero_loss_touching)


def tuple_output(module: nn.Module, args, output):
    """Forward hook: a backbone's list of stage outputs (mmdet's PVT) as the tuple
    mmpretrain's necks and heads expect."""
    return tuple(output) if isinstance(output, list) else None


@MODELS.register_module()
class GuidedMixClassifier(TotalLossLog, ImageClassifier):
    r"""An :class:`mmpretrain.models.ImageClassifier` whose training batch is mixed
    under the guidance of a model: the one being trained (SMMix, PuzzleMix,
    TransMix) or a frozen one of its own (AttentiveMix).

    One training step, the contract every guided mix follows:

    1. **labels**: ``(N, K)`` targets, the samples' ``gt_score`` if they have one,
       else one-hot (optionally smoothed by ``label_smoothing``);
    2. **guide** (before the mixed forward): ``guide.guidance(model, inputs,
       targets)`` returns a :class:`mmrecmix.models.guides.Guidance`: a per-cell
       ``score`` for the mix, the clean logits, and losses of its own. SMMix's
       :class:`AttentionGuide` runs a clean forward in eval mode without gradients;
       PuzzleMix's :class:`InputGradientGuide` back-propagates the clean loss to the
       input; AttentiveMix's :class:`FrozenNetworkGuide` runs its own network.
       ``guide=None``: the mix needs nothing (TransMix's CutMix / Mixup);
    3. **mix**: ``mix(inputs, targets, score)`` returns the mixed batch, its labels
       and a :class:`mmrecmix.models.GuidedMixStep` (pairing, ``lam`` per batch or
       per sample, pasted boxes / tokens / pixel shares);
    4. **mixed forward**, then **relabel** (optional, after it): ``relabel(step,
       image_size)`` may replace ``lam`` from what that forward computed (TransMix:
       the class token's attention on the pasted tokens), no extra pass;
    5. **losses**: the head's own loss (its ``loss`` config: type, ``loss_weight``,
       smoothing) on the mixed labels, the guide's losses, and, for a step that
       pasted a token region (``step.token_mask``), SMMix's (Chen et al., ICCV
       2023, Eq. 15)

    .. math::
        L = L_{cls} + L_{fine} + L_{con}, \qquad
        L_{fine} = \tfrac12 (CE(\mathcal F(\bar X_A), y_A) + CE(\mathcal F(\bar X_B), y_B)),
        \qquad L_{con} = KL(\sigma(\lambda z_B + (1-\lambda) z_A) \,\|\, \sigma(z_M))

    with ``L_fine`` from a separate linear ``token_head`` on the mean output token
    inside (source label) and outside (target label) the pasted window and
    ``L_con`` against the clean logits of the guide.

    ``label_weighting='batch_mean'`` scores ``L_cls`` of a step with a per-sample
    ``lam`` (PuzzleMix, AttentiveMix) against labels mixed by the batch's mean
    :math:`\bar\lambda = \frac1N \sum_b \lambda_b` instead of each sample's own:

    .. math::
        L_{cls} = \frac1N \sum_b \ell\big(z_b,\ \bar\lambda\, y_b
        + (1 - \bar\lambda)\, y_{\pi(b)}\big)
        = \bar\lambda\, \frac1N \sum_b \ell(z_b, y_b)
        + (1 - \bar\lambda)\, \frac1N \sum_b \ell(z_b, y_{\pi(b)})

    (:math:`\ell` the head's loss, linear in the target, :math:`\pi(b)` the
    source of sample ``b``). That is what OpenMixup's DeiT and Swin heads compute
    (``VisionTransformerClsHead`` and ``ClsMixupHead`` with ``multi_label=False``:
    each batch-mean loss times the ``(N, 1)`` lam, then the mean), so the AutoMix
    Table 4 / SMMix Table 2 rows of its guided mixes were trained that way; its
    ResNet configs mix the labels per sample. The mean is over the batch of each
    process, as there; ``L_fine``, ``L_con`` and a per-batch ``lam`` are unchanged.

    A new guided mix is a ``BATCH_AUGMENTS`` callable with the ``mix`` signature
    plus, if it needs one, a ``MODELS`` guide (a :class:`BaseGuide`) or relabeller
    (a :class:`BaseRelabel`); see the documentation's "Adding your own mix".

    Args:
        mix (dict): The guided mix, e.g. ``dict(type='mmrecmix.SMMix')``.
        guide (dict, optional): What the mix reads before the forward; ``None`` for
            a mix that needs nothing. Defaults to ``mmrecmix.AttentionGuide``.
        relabel (dict, optional): What re-weights the labels after the forward,
            e.g. ``dict(type='mmrecmix.ClassAttentionRelabel')`` (TransMix).
        token_head (dict, optional): ``in_channels`` (token width) and
            ``num_classes`` of the fine-grained head; ``None`` turns ``L_fine`` off.
        consistency (bool): Add ``L_con`` on token-region steps.
        label_smoothing (float): Smoothing of the labels before mixing, for a head
            whose loss does not smooth (a ``LabelSmoothLoss`` head already does:
            setting both is an error). Defaults to 0.
        label_weighting (str): ``'per_sample'`` (each sample's own ``lam``) or
            ``'batch_mean'`` (the batch's mean ``lam``, OpenMixup's ViT heads) in
            the labels of ``L_cls``. Defaults to ``'per_sample'``.
        **kwargs: Arguments of :class:`mmpretrain.models.ImageClassifier`.
    """

    label_weightings = ('per_sample', 'batch_mean')

    def __init__(self, *args, mix: dict,
                 guide: Optional[dict] = dict(type='mmrecmix.AttentionGuide'),
                 relabel: Optional[dict] = None, token_head: Optional[dict] = None,
                 consistency: bool = True, label_smoothing: float = 0.0,
                 label_weighting: str = 'per_sample', **kwargs):
        super().__init__(*args, **kwargs)
        if self.data_preprocessor.batch_augments is not None:
            raise ValueError(
                'GuidedMixClassifier mixes the batch itself (`mix=`); remove '
                'train_cfg.augments from the model config.')
        self.label_smoothing = self.checked_smoothing(label_smoothing)
        if label_weighting not in self.label_weightings:
            raise ValueError(f'GuidedMixClassifier label_weighting must be one of '
                             f'{self.label_weightings}, got {label_weighting!r}.')
        self.label_weighting = label_weighting
        if token_head is not None:
            check_keys('GuidedMixClassifier', 'token_head', token_head,
                       ('in_channels', 'num_classes'))
        self.backbone.register_forward_hook(tuple_output)
        self.mix = BATCH_AUGMENTS.build(mix)
        self.guide = self.attached(guide)
        self.relabel = self.attached(relabel)
        self.token_head = (nn.Linear(token_head['in_channels'],
                                     token_head['num_classes'])
                           if token_head is not None else None)
        self.use_consistency = consistency
        # Set by tools that show the mix (MixVisualizationHook): keep references to
        # the next step's mixed batch in ``last_mix`` (no copy).
        self.record_mix = False
        self.last_mix = None

    def checked_smoothing(self, label_smoothing: float) -> float:
        check_range('GuidedMixClassifier', 'label_smoothing', label_smoothing, 0, 1,
                    high_open=True)
        if label_smoothing > 0 and isinstance(getattr(self.head, 'loss_module', None),
                                              LabelSmoothLoss):
            raise ValueError(
                f'GuidedMixClassifier: label_smoothing={label_smoothing} and the '
                "head's LabelSmoothLoss would smooth the labels twice; drop "
                'label_smoothing (the head smooths the mixed labels).')
        return label_smoothing

    def attached(self, cfg: Optional[dict]):
        """Build a guide or relabeller and hook it into the backbone."""
        if cfg is None:
            return None
        part = MODELS.build(cfg)
        part.attach(self.backbone)
        return part

    def targets(self, data_samples: List[DataSample], num_classes: int,
                device) -> torch.Tensor:
        """``(N, num_classes)`` labels of the batch, smoothed by ``label_smoothing``."""
        targets = sample_targets(data_samples, num_classes, device)
        return targets * (1 - self.label_smoothing) + self.label_smoothing / num_classes

    def loss(self, inputs: torch.Tensor, data_samples: List[DataSample]) -> dict:
        targets = self.targets(data_samples, self.head.num_classes, inputs.device)
        guidance = (self.guide.guidance(self, inputs, targets)
                    if self.guide is not None else Guidance())
        mixed, mixed_targets, step = self.mix(inputs, targets, guidance.score)
        features = self.backbone(mixed)
        logits = head_logits(self, features)
        if self.relabel is not None:
            lam = self.relabel(step, tuple(mixed.shape[-2:]))
            if lam is not None:
                step.lam = lam
                mixed_targets = step.mix_targets(targets)
        if self.label_weighting == 'batch_mean' and torch.is_tensor(step.lam):
            if step.input_shares is not None:
                raise ValueError(
                    f"GuidedMixClassifier: label_weighting='batch_mean' mixes a pair "
                    f'per sample, but {type(self.mix).__name__} mixes many inputs '
                    "per output; use label_weighting='per_sample'.")
            mixed_targets = replace(step, lam=step.lam.mean()).mix_targets(targets)
        if self.record_mix:
            self.last_mix = (mixed.detach(), mixed_targets.detach(), step)
        losses = dict(loss=head_loss(self.head, logits, mixed_targets),
                      **guidance.losses)
        losses.update(self.token_losses(features, logits, targets, step, guidance))
        return losses

    def token_losses(self, features, logits, targets, step, guidance) -> dict:
        """SMMix's ``L_fine`` and ``L_con`` for a step that pasted a token region."""
        losses = {}
        if step.token_mask is None:  # a global mix (Mixup): L_cls only
            if self.token_head is not None:
                losses['loss_fine'] = zero_loss_touching(self.token_head, logits)
            return losses
        if self.token_head is not None:
            losses['loss_fine'] = self.fine_grained_loss(
                self.guide.token_map(features), step, targets)
        if self.use_consistency:
            if guidance.clean_logits is None:
                raise ValueError(
                    'GuidedMixClassifier(consistency=True) needs the clean logits of '
                    f'a clean pass, which guide={type(self.guide).__name__} does not '
                    'give; set consistency=False.')
            losses['loss_consistency'] = self.consistency_loss(
                logits, guidance.clean_logits, step)
        return losses

    def fine_grained_loss(self, tokens: torch.Tensor, step,
                          targets: torch.Tensor) -> torch.Tensor:
        """Eq. 10-13: mean token inside (source) and outside (target) the window,
        each scored by the head's loss."""
        if tokens.size(1) != self.token_head.in_features:
            raise ValueError(
                f'GuidedMixClassifier: the output tokens have {tokens.size(1)} '
                f'channels but token_head takes {self.token_head.in_features}; set '
                f'token_head.in_channels={tokens.size(1)}.')
        mask = step.token_mask.flatten(1).to(tokens.dtype)[:, None]  # (B, 1, hw)
        tokens = tokens.flatten(2)  # (B, C, hw)
        inside = (tokens * mask).sum(2) / mask.sum(2)
        outside = (tokens * (1 - mask)).sum(2) / (1 - mask).sum(2)
        return 0.5 * (
            head_loss(self.head, self.token_head(inside), targets[step.source_index]) +
            head_loss(self.head, self.token_head(outside), targets))

    @staticmethod
    def consistency_loss(logits: torch.Tensor, clean_logits: torch.Tensor,
                         step) -> torch.Tensor:
        """Eq. 14: KL from the mixed clean logits' distribution to the prediction."""
        mixed_clean = step.mix_targets(clean_logits)
        return F.kl_div(F.log_softmax(logits.float(), dim=1),
                        F.softmax(mixed_clean.float(), dim=1),
                        reduction='batchmean')
