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
    a layer the way it works on images.

    The mix happens in a forward (pre-)hook on the backbone (stage 0) or on stage
    ``k``'s module, put on for that one forward of :meth:`loss`; :meth:`predict`,
    ``forward(mode='tensor')`` and :meth:`extract_feat` never mix. The mixed labels
    go into the data samples' ``gt_score`` and are scored by the head's own ``loss``.
    On a vision transformer, Mixup mixes the ``(N, L, C)`` token sequence whole; box
    and mask mixes are refused beyond stage 0 (a ``ValueError`` at build time).

    The eligible layers follow the reference Manifold Mixup code for ResNets; the
    documentation's Manifold Mixup page gives the tables' ``alpha`` values.

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
