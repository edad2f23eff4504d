"""An image classifier for mixes guided by the model itself (SMMix and kin)."""
from contextlib import contextmanager
from typing import List, Optional

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmpretrain.models import ImageClassifier
from mmpretrain.structures import DataSample

from mmrecmix.registry import BATCH_AUGMENTS, MODELS
from mmrecmix.utils.validation import check_keys, check_range
from ..utils import head_logits, soft_cross_entropy, zero_loss_touching


@contextmanager
def eval_mode(module: nn.Module):
    """Put ``module`` in eval mode and restore its previous mode afterwards."""
    was_training = module.training
    module.eval()
    try:
        yield module
    finally:
        module.train(was_training)


def tuple_output(module: nn.Module, args, output):
    """Forward hook: a backbone's list of stage outputs (mmdet's PVT) as the tuple
    mmpretrain's necks and heads expect."""
    return tuple(output) if isinstance(output, list) else None


@MODELS.register_module()
class GuidedMixClassifier(ImageClassifier):
    r"""An :class:`mmpretrain.models.ImageClassifier` whose training batch is mixed
    under the guidance of the model being trained; SMMix (Chen et al., ICCV 2023,
    Eq. 15) is the built-in case:

    .. math::
        L = L_{cls} + L_{fine} + L_{con}, \qquad
        L_{fine} = \tfrac12 (CE(\mathcal F(\bar X_A), y_A) + CE(\mathcal F(\bar X_B), y_B)),
        \qquad L_{con} = KL(\sigma(\lambda z_B + (1-\lambda) z_A) \,\|\, \sigma(z_M))

    One training step:

    1. an extra forward of the clean batch, in eval mode and without gradients,
       gives the clean logits ``z`` and, through ``guide``, a ``(B, h, w)`` score
       per token (SMMix: the last block's image attention score);
    2. ``mix(inputs, labels, score)`` mixes the batch (SMMix: max-min region mixing
       or Mixup) and reports a ``GuidedMixStep``;
    3. the mixed batch is trained with ``L_cls`` (soft cross-entropy), plus, when
       the step pasted a token region, ``L_fine`` from a separate linear
       ``token_head`` on the mean output token inside (source label) and outside
       (target label) the pasted window, and ``L_con``.

    Labels are smoothed (``label_smoothing``) before mixing. A new guided mix plugs
    in through ``guide`` (any object with ``attach``/``score_map``/``token_map``) and
    ``mix`` (any callable with the ``mix(inputs, labels, score)`` contract).

    Args:
        mix (dict): The guided mix, e.g. ``dict(type='mmrecmix.SMMix')``.
        guide (dict): Where the score comes from: ``mmrecmix.AttentionGuide``
            (transformers) or ``mmrecmix.FeatureEnergyGuide`` (the CNN variant).
        token_head (dict, optional): ``in_channels`` (token width) and
            ``num_classes`` of the fine-grained head; ``None`` turns ``L_fine`` off.
        consistency (bool): Add ``L_con``.
        label_smoothing (float): Smoothing of the one-hot labels.
        **kwargs: Arguments of :class:`mmpretrain.models.ImageClassifier`.
    """

    def __init__(self, *args, mix: dict, guide: dict = dict(type='mmrecmix.AttentionGuide'),
                 token_head: Optional[dict] = None, consistency: bool = True,
                 label_smoothing: float = 0.1, **kwargs):
        super().__init__(*args, **kwargs)
        if self.data_preprocessor.batch_augments is not None:
            raise ValueError(
                'GuidedMixClassifier mixes the batch itself (`mix=`); remove '
                'train_cfg.augments from the model config.')
        check_range('GuidedMixClassifier', 'label_smoothing', label_smoothing, 0, 1,
                    high_open=True)
        if token_head is not None:
            check_keys('GuidedMixClassifier', 'token_head', token_head,
                       ('in_channels', 'num_classes'))
        self.backbone.register_forward_hook(tuple_output)
        self.mix = BATCH_AUGMENTS.build(mix)
        self.guide = MODELS.build(guide)
        self.guide.attach(self.backbone)
        self.token_head = (nn.Linear(token_head['in_channels'],
                                     token_head['num_classes'])
                           if token_head is not None else None)
        self.use_consistency = consistency
        self.label_smoothing = label_smoothing
        # Set by tools that show the mix (MixVisualizationHook): keep references to
        # the next step's mixed batch in ``last_mix`` (no copy).
        self.record_mix = False
        self.last_mix = None

    def smoothed_targets(self, data_samples: List[DataSample],
                         num_classes: int, device) -> torch.Tensor:
        """One-hot labels with label smoothing, ``(B, num_classes)``."""
        labels = torch.cat([sample.gt_label for sample in data_samples]).to(device)
        one_hot = F.one_hot(labels, num_classes).float()
        return one_hot * (1 - self.label_smoothing) + self.label_smoothing / num_classes

    @torch.no_grad()
    def clean_pass(self, inputs: torch.Tensor):
        """The extra forward: clean logits and the guide's score map, eval mode."""
        with eval_mode(self):
            features = self.backbone(inputs)
            score = self.guide.score_map(features)
            logits = head_logits(self, features)
        return logits, score

    def loss(self, inputs: torch.Tensor, data_samples: List[DataSample]) -> dict:
        clean_logits, score = self.clean_pass(inputs)
        targets = self.smoothed_targets(data_samples, clean_logits.size(1),
                                        inputs.device)
        mixed, mixed_targets, step = self.mix(inputs, targets, score)
        if self.record_mix:
            self.last_mix = (mixed.detach(), mixed_targets.detach(), step)
        features = self.backbone(mixed)
        logits = head_logits(self, features)
        losses = dict(loss=soft_cross_entropy(logits, mixed_targets))
        if step.token_mask is None:  # a global mix (Mixup): L_cls only
            if self.token_head is not None:
                losses['loss_fine'] = zero_loss_touching(self.token_head, logits)
            return losses
        if self.token_head is not None:
            losses['loss_fine'] = self.fine_grained_loss(
                self.guide.token_map(features), step, targets)
        if self.use_consistency:
            losses['loss_consistency'] = self.consistency_loss(
                logits, clean_logits, step)
        return losses

    def fine_grained_loss(self, tokens: torch.Tensor, step,
                          targets: torch.Tensor) -> torch.Tensor:
        """Eq. 10-13: mean token inside (source) and outside (target) the window."""
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
            soft_cross_entropy(self.token_head(inside), targets[step.source_index]) +
            soft_cross_entropy(self.token_head(outside), targets))

    @staticmethod
    def consistency_loss(logits: torch.Tensor, clean_logits: torch.Tensor,
                         step) -> torch.Tensor:
        """Eq. 14: KL from the mixed clean logits' distribution to the prediction."""
        mixed_clean = (step.lam * clean_logits +
                       (1 - step.lam) * clean_logits[step.source_index])
        return F.kl_div(F.log_softmax(logits.float(), dim=1),
                        F.softmax(mixed_clean.float(), dim=1),
                        reduction='batchmean')
