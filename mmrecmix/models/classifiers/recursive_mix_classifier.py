"""An image classifier trained with RecursiveMix and its RoI consistency loss."""
from typing import List, Optional

import torch
from mmpretrain.models import ImageClassifier
from mmpretrain.structures import DataSample

from mmrecmix.registry import MODELS
from ..batch_augments import RecursiveMix
from ..utils import TotalLossLog, head_logits


@MODELS.register_module()
class RecursiveMixClassifier(TotalLossLog, ImageClassifier):
    r"""An :class:`mmpretrain.models.ImageClassifier` with RecursiveMix's training loss
    (Yang et al., NeurIPS 2022, Eq. 5):

    .. math::
        L = L_{CE}(\tilde x_t, \tilde y_t) + \omega \lambda_t
            L_{KL}(\tilde p^t_{roi}, p_h)

    The batch augment ``mmrecmix.RecursiveMix`` goes in
    ``train_cfg=dict(augments=...)`` as for any mmpretrain classifier, alone or
    among others that mmpretrain's ``RandomBatchAugment`` draws from; this class
    reads the box and lambda of each step from it, hands it the main head's logits as
    the next step's history prediction, and adds the consistency loss of
    ``consistency`` (an ``mmrecmix.RoIConsistencyNeck``) on the backbone's last
    feature map. Without history (the first step of an epoch, a zero-area box) or on
    a step RecursiveMix did not run on, the consistency term is zero, and the logits
    of such a step are not kept: the history prediction is always that of the batch
    that was pasted. History lives in the augment of each process, so under DDP
    every rank keeps its own.

    The consistency branch is training-only: prediction, ``tools/test.py`` and the
    backbone used downstream never run it; :meth:`deploy_state_dict` drops it.

    Args:
        consistency (dict, optional): Config of the consistency neck; ``None`` trains
            with RecursiveMix alone (the paper's "resize + history" ablation).
        **kwargs: Arguments of :class:`mmpretrain.models.ImageClassifier`.
    """

    def __init__(self, *args, consistency: Optional[dict] = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.recursive_mix = self._find_recursive_mix()
        if consistency is not None and self.recursive_mix is None:
            raise ValueError(
                'RecursiveMixClassifier(consistency=...) needs the RecursiveMix '
                'augment: add train_cfg=dict(augments=dict('
                "type='mmrecmix.RecursiveMix', alpha=0.5)) to the model config.")
        self.consistency = (MODELS.build(consistency)
                            if consistency is not None else None)

    def _find_recursive_mix(self) -> Optional[RecursiveMix]:
        batch_augments = getattr(self.data_preprocessor, 'batch_augments', None)
        augments = getattr(batch_augments, 'augments', [])
        found = [aug for aug in augments if isinstance(aug, RecursiveMix)]
        if len(found) > 1:
            raise ValueError('RecursiveMixClassifier supports one RecursiveMix '
                             f'augment, the config has {len(found)}.')
        return found[0] if found else None

    def loss(self, inputs: torch.Tensor,
             data_samples: List[DataSample]) -> dict:
        features = self.backbone(inputs)
        logits = head_logits(self, features)
        losses = self.head._get_loss(logits, data_samples)
        if self.recursive_mix is None:
            return losses
        step = self.recursive_mix.take_last_step()  # None if it did not mix
        self.recursive_mix.remember_logits(logits)  # kept only if it ran this step
        if self.consistency is not None:
            losses.update(self._consistency_loss(features[-1], inputs, step))
        return losses

    def _consistency_loss(self, feature, inputs, step) -> dict:
        if step is None or step.lam == 0 or step.history_logits is None:
            return self.consistency.zero_loss(feature)
        return self.consistency.loss(
            feature, step.box, step.lam, step.history_logits,
            input_size=inputs.shape[-2:], head_fc=getattr(self.head, 'fc', None))

    def deploy_state_dict(self) -> dict:
        """The weights inference needs: the state dict without the consistency branch."""
        return {key: value for key, value in self.state_dict().items()
                if not key.startswith('consistency.')}
