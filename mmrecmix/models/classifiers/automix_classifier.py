"""AutoMix: an image classifier trained on mixes from a learnable Mix Block, or on a
hand-crafted mix through AutoMix's momentum pipeline."""
import copy
import math
import warnings
from typing import List, Optional

import numpy as np
import torch
import torch.nn as nn
from mmpretrain.models import ImageClassifier
from mmpretrain.structures import DataSample

from mmrecmix.registry import BATCH_AUGMENTS, MODELS
from mmrecmix.utils.validation import check_keys, check_range
from ..mix_blocks import mix_by_mask
from ..mix_blocks.mix_block_inputs import check_mix_feature, read_mix_feature
from ..utils import head_loss, sample_targets

MASK_LOSS_ANNEALS = (None, 'cosine', 'compounding_cosine')


def pair_targets(targets: torch.Tensor, lam: float, index: torch.Tensor) -> torch.Tensor:
    """The label of a mix with ratio ``lam``: ``lam y + (1 - lam) y[index]``."""
    return lam * targets + (1 - lam) * targets[index]


@MODELS.register_module()
class AutoMixClassifier(ImageClassifier):
    r"""AutoMix (Liu et al., ECCV 2022, Sec. 3.3, Eq. 9-12), registered as
    ``mmrecmix.AutoMixClassifier``: a Mix Block learns the mixing mask, trained
    through a frozen momentum copy of the encoder, while the encoder is trained on
    the (detached) masks of the Mix Block.

    .. math::
        L = \ell_{mix}(f_q(x^{bb}_{mix}), y^{bb}_{mix}) + \ell(f_q(x), y)
          + \ell_{mix}(f_k(x^{mb}_{mix}), y^{mb}_{mix}) + L_{mask}, \qquad
        L_{mask} = \gamma \max(|1 - \bar m - \lambda| - \epsilon, 0), \qquad
        \theta_k \leftarrow \mu \theta_k + (1 - \mu) \theta_q

    Each step draws two ratios :math:`\lambda \sim \mathrm{Beta}(\alpha, \alpha)`
    and two pairings: the Mix Block branch (``mb``) mixes one with the Mix Block's
    mask and scores it through the momentum encoder ``f_k`` (only the Mix Block
    learns from it); the backbone branch (``bb``) mixes the other with that mask
    detached (plain Mixup within ``mixup_margin`` of 0 or 1) and trains ``f_q``.
    ``head`` scores clean images (and is evaluated), ``mix_head`` mixed ones. The
    momentum copy (``momentum_encoder``), updated by
    :class:`mmrecmix.AutoMixMomentumHook` and saved in checkpoints, is what
    ``predict`` and ``extract_feat`` use unless ``test_encoder='online'``.

    With ``mix=`` instead of ``mix_block=`` (AutoMix Table 10's "+MP" / "+MP+CE"
    rows) a hand-crafted batch augment mixes the batch, there is no Mix Block
    branch or mask loss, and ``clean_loss`` says whether the clean term is added.
    Follows the reference (OpenMixup); the documentation's AutoMix page has the
    schedules, the tables and the hand-crafted pipeline.

    Args:
        mix_block (dict, optional): ``mmrecmix.AutoMixBlock`` config (AutoMix).
        mix (dict, optional): A hand-crafted batch augment (``BATCH_AUGMENTS``
            config, e.g. ``dict(type='Mixup', alpha=1.0)``) in place of the Mix
            Block; exactly one of ``mix_block`` and ``mix`` is given.
        mix_head (dict, optional): Head for the mixed images (same type as
            ``head``); ``None``: ``head`` scores them too.
        clean_loss (bool): Add the one-hot loss of the clean images through
            ``head`` (Eq. 8's :math:`\ell_{CE}`, on ``gt_score`` where given).
            Defaults to True (AutoMix).
        mix_stage (int): Backbone stage (0-based ``out_indices`` entry) the Mix Block
            reads: 2, the paper's stage 3. ``backbone.out_indices`` must hold it.
            With ``mix_feature='vit_tokens'`` the block index (DeiT-S: 5), with
            ``'stage_blocks'`` the index in ``backbone.stages``.
        mix_feature (str): How the Mix Block gets its ``(N, C, h, w)`` map from the
            momentum backbone (:func:`mmrecmix.models.mix_blocks.mix_block_inputs.
            read_mix_feature`): ``'stage'`` (an ``out_indices`` output: ResNet,
            Swin), ``'vit_tokens'`` (a ViT's patch tokens after block ``mix_stage``)
            or ``'stage_blocks'`` (ConvNeXt's stage before its output norm).
            Defaults to ``'stage'``.
        mix_block_prob (float): Share of the steps whose Mix Block branch is scored
            (``loss_mix_block``); on the others only the mask loss trains the Mix
            Block (the reference's ``switch_off``). Defaults to 1.0.
        alpha (float): Beta parameter of both ratios of the Mix Block mode.
            Defaults to 2.0.
        mixup_margin (float): Backbone-branch ratios within this of 0 or 1 use
            plain Mixup (Mix Block mode). Defaults to 0.08.
        mask_loss (dict): ``weight`` (gamma, 0.1), ``margin`` (epsilon, 0.1) and
            ``anneal``, how gamma changes with the iteration ``t`` of ``T``
            (:meth:`mask_loss_weight`): ``None`` (constant),
            ``'compounding_cosine'`` (every iteration multiplies the current gamma
            by :math:`(1 + \cos(\pi t / T)) / 2`, the reference's ImageNet
            schedule) or ``'cosine'`` (:math:`\gamma (1 + \cos(\pi t / T)) / 2`).
        test_encoder (str): ``'momentum'`` (the paper) or ``'online'``.
        **kwargs: Arguments of :class:`mmpretrain.models.ImageClassifier`.
    """

    def __init__(self, *args, mix_block: Optional[dict] = None,
                 mix_head: Optional[dict] = None, mix: Optional[dict] = None,
                 clean_loss: bool = True, mix_stage: int = 2,
                 mix_feature: str = 'stage', mix_block_prob: float = 1.0,
                 alpha: float = 2.0, mixup_margin: float = 0.08,
                 mask_loss: dict = dict(weight=0.1, margin=0.1, anneal=None),
                 test_encoder: str = 'momentum', **kwargs):
        super().__init__(*args, **kwargs)
        if self.data_preprocessor.batch_augments is not None:
            raise ValueError('AutoMixClassifier mixes the batch itself; remove '
                             'train_cfg.augments from the model config (a '
                             'hand-crafted mix goes in mix=).')
        if (mix_block is None) == (mix is None):
            raise ValueError('AutoMixClassifier: give mix_block= (AutoMix) or mix= (a '
                             'hand-crafted mix in the momentum pipeline), one of them.')
        if not clean_loss and mix_head is not None:
            raise ValueError('AutoMixClassifier: with clean_loss=False nothing trains '
                             'head, the evaluated head; leave mix_head out (head then '
                             'scores the mixed images).')
        if alpha <= 0:
            raise ValueError(f'AutoMixClassifier: alpha must be > 0, got {alpha}.')
        if test_encoder not in ('momentum', 'online'):
            raise ValueError("AutoMixClassifier: test_encoder must be 'momentum' or "
                             f"'online', got {test_encoder!r}.")
        check_range('AutoMixClassifier', 'mix_block_prob', mix_block_prob, 0, 1,
                    low_open=True)
        check_range('AutoMixClassifier', 'mixup_margin', mixup_margin, 0, 0.5,
                    high_open=True)
        check_keys('AutoMixClassifier', 'mask_loss', mask_loss,
                   ('weight', 'margin', 'anneal'))
        for key in ('weight', 'margin'):
            check_range('AutoMixClassifier', f'mask_loss.{key}',
                        mask_loss.get(key, 0), 0)
        if mask_loss.get('anneal') not in MASK_LOSS_ANNEALS:
            raise ValueError(f'AutoMixClassifier: mask_loss.anneal must be one of '
                             f"{MASK_LOSS_ANNEALS}, got {mask_loss['anneal']!r}.")
        if mix_block is not None:
            check_mix_feature(self.backbone, mix_feature, mix_stage)
            self.feature_index = (self.stage_position(mix_stage)
                                  if mix_feature == 'stage' else None)
            self.mix_block, self.mix = MODELS.build(mix_block), None
        else:
            self.feature_index, self.mix_block = None, None
            self.mix = BATCH_AUGMENTS.build(mix)
        self.mix_head = None if mix_head is None else MODELS.build(mix_head)
        self.clean_loss = clean_loss
        self.mix_feature, self.mix_stage = mix_feature, mix_stage
        self.mix_block_prob = mix_block_prob
        self.alpha = alpha
        self.mixup_margin = mixup_margin
        self.mask_loss_cfg = dict(dict(weight=0.1, margin=0.1, anneal=None), **mask_loss)
        self.test_encoder = test_encoder
        self.momentum_encoder = nn.ModuleDict({
            name: copy.deepcopy(module) for name, module in self.online_modules().items()
        }).requires_grad_(False)
        self.iteration, self.max_iters = 0, 1  # set by AutoMixMomentumHook
        self.compounded = (0, 1, self.mask_loss_cfg['weight'])  # (t, T, gamma_t)
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
        modules = dict(backbone=self.backbone, head=self.head)
        if self.mix_head is not None:
            modules['mix_head'] = self.mix_head
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

    def set_iteration(self, iteration: int, max_iters: int) -> None:
        """Where training is (0-based ``iteration`` of ``max_iters``), for the
        mask-loss annealing."""
        self.iteration, self.max_iters = iteration, max_iters

    def mask_loss_weight(self) -> float:
        """gamma at the current iteration, as ``mask_loss.anneal`` says."""
        anneal = self.mask_loss_cfg['anneal']
        if anneal == 'compounding_cosine':
            return self.compounded_weight()
        weight = self.mask_loss_cfg['weight']
        if anneal == 'cosine':
            weight *= 0.5 * (1 + math.cos(math.pi * self.iteration / self.max_iters))
        return weight

    def compounded_weight(self) -> float:
        r"""The reference ImageNet schedule (OpenMixup's ``CustomCosineAnnealingHook``
        on ``mask_loss``, by iteration, which anneals the model's *current* value):
        :math:`\gamma_t = \gamma_{t-1} (1 + \cos(\pi t / T)) / 2`,
        :math:`\gamma_0 = \gamma`. Carried on from the last iteration asked for;
        recomputed from 0 when training resumes (or restarts) elsewhere."""
        last, max_iters, weight = self.compounded
        if last > self.iteration or max_iters != self.max_iters:
            last, weight = 0, self.mask_loss_cfg['weight']
        for step in range(last + 1, self.iteration + 1):
            weight = 0.5 * weight * (math.cos(math.pi * (step / self.max_iters)) + 1)
        self.compounded = (self.iteration, self.max_iters, weight)
        return weight

    def scoring_head(self, momentum: bool, mix: bool) -> nn.Module:
        """The head of ``f_q`` (``momentum=False``) or ``f_k`` for mixed (``mix``) or
        clean images: ``mix_head`` for mixed ones where there is one, else ``head``."""
        modules = self.momentum_encoder if momentum else self.online_modules()
        return modules['mix_head' if mix and 'mix_head' in modules else 'head']

    def encode(self, inputs: torch.Tensor, momentum: bool, mix: bool) -> torch.Tensor:
        """Logits of ``f_q`` (``momentum=False``) or ``f_k``, from the head for mixed
        or for clean images (:meth:`scoring_head`)."""
        modules = self.momentum_encoder if momentum else self.online_modules()
        features = modules['backbone'](inputs)
        if 'neck' in modules:
            features = modules['neck'](features)
        return self.scoring_head(momentum, mix)(features)

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

    def batch_targets(self, data_samples: List[DataSample], device) -> torch.Tensor:
        """``(N, K)`` labels: ``gt_score`` where given, else one-hot."""
        return sample_targets(data_samples, self.head.num_classes, device)

    @torch.no_grad()
    def momentum_stage_map(self, inputs: torch.Tensor) -> Optional[torch.Tensor]:
        """What the Mix Block reads: the ``(N, C, h, w)`` map at ``mix_stage`` (as
        ``mix_feature`` says) of the momentum backbone's forward of the clean batch
        (every stage runs, updating its BatchNorm statistics, as the reference's
        does). With a hand-crafted ``mix`` nothing reads it (``None``), but the
        forward runs all the same for those statistics."""
        if self.mix_block is None:
            self.momentum_encoder['backbone'](inputs)
            return None
        return read_mix_feature(self.momentum_encoder['backbone'], inputs,
                                self.mix_feature, self.mix_stage, self.feature_index)

    def backbone_branch_mix(self, inputs, targets, stage_map):
        """The backbone branch's batch: ``(mixed images, mixed labels, partner
        share m)`` for a fresh ratio and pairing."""
        lam, index = self.sample_pairing(inputs.size(0), inputs.device)
        share = self.backbone_share(stage_map, lam, index, inputs.shape[-2:])
        return (mix_by_mask(inputs, share.to(inputs.dtype), index),
                pair_targets(targets, lam, index), share)

    def mix_block_losses(self, inputs: torch.Tensor, targets: torch.Tensor,
                         stage_map: torch.Tensor) -> dict:
        """The Mix Block branch: its mask mixes a fresh pairing, scored by the
        momentum encoder (``loss_mix_block``, 0 on the steps ``mix_block_prob``
        leaves out), and the mask loss."""
        lam_mb, index_mb = self.sample_pairing(inputs.size(0), inputs.device)
        share_mb = self.mix_block(stage_map, lam_mb, index_mb, inputs.shape[-2:])
        losses = dict(loss_mask=self.mask_loss(share_mb, lam_mb))
        if self.mix_block_prob < 1 and np.random.rand() > self.mix_block_prob:
            losses['loss_mix_block'] = share_mb.new_zeros((), dtype=torch.float32)
            return losses
        logits_mb = self.encode(mix_by_mask(inputs, share_mb.to(inputs.dtype), index_mb),
                                momentum=True, mix=True)
        losses['loss_mix_block'] = head_loss(self.scoring_head(momentum=True, mix=True),
                                             logits_mb,
                                             pair_targets(targets, lam_mb, index_mb))
        return losses

    def loss(self, inputs: torch.Tensor, data_samples: List[DataSample]) -> dict:
        self.check_momentum_hook()
        targets = self.batch_targets(data_samples, inputs.device)
        stage_map = self.momentum_stage_map(inputs)
        if self.mix is None:
            losses = self.mix_block_losses(inputs, targets, stage_map)
            mixed_bb, targets_bb, share_bb = self.backbone_branch_mix(inputs, targets,
                                                                      stage_map)
        else:  # a hand-crafted mix (it may write into its input: a copy)
            losses, share_bb = {}, None
            mixed_bb, targets_bb = self.mix(inputs.clone(), targets)
        if self.record_mix:
            self.last_mix = (mixed_bb.detach(), targets_bb, share_bb)
        losses['loss_mix'] = head_loss(
            self.scoring_head(momentum=False, mix=True),
            self.encode(mixed_bb, momentum=False, mix=True), targets_bb)
        if self.clean_loss:
            losses['loss_clean'] = head_loss(
                self.head, self.encode(inputs, momentum=False, mix=False), targets)
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

    def test_modules(self):
        """The encoder that is evaluated (``test_encoder``), by part."""
        if self.test_encoder == 'online':
            return self.online_modules()
        return self.momentum_encoder

    def extract_feat(self, inputs: torch.Tensor, stage: str = 'neck'):
        """Features of the evaluated encoder (``test_encoder``) at ``stage``, as
        :meth:`mmpretrain.models.ImageClassifier.extract_feat` gives them:
        ``'backbone'``, ``'neck'`` or ``'pre_logits'`` (the head's input to its
        last linear layer)."""
        if stage not in ('backbone', 'neck', 'pre_logits'):
            raise ValueError("AutoMixClassifier: stage must be 'backbone', 'neck' or "
                             f"'pre_logits', got {stage!r}.")
        modules = self.test_modules()
        features = modules['backbone'](inputs)
        if stage == 'backbone':
            return features
        if 'neck' in modules:
            features = modules['neck'](features)
        if stage == 'neck':
            return features
        return modules['head'].pre_logits(features)

    def forward(self, inputs: torch.Tensor,
                data_samples: Optional[List[DataSample]] = None, mode: str = 'tensor'):
        """ImageClassifier's modes; ``'tensor'`` gives the evaluated encoder's
        logits, those :meth:`predict` turns into scores."""
        if mode == 'tensor':
            return self.test_modules()['head'](self.extract_feat(inputs))
        return super().forward(inputs, data_samples, mode)

    def predict(self, inputs: torch.Tensor,
                data_samples: Optional[List[DataSample]] = None, **kwargs):
        return self.test_modules()['head'].predict(self.extract_feat(inputs),
                                                   data_samples, **kwargs)
