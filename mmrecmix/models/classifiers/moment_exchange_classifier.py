"""An image classifier that exchanges feature moments after the stem: MoEx, alone or on
CutMix-mixed images."""
from typing import List, Optional

import torch
from mmpretrain.models import ImageClassifier
from mmpretrain.structures import DataSample

from mmrecmix.registry import BATCH_AUGMENTS, MODELS
from ..batch_augments import MomentExchange
from ..utils import sample_targets
from .feature_mix_classifier import mixing_hook, stage_modules


@MODELS.register_module()
class MomentExchangeClassifier(ImageClassifier):
    r"""An :class:`mmpretrain.models.ImageClassifier` trained with MoEx (Li et al.,
    CVPR 2021): the stem's output features of each sample take the positional
    moments of a partner's (:class:`mmrecmix.MomentExchange`, given as
    ``feature_mix``), and the label becomes :math:`\lambda y_i + (1 - \lambda)
    y_{\pi(i)}`. The exchange is a forward pre-hook on the first stage (the
    input of ``layer1``), where the authors exchange: after ``conv1``, BN, ReLU and
    max-pooling on ImageNet ResNets (``moex_layer='stem'``), after ``conv1`` and BN
    on CIFAR PyramidNet (``pyramidnet_moex.py``).

    Image mixes stay in ``train_cfg.augments`` and run first, so "CutMix + MoEx"
    is this classifier with mmrecmix's CutMix there. Its labels are then already
    mixed, and the exchange mixes them again: with the CutMix share :math:`c`,
    :math:`\lambda (c y_a + (1 - c) y_b) + (1 - \lambda)(c y_b + (1 - c) y_c)`,
    the three-term loss of the authors' ``main_moex_cutmix.py``, because the
    partners are the image mix's own (its ``last_step['index']``) when one mixed
    this batch, as there; otherwise a new random permutation.

    :meth:`predict`, ``forward(mode='tensor')`` and :meth:`extract_feat` never
    exchange.

    Args:
        feature_mix (dict): Config of the :class:`mmrecmix.MomentExchange`
            (``lam``, ``prob``, ``epsilon``).
        **kwargs: Arguments of :class:`mmpretrain.models.ImageClassifier`; the
            backbone must list its stages in ``res_layers`` (mmpretrain's ResNet
            family, mmrecmix's CIFAR backbones).
    """

    def __init__(self, *args, feature_mix: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.feature_mix = BATCH_AUGMENTS.build(feature_mix)
        if not isinstance(self.feature_mix, MomentExchange):
            raise TypeError('MomentExchangeClassifier: feature_mix must be a '
                            f'mmrecmix.MomentExchange, got {feature_mix!r}.')
        if not stage_modules(self.backbone):
            raise ValueError(f'MomentExchangeClassifier: {type(self.backbone).__name__} '
                             'lists no stages (res_layers) to exchange before.')

    def image_mix_partners(self) -> Optional[torch.Tensor]:
        """The permutation of the image mix that mixed this batch: that of the data
        preprocessor's batch augment when it is the only one and always applied
        (so its ``last_step`` is this batch's), ``None`` otherwise."""
        batch_augments = getattr(self.data_preprocessor, 'batch_augments', None)
        augments = getattr(batch_augments, 'augments', [])
        if len(augments) != 1 or batch_augments.probs is not None:
            return None
        last_step = getattr(augments[0], 'last_step', None)
        return None if last_step is None else last_step.get('index')

    def loss(self, inputs: torch.Tensor, data_samples: List[DataSample]) -> dict:
        """The head's loss with the moments exchanged before the first stage (with
        ``feature_mix.prob``) and the labels mixed to match, written into the data
        samples' ``gt_score``."""
        num_classes = self.head.num_classes
        scores = sample_targets(data_samples, num_classes, inputs.device)
        index = self.image_mix_partners()
        mixed_scores = []

        def exchange(features: torch.Tensor) -> torch.Tensor:
            mixed, mixed_score = self.feature_mix(features, scores, index)
            mixed_scores.append(mixed_score)
            return mixed

        with mixing_hook(stage_modules(self.backbone)[0], on_input=True, mix=exchange):
            feats = self.extract_feat(inputs)
        for sample, score in zip(data_samples, mixed_scores[0]):
            sample.set_gt_score(score)
        return self.head.loss(feats, data_samples)
