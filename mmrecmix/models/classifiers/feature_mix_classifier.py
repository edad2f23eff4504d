"""An image classifier that mixes a hidden layer: Manifold Mixup and Feature CutMix."""
from contextlib import contextmanager
from typing import Callable, List, Sequence

import numpy as np
import torch
import torch.nn as nn
from mmpretrain.models import ImageClassifier, VisionTransformer
from mmpretrain.models.utils.batch_augments import Mixup
from mmpretrain.structures import DataSample

from mmrecmix.registry import BATCH_AUGMENTS, MODELS
from ..utils import sample_targets


def stage_modules(backbone: nn.Module) -> List[nn.Module]:
    """The modules whose outputs are stages ``1..n`` of ``backbone``.

    Backbones that list their stage modules in ``res_layers`` (mmpretrain's ResNet
    family, mmrecmix's CIFAR backbones) give those; mmpretrain's ``VisionTransformer``
    (and DeiT, its subclass) gives its transformer blocks. Any other backbone has no
    hidden stage this classifier can find: an empty list (only the input, stage 0).
    """
    if isinstance(backbone, VisionTransformer):
        return list(backbone.layers)
    return [getattr(backbone, name) for name in getattr(backbone, 'res_layers', ())]


@contextmanager
def mixing_hook(module: nn.Module, on_input: bool,
                mix: Callable[[torch.Tensor], torch.Tensor]):
    """Pass ``module``'s first input (``on_input``) or its output through ``mix``
    while the context is open; the hook is removed on exit, also on an exception."""
    if on_input:
        handle = module.register_forward_pre_hook(
            lambda _, args: (mix(args[0]), *args[1:]))
    else:
        handle = module.register_forward_hook(lambda _, args, output: mix(output))
    try:
        yield
    finally:
        handle.remove()


@MODELS.register_module()
class FeatureMixClassifier(ImageClassifier):
    r"""An :class:`mmpretrain.models.ImageClassifier` trained on batches mixed at a
    layer drawn per batch: Manifold Mixup (Verma et al., ICML 2019) and Feature
    CutMix (Yun et al., ICCV 2019, Sec. 4.1.1 and Table 3).

    With :math:`g_k` the network up to layer :math:`k` (:math:`g_0` the identity,
    :math:`g_k` for :math:`k \ge 1` the backbone up to the output of stage
    :math:`k`), a training batch is mixed at :math:`k \sim U(\text{mix\_stages})`,
    for Manifold Mixup (``feature_mix=dict(type='Mixup', alpha=...)``):

    .. math::
        \tilde h = \lambda g_k(x_i) + (1 - \lambda) g_k(x_j), \qquad
        \tilde y = \lambda y_i + (1 - \lambda) y_j, \qquad
        \lambda \sim \mathrm{Beta}(\alpha, \alpha)

    and the rest of the network runs on :math:`\tilde h`. Feature CutMix
    (``feature_mix=dict(type='mmrecmix.CutMix', alpha=1.0)``) pastes a box of
    :math:`g_k(x_j)` into :math:`g_k(x_i)` instead, the box and :math:`\lambda`
    drawn on the feature map's own height and width. The mixing is the augment's own
    ``__call__(features, scores)``: any batch augment of ``BATCH_AUGMENTS`` works on
    a layer the way it works on images (FMix, SaliencyMix, ... on feature maps).

    Where the mix happens: a forward pre-hook on the backbone (stage 0, the input
    image, after the data preprocessor) or a forward hook on stage ``k``'s module
    (``backbone.res_layers[k - 1]``; ``VisionTransformer.layers[k - 1]``), put on
    for that one forward of :meth:`loss` and removed after it. The augment gets a
    copy of the layer's output, since box mixes write into their input and autograd
    still needs the original. :meth:`predict`, ``forward(mode='tensor')`` and
    :meth:`extract_feat` never mix.

    Labels: the batch's ``gt_score`` (soft labels) or one-hot ``gt_label`` are mixed
    by the augment, written back into the data samples' ``gt_score`` and scored by
    the head's own ``loss``, as the stock classifier does after a batch augment: the
    head's loss config (``loss_weight``, ``LabelSmoothLoss``, ...) applies unchanged.

    Vision transformers: the output of block ``k`` is the ``(N, L, C)`` token
    sequence, class token included. Mixup mixes it whole (the class token by
    :math:`\lambda`, like every other token). Box and mask mixes need an
    ``(N, C, H, W)`` map and no source says how their region should act on a token
    sequence with a class token, so on a ViT they are refused beyond stage 0 (a
    ``ValueError`` at build time) rather than guessed.

    Reference settings (the numbers these defaults and configs come from):

    - Eligible layers: {input, stage 1, stage 2}, the reference Manifold Mixup code
      for PreAct-ResNets (``random.randint(0, 2)`` in
      ``supervised/models/preresnet.py``, vikasverma1077/manifold_mixup) and
      OpenMixup's ``manifoldmix=dict(layer=(0, 3))``, hence ``(0, 1, 2)`` here.
      The CutMix paper draws Feature CutMix's layer "as Manifold Mixup does"
      (Sec. 4.1.1) without naming the set; its Fig. 3 (right) mixes at one fixed
      layer: 0 = image, 1 = after the stem conv-bn (no stage here), 2/3/4 = after
      layer1/2/3 (stages 1/2/3 here).
    - alpha: 2.0 in Manifold Mixup's CIFAR commands (Mixup 1.0); 1.0 for Manifold
      Mixup in the CutMix paper's Tables 3, 5 and 7 (0.5 and 1.0 tried) and CutMix
      alpha 1 (Feature CutMix alike); in AutoMix's appendix (reproduction settings
      of Tables 1-2) ManifoldMix uses 2 on CIFAR and 0.2 on Tiny-ImageNet and
      ImageNet (PyTorch-style recipe).

    Args:
        feature_mix (dict): Config of the batch augment that mixes the layer (built
            from ``mmrecmix``'s ``BATCH_AUGMENTS``; mmpretrain's ``Mixup`` needs a
            float ``alpha``; write ``'mmrecmix.CutMix'``, since a bare ``'CutMix'``
            is mmpretrain's under ``default_scope='mmpretrain'``).
        mix_stages (Sequence[int]): Distinct layers to draw from, uniformly per
            training batch with NumPy's global RNG: 0 = the input image, ``k`` =
            the output of backbone stage ``k``. Defaults to ``(0, 1, 2)``.
        **kwargs: Arguments of :class:`mmpretrain.models.ImageClassifier`, except
            ``train_cfg.augments`` (two mixes per batch).
    """

    def __init__(self, *args, feature_mix: dict,
                 mix_stages: Sequence[int] = (0, 1, 2), **kwargs):
        super().__init__(*args, **kwargs)
        if getattr(self.data_preprocessor, 'batch_augments', None) is not None:
            raise ValueError(
                'FeatureMixClassifier mixes the batch itself (feature_mix=); remove '
                'train_cfg.augments (or data_preprocessor.batch_augments) from the '
                'model config, or use a plain ImageClassifier.')
        self.feature_mix = BATCH_AUGMENTS.build(feature_mix)
        self.mix_stages = self._checked_stages(mix_stages)
        self.num_classes = self._find_num_classes()
        self.record_mix = False  # MixVisualizationHook / browse_mix: keep last_mix
        self.last_mix = None
        if getattr(self.head, 'cal_acc', False):
            raise ValueError('FeatureMixClassifier trains on mixed labels, where the '
                             "head's accuracy is meaningless: set head.cal_acc=False.")

    def _checked_stages(self, mix_stages: Sequence[int]) -> tuple:
        """``mix_stages`` as a tuple, or a ``ValueError`` naming the valid stages."""
        valid = tuple(range(len(stage_modules(self.backbone)) + 1))
        stages = tuple(mix_stages)
        if (not stages or len(set(stages)) != len(stages)
                or any(type(s) is not int or s not in valid for s in stages)):
            raise ValueError(
                f'mix_stages must be distinct ints from {valid} for '
                f'{type(self.backbone).__name__} (0 = the input image, k = the '
                f'output of backbone stage k), got {mix_stages!r}.')
        if (isinstance(self.backbone, VisionTransformer) and max(stages) > 0
                and not isinstance(self.feature_mix, Mixup)):
            raise ValueError(
                f'{type(self.feature_mix).__name__} needs an (N, C, H, W) map: on '
                f'{type(self.backbone).__name__} tokens only Mixup is supported, so '
                f'mix_stages must be (0,) for it, got {mix_stages!r}.')
        return stages

    def _find_num_classes(self) -> int:
        """The label width: the head's ``num_classes``, else the preprocessor's."""
        num_classes = (getattr(self.head, 'num_classes', None)
                       or getattr(self.data_preprocessor, 'num_classes', None))
        if num_classes is None:
            raise ValueError('FeatureMixClassifier needs the number of classes to mix '
                             'labels: set head.num_classes or '
                             'data_preprocessor.num_classes.')
        return num_classes

    def draw_stage(self) -> int:
        """One of :attr:`mix_stages`, uniformly (NumPy's global RNG)."""
        return self.mix_stages[np.random.randint(len(self.mix_stages))]

    def mixed_forward(self, inputs: torch.Tensor,
                      data_samples: List[DataSample]) -> tuple:
        """The neck features of the batch mixed at a drawn stage, and that stage.

        The mixed labels are written into the data samples' ``gt_score`` (in place,
        as mmpretrain's data preprocessor does with a batch augment's labels). While
        :attr:`record_mix` is set, ``last_mix`` keeps ``(stage, images, scores,
        feature size)`` for the tools that show the mix: the mixed images at stage 0,
        the clean ones deeper.
        """
        stage = self.draw_stage()
        scores = sample_targets(data_samples, self.num_classes, inputs.device)
        mixed_scores = []

        def mix(features: torch.Tensor) -> torch.Tensor:
            mixed, mixed_score = self.feature_mix(features.clone(), scores)
            mixed_scores.append(mixed_score)
            if self.record_mix:
                self.last_mix = (stage, mixed if stage == 0 else inputs, mixed_score,
                                 tuple(features.shape[-2:]))
            return mixed

        module = self.backbone if stage == 0 else stage_modules(self.backbone)[stage - 1]
        with mixing_hook(module, on_input=stage == 0, mix=mix):
            feats = self.extract_feat(inputs)
        if len(mixed_scores) != 1:
            raise RuntimeError(
                f'FeatureMixClassifier: stage {stage} of {type(self.backbone).__name__} '
                f'ran {len(mixed_scores)} times in one forward; it must run once.')
        for sample, score in zip(data_samples, mixed_scores[0]):
            sample.set_gt_score(score)
        return feats, stage

    def loss(self, inputs: torch.Tensor, data_samples: List[DataSample]) -> dict:
        """The head's loss on the batch mixed at a drawn stage, with mixed labels
        (:meth:`mixed_forward`)."""
        feats, _ = self.mixed_forward(inputs, data_samples)
        return self.head.loss(feats, data_samples)
