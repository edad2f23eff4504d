"""An image classifier trained with AugMix's Jensen-Shannon consistency loss, and the
data preprocessor that hands it the clean and augmented views as one batch."""
from typing import List, Sequence

import torch
import torch.nn.functional as F
from mmpretrain.models import ClsDataPreprocessor, ImageClassifier
from mmpretrain.structures import DataSample

from mmrecmix.registry import MODELS
from ..utils import TotalLossLog, head_loss, sample_targets


def jensen_shannon_consistency(logits: Sequence[torch.Tensor]) -> torch.Tensor:
    r"""AugMix's Jensen-Shannon divergence among the predictions of :math:`V` views
    of the same images (Hendrycks et al. 2020, Eq. 2 and 3), batch mean, float32:

    .. math::
        M = \frac1V \sum_v p_v, \qquad
        JS(p_1; \dots; p_V) = \frac1V \sum_v KL(p_v \,\|\, M)

    with :math:`p_v = \mathrm{softmax}(z_v)` and :math:`\log M` clamped below at
    :math:`\log 10^{-7}`, as the reference's ``cifar.py`` and timm's
    ``JsdCrossEntropy`` clamp it. timm's loss is not called because it adds its own
    (label-smoothed) cross-entropy on the clean view; here that part is the head's own
    loss, and the tests compare the sum with timm's.

    Args:
        logits (Sequence[Tensor]): ``V`` tensors ``(N, K)``, one per view.
    """
    probs = [F.softmax(view.float(), dim=1) for view in logits]
    log_mixture = torch.stack(probs).mean(0).clamp(1e-7, 1).log()
    return sum(F.kl_div(log_mixture, p, reduction='batchmean') for p in probs) / len(probs)


def is_multi_view(inputs) -> bool:
    """Whether collated ``inputs`` hold several views of each image: a list of views,
    each a list of ``(C, H, W)`` tensors (``pseudo_collate``) or one ``(N, C, H, W)``
    tensor (``default_collate``)."""
    if not isinstance(inputs, (list, tuple)) or not inputs:
        return False
    first = inputs[0]
    return isinstance(first, (list, tuple)) or (torch.is_tensor(first) and first.dim() == 4)


@MODELS.register_module()
class MultiViewClsDataPreprocessor(ClsDataPreprocessor):
    """mmpretrain's :class:`ClsDataPreprocessor` for samples that carry several views
    of one image (``PackInputs`` of an ``img`` list, e.g. :class:`mmrecmix.AugMix`'s
    clean image and two mixtures): each view is normalised as the parent normalises
    a batch, the labels are read once, and the views are concatenated along the batch
    axis, view by view, ``(V * N, C, H, W)``: first the :math:`N` first views, then
    the :math:`N` second ones, ... (timm's layout of augmentation splits). Single-view
    batches (validation, testing) go through the parent unchanged, so the model
    evaluates like any classifier.

    Batch augments (Mixup, CutMix in ``batch_augments``) are refused on multi-view
    batches: drawn per view they would mix different partners into each view.
    Arguments: those of :class:`mmpretrain.models.ClsDataPreprocessor`.
    """

    def forward(self, data: dict, training: bool = False) -> dict:
        views = data['inputs']
        if not is_multi_view(views):
            return super().forward(data, training)
        if training and self.batch_augments is not None:
            raise ValueError('MultiViewClsDataPreprocessor: batch augments cannot mix '
                             'multi-view samples (each view would get other partners); '
                             'drop train_cfg.augments or the multi-view transform.')
        first = super().forward(dict(data, inputs=views[0]), training)
        others = [super(MultiViewClsDataPreprocessor, self).forward(
            dict(inputs=view), training)['inputs'] for view in views[1:]]
        return dict(first, inputs=torch.cat([first['inputs'], *others]))


@MODELS.register_module()
class AugMixClassifier(TotalLossLog, ImageClassifier):
    r"""An :class:`mmpretrain.models.ImageClassifier` trained with AugMix's loss
    (Hendrycks et al., ICLR 2020, Eq. 3), as the reference's ``cifar.py`` and timm's
    ``JsdCrossEntropy`` compute it: cross-entropy on the clean view plus
    :math:`\lambda` times the Jensen-Shannon divergence among the clean and the
    augmented views' predictions (:func:`jensen_shannon_consistency`):

    .. math::
        L = L_{CE}(p_{orig}, y) + \lambda\, JS(p_{orig}; p_{augmix1}; p_{augmix2})

    The training samples carry the views (:class:`mmrecmix.AugMix` with
    ``jsd=True``), which its data preprocessor, by default
    :class:`mmrecmix.MultiViewClsDataPreprocessor`, stacks view by view into one
    batch: the backbone runs once on all :math:`V N` images, so batch normalisation
    sees every view together, as in the reference. The cross-entropy is the head's
    own loss (its ``loss`` config: plain CE in the reference; timm's default adds
    label smoothing 0.1) on the first :math:`N` logits; it is logged as
    ``loss_cls`` and the weighted divergence as ``loss_jsd``. A batch with one view
    per sample trains on the cross-entropy alone. Prediction, ``forward(mode=
    'tensor')`` and :meth:`extract_feat` are the parent's.

    Args:
        jsd_weight (float): :math:`\lambda`, 12 in the reference and in timm.
        **kwargs: Arguments of :class:`mmpretrain.models.ImageClassifier`; a
            ``data_preprocessor`` dict without ``type`` becomes a
            :class:`mmrecmix.MultiViewClsDataPreprocessor`.
    """

    def __init__(self, *args, jsd_weight: float = 12.0, data_preprocessor=None,
                 **kwargs):
        if data_preprocessor is None or isinstance(data_preprocessor, dict):
            data_preprocessor = dict(data_preprocessor or {})
            data_preprocessor.setdefault('type', 'mmrecmix.MultiViewClsDataPreprocessor')
        super().__init__(*args, data_preprocessor=data_preprocessor, **kwargs)
        if jsd_weight < 0:
            raise ValueError(f'AugMixClassifier: jsd_weight must be >= 0, got {jsd_weight!r}.')
        self.jsd_weight = jsd_weight

    def loss(self, inputs: torch.Tensor, data_samples: List[DataSample]) -> dict:
        """The head's loss on the clean view and ``loss_jsd`` over all views;
        ``inputs`` are ``(V * N, C, H, W)``, view by view, for ``N`` data samples."""
        count = len(data_samples)
        if not torch.is_tensor(inputs) or inputs.size(0) % count:
            raise ValueError(
                'AugMixClassifier: the inputs must be one tensor of V x N images for N '
                f'data samples (got {type(inputs).__name__} '
                f'{tuple(getattr(inputs, "shape", ()))} for {count}); build the model '
                'with mmrecmix.MultiViewClsDataPreprocessor.')
        logits = self.head(self.extract_feat(inputs)).split(count)
        targets = sample_targets(data_samples, self.head.num_classes, inputs.device)
        losses = dict(loss=head_loss(self.head, logits[0], targets))
        if len(logits) > 1:
            losses['loss_jsd'] = self.jsd_weight * jensen_shannon_consistency(logits)
        return losses
