"""AutoMix: an image classifier trained on mixes from a learnable Mix Block."""
import copy
import math
import warnings
from typing import List, Optional

import numpy as np
import torch
import torch.nn as nn
from mmpretrain.models import ImageClassifier
from mmpretrain.structures import DataSample

from mmrecmix.registry import MODELS
from mmrecmix.utils.validation import check_keys, check_range
from ..mix_blocks import mix_by_mask
from ..utils import soft_cross_entropy


@MODELS.register_module()
class AutoMixClassifier(ImageClassifier):
    r"""AutoMix (Liu et al., ECCV 2022, Sec. 3.3, Eq. 9-12), registered as
    ``mmrecmix.AutoMixClassifier``: a Mix Block learns the mixing mask, trained
    through a frozen momentum copy of the encoder, while the encoder is trained on
    the (detached) masks of the Mix Block.

    .. math::
        L = CE(f_q(x^{bb}_{mix}), y^{bb}_{mix}) + CE(f_q(x), y)
          + CE(f_k(x^{mb}_{mix}), y^{mb}_{mix}) + L_{mask}, \qquad
        L_{mask} = \gamma \max(|1 - \bar m - \lambda| - \epsilon, 0), \qquad
        \theta_k \leftarrow \mu \theta_k + (1 - \mu) \theta_q

    One training step draws two ratios :math:`\lambda \sim \mathrm{Beta}(\alpha,
    \alpha)` and two permutations: one pair for the Mix Block branch (``mb``: its
    mask mixes the images, which go through the momentum encoder ``f_k``, so only
    the Mix Block gets gradient), one for the backbone branch (``bb``: the Mix
    Block's mask without gradient, or plain Mixup when :math:`\lambda` is within
    ``mixup_margin`` of 0 or 1). The Mix Block reads stage ``mix_stage`` of the
    momentum backbone on the clean batch. ``f_q`` has two heads: ``head`` (clean
    images, one-hot CE; the head the encoder is evaluated with) and ``mix_head``
    (mixed images). The momentum copy (``momentum_encoder``: backbone, neck, head,
    mix head) is updated by :class:`mmrecmix.AutoMixMomentumHook` after every
    iteration, is saved in checkpoints and resumed with them, and, as in the paper
    (Appendix, Fig. 11), is what ``predict`` (``tools/test.py``) uses unless
    ``test_encoder='online'``; the Mix Block is dropped after training.

    Args:
        mix_block (dict): ``mmrecmix.AutoMixBlock`` config.
        mix_head (dict): Head for the mixed images (same type as ``head``).
        mix_stage (int): Backbone stage (0-based ``out_indices`` entry) the Mix Block
            reads: 2, the paper's stage 3. ``backbone.out_indices`` must hold it.
        alpha (float): Beta parameter of both ratios. Defaults to 2.0.
        mixup_margin (float): Backbone-branch ratios within this of 0 or 1 use
            plain Mixup. Defaults to 0.08.
        mask_loss (dict): ``weight`` (gamma, 0.1), ``margin`` (epsilon, 0.1) and
            ``anneal`` (``None`` or ``'cosine'``: gamma to 0 over training, as the
            reference ImageNet config does; the paper says linearly).
        test_encoder (str): ``'momentum'`` (the paper) or ``'online'``.
        **kwargs: Arguments of :class:`mmpretrain.models.ImageClassifier`.
    """

    def __init__(self, *args, mix_block: dict, mix_head: dict, mix_stage: int = 2,
                 alpha: float = 2.0, mixup_margin: float = 0.08,
                 mask_loss: dict = dict(weight=0.1, margin=0.1, anneal=None),
                 test_encoder: str = 'momentum', **kwargs):
        super().__init__(*args, **kwargs)
        if self.data_preprocessor.batch_augments is not None:
            raise ValueError('AutoMixClassifier mixes the batch itself; remove '
                             'train_cfg.augments from the model config.')
        if alpha <= 0:
            raise ValueError(f'AutoMixClassifier: alpha must be > 0, got {alpha}.')
        if test_encoder not in ('momentum', 'online'):
            raise ValueError("AutoMixClassifier: test_encoder must be 'momentum' or "
                             f"'online', got {test_encoder!r}.")
        check_range('AutoMixClassifier', 'mixup_margin', mixup_margin, 0, 0.5,
                    high_open=True)
        check_keys('AutoMixClassifier', 'mask_loss', mask_loss,
                   ('weight', 'margin', 'anneal'))
        for key in ('weight', 'margin'):
            check_range('AutoMixClassifier', f'mask_loss.{key}',
                        mask_loss.get(key, 0), 0)
        if mask_loss.get('anneal') not in (None, 'cosine'):
            raise ValueError("AutoMixClassifier: mask_loss.anneal must be None or "
                             f"'cosine', got {mask_loss['anneal']!r}.")
        self.feature_index = self.stage_position(mix_stage)
        self.mix_block = MODELS.build(mix_block)
        self.mix_head = MODELS.build(mix_head)
        self.alpha = alpha
        self.mixup_margin = mixup_margin
        self.mask_loss_cfg = dict(dict(weight=0.1, margin=0.1, anneal=None), **mask_loss)
        self.test_encoder = test_encoder
        self.momentum_encoder = nn.ModuleDict({
            name: copy.deepcopy(module) for name, module in self.online_modules().items()
        }).requires_grad_(False)
        self.progress = 0.0  # share of training done, set by AutoMixMomentumHook
        self.steps_taken = 0
        self.steps_updated = 0
        self.record_mix = False  # MixVisualizationHook / browse_mix: keep last_mix
        self.last_mix = None
        self._register_load_state_dict_pre_hook(self.momentum_from_online)

    def momentum_from_online(self, state_dict, prefix, *args):
        """Loading a checkpoint without a momentum encoder (an mmpretrain classifier,
        say) fills the momentum copy from the online weights it has, with a warning,
        instead of leaving the copy at its initial weights while ``predict`` uses it."""
        if any(key.startswith(prefix + 'momentum_encoder.') for key in state_dict):
            return
        copied = 0
        for name in self.online_modules():
            for key in [k for k in state_dict if k.startswith(f'{prefix}{name}.')]:
                state_dict[f'{prefix}momentum_encoder.{key[len(prefix):]}'] = state_dict[key]
                copied += 1
        if copied:
            warnings.warn(f'AutoMixClassifier: the checkpoint has no momentum encoder; '
                          f'it starts as a copy of the {copied} online weights loaded.')

    def stage_position(self, stage: int) -> int:
        """Where ``stage`` is in the backbone's output tuple."""
        out_indices = getattr(self.backbone, 'out_indices', None)
        if out_indices is None or stage not in list(out_indices):
            raise ValueError(
                f'AutoMixClassifier: the Mix Block reads backbone stage {stage} but '
                f'the backbone outputs stages {out_indices}; set backbone.out_indices='
                f'({stage}, <last stage>) (ResNet: (2, 3)).')
        return list(out_indices).index(stage)

    def init_weights(self):
        """Initialise the online modules, then start the momentum copy equal to them."""
        super().init_weights()
        self.momentum_update(0.0)

    def online_modules(self) -> dict:
        """The online encoder ``f_q`` by part, named as in ``momentum_encoder``."""
        modules = dict(backbone=self.backbone, head=self.head, mix_head=self.mix_head)
        if self.with_neck:
            modules['neck'] = self.neck
        return modules

    @torch.no_grad()
    def momentum_update(self, momentum: float) -> None:
        """Eq. 12, on parameters: ``k = momentum * k + (1 - momentum) * q``.

        Buffers (BatchNorm statistics) are the momentum modules' own, from their
        forward passes, as in the reference."""
        for name, online in self.online_modules().items():
            targets = list(self.momentum_encoder[name].parameters())
            sources = [p.detach().to(t.dtype) for p, t in
                       zip(online.parameters(), targets)]
            if targets:  # a neck without parameters (global pooling)
                torch._foreach_lerp_(targets, sources, 1.0 - momentum)
        self.steps_updated = self.steps_taken

    def mask_loss_weight(self) -> float:
        weight = self.mask_loss_cfg['weight']
        if self.mask_loss_cfg['anneal'] == 'cosine':
            weight *= 0.5 * (1 + math.cos(math.pi * self.progress))
        return weight

    def encode(self, inputs: torch.Tensor, momentum: bool, mix: bool) -> torch.Tensor:
        """Logits of ``f_q`` (``momentum=False``) or ``f_k``, from the mix head or
        the clean head."""
        modules = self.momentum_encoder if momentum else self.online_modules()
        features = modules['backbone'](inputs)
        if 'neck' in modules:
            features = modules['neck'](features)
        return modules['mix_head' if mix else 'head'](features)

    def sample_pairing(self, batch_size: int, device):
        lam = float(np.random.beta(self.alpha, self.alpha))
        return lam, torch.randperm(batch_size, device=device)

    def check_momentum_hook(self):
        if self.steps_taken > self.steps_updated:
            raise RuntimeError(
                'AutoMixClassifier: the momentum encoder was not updated after the '
                "last step; add dict(type='mmrecmix.AutoMixMomentumHook') to "
                'custom_hooks.')
        self.steps_taken += 1

    def one_hot(self, data_samples: List[DataSample], device) -> torch.Tensor:
        labels = torch.cat([sample.gt_label for sample in data_samples]).to(device)
        return nn.functional.one_hot(labels, self.head.num_classes).float()

    @torch.no_grad()
    def momentum_stage_map(self, inputs: torch.Tensor) -> torch.Tensor:
        """What the Mix Block reads: stage ``mix_stage`` of the momentum backbone."""
        return self.momentum_encoder['backbone'](inputs)[self.feature_index]

    def backbone_branch_mix(self, inputs, one_hot, stage_map):
        """The backbone branch's batch: ``(mixed images, label weights, partner
        share m)`` for a fresh ratio and pairing."""
        lam, index = self.sample_pairing(inputs.size(0), inputs.device)
        share = self.backbone_share(stage_map, lam, index, inputs.shape[-2:])
        return (mix_by_mask(inputs, share.to(inputs.dtype), index),
                lam * one_hot + (1 - lam) * one_hot[index], share)

    def loss(self, inputs: torch.Tensor, data_samples: List[DataSample]) -> dict:
        self.check_momentum_hook()
        one_hot = self.one_hot(data_samples, inputs.device)
        stage_map = self.momentum_stage_map(inputs)
        size = inputs.shape[-2:]

        lam_mb, index_mb = self.sample_pairing(inputs.size(0), inputs.device)
        share_mb = self.mix_block(stage_map, lam_mb, index_mb, size)
        logits_mb = self.encode(mix_by_mask(inputs, share_mb.to(inputs.dtype), index_mb),
                                momentum=True, mix=True)
        losses = dict(
            loss_mix_block=soft_cross_entropy(
                logits_mb, lam_mb * one_hot + (1 - lam_mb) * one_hot[index_mb]),
            loss_mask=self.mask_loss(share_mb, lam_mb))

        mixed_bb, targets_bb, share_bb = self.backbone_branch_mix(inputs, one_hot,
                                                                  stage_map)
        if self.record_mix:
            self.last_mix = (mixed_bb.detach(), targets_bb, share_bb)
        losses['loss_mix'] = soft_cross_entropy(
            self.encode(mixed_bb, momentum=False, mix=True), targets_bb)
        losses['loss_clean'] = soft_cross_entropy(
            self.encode(inputs, momentum=False, mix=False), one_hot)
        return losses

    @torch.no_grad()
    def backbone_share(self, stage_map, lam: float, index, size) -> torch.Tensor:
        """The backbone branch's partner share: the Mix Block's mask without
        gradient, or Mixup's constant ``1 - lam`` near 0 or 1."""
        if lam <= self.mixup_margin or lam >= 1 - self.mixup_margin:
            return stage_map.new_full((stage_map.size(0), 1, *size), 1 - lam)
        return self.mix_block(stage_map, lam, index, size)

    def mask_loss(self, share: torch.Tensor, lam: float) -> torch.Tensor:
        """Eq. 7: the samples' mean share ``1 - mean(m)`` (over the batch and the
        pixels, as the reference computes it) kept within ``margin`` of ``lam``,
        weighted by gamma."""
        gap = (1 - share.float().mean() - lam).abs()
        return self.mask_loss_weight() * (gap - self.mask_loss_cfg['margin']).clamp(min=0)

    def extract_feat(self, inputs: torch.Tensor, stage: str = 'neck'):
        """Features of the encoder ``predict`` uses (``test_encoder``)."""
        if self.test_encoder == 'online':
            return super().extract_feat(inputs, stage)
        if stage not in ('backbone', 'neck'):
            raise ValueError("AutoMixClassifier: the momentum encoder gives stage "
                             f"'backbone' or 'neck' features, not {stage!r}.")
        features = self.momentum_encoder['backbone'](inputs)
        if stage == 'backbone' or 'neck' not in self.momentum_encoder:
            return features
        return self.momentum_encoder['neck'](features)

    def predict(self, inputs: torch.Tensor,
                data_samples: Optional[List[DataSample]] = None, **kwargs):
        head = self.head if self.test_encoder == 'online' else self.momentum_encoder['head']
        return head.predict(self.extract_feat(inputs), data_samples, **kwargs)
