"""Class activation maps (CAM, Zhou et al., CVPR 2016, "Learning Deep Features for
Discriminative Localization") of a classifier's own head, and the test loop that puts
them into each test sample for the localisation metrics
(:mod:`mmrecmix.evaluation.metrics.wsol`).

For a classifier that global-average-pools its last feature map ``f`` (``C x h x w``)
into a linear layer of weights ``W`` (``K x C``), the CAM of class ``k`` is::

    CAM_k(y, x) = sum_c W[k, c] * f[c, y, x]

the map whose spatial mean is the class's logit (less the bias). wsolevaluation
(Choe et al., CVPR 2020) takes the channel mean instead of the sum; the two differ by
the factor ``C``, which the per-image min-max normalisation of the metrics removes.
The maps here stay at the feature map's resolution (7 x 7 for a ResNet at 224 x 224):
the metrics upsample them to the network input.

This lives with the evaluation, not among the model utilities, because only the
localisation protocol uses it, through :class:`CAMTestLoop`.
"""
from typing import Optional, Tuple

import torch
import torch.nn as nn
from mmengine.runner.amp import autocast
from mmengine.runner.loops import TestLoop, _update_losses
from mmpretrain.models.necks import GlobalAveragePooling

from mmrecmix.engine.hooks.model_access import unwrapped_model
from mmrecmix.registry import LOOPS

__all__ = ['CAMTestLoop', 'GT_CAM', 'PRED_CAM', 'NeckInputCapture',
           'cams_from_features', 'check_cam_support', 'class_activation_maps']

#: The data-sample field that holds the CAM of the ground-truth class, ``(h, w)``.
GT_CAM = 'gt_cam'
#: The data-sample field that holds the CAM of the predicted class, ``(h, w)``.
PRED_CAM = 'pred_cam'

SUPPORTED = ('a classifier whose last feature map is global-average-pooled (neck '
             "GlobalAveragePooling) into a linear head with an 'fc' layer "
             '(LinearClsHead): ResNet, ResNeXt, Wide-ResNet, PyramidNet and other '
             'convolutional backbones')


def _name(module) -> str:
    return type(module).__name__ if module is not None else 'none'


def check_cam_support(model: nn.Module) -> None:
    """Refuse a model whose head gives no CAM, naming what is supported.

    A CAM needs a spatial feature map that the head weights linearly after global
    average pooling: the neck must be mmpretrain's ``GlobalAveragePooling`` (2-D) and
    the head must have a linear ``fc``. A ViT's head (``VisionTransformerClsHead``)
    reads the class token, which has no spatial map, and is refused by name.

    Args:
        model (nn.Module): The classifier (no DDP wrapper).

    Raises:
        ValueError: The model is not of the supported kind.
    """
    backbone = getattr(model, 'backbone', None)
    neck = getattr(model, 'neck', None)
    head = getattr(model, 'head', None)
    found = (f'got backbone {_name(backbone)}, neck {_name(neck)}, head '
             f'{_name(head)}')
    if 'VisionTransformer' in _name(head) or 'VisionTransformer' in _name(backbone):
        raise ValueError(f'CAM: a Vision Transformer classifies its class token, which '
                         f'has no spatial map to weight ({found}); CAMs are computed for '
                         f'{SUPPORTED}.')
    if not isinstance(neck, GlobalAveragePooling) or \
            not isinstance(neck.gap, nn.AdaptiveAvgPool2d):
        raise ValueError(f'CAM: the neck must be a 2-D GlobalAveragePooling ({found}); '
                         f'CAMs are computed for {SUPPORTED}.')
    if not isinstance(getattr(head, 'fc', None), nn.Linear):
        raise ValueError(f'CAM: the head has no linear fc layer ({found}); CAMs are '
                         f'computed for {SUPPORTED}.')


def cams_from_features(feature_map: torch.Tensor, fc_weight: torch.Tensor,
                       class_index: torch.Tensor) -> torch.Tensor:
    """CAMs of the given classes from a batch of feature maps.

    Args:
        feature_map (Tensor): ``(N, C, h, w)`` last feature map, before pooling.
        fc_weight (Tensor): ``(K, C)`` weights of the linear head.
        class_index (Tensor): ``(N, )`` or ``(N, M)`` class indices, one or ``M``
            per image.

    Returns:
        Tensor: ``(N, h, w)`` or ``(N, M, h, w)`` maps, float32, unnormalised.
    """
    if feature_map.dim() != 4 or feature_map.shape[1] != fc_weight.shape[1]:
        raise ValueError(f'CAM: the feature map must be (N, C, h, w) with C = '
                         f'{fc_weight.shape[1]} (the head\'s input), got '
                         f'{tuple(feature_map.shape)}.')
    index = class_index.to(fc_weight.device).long()
    weights = fc_weight[index.reshape(-1)].reshape(*index.shape, -1).float()
    if index.dim() == 1:
        return torch.einsum('nchw,nc->nhw', feature_map.float(), weights)
    return torch.einsum('nchw,nmc->nmhw', feature_map.float(), weights)


class NeckInputCapture:
    """Within its ``with`` block, keeps the last feature map that enters the model's
    neck (the forward hook sees the backbone's output however the classifier's
    ``predict`` is written), as :attr:`feature_map`."""

    def __init__(self, model: nn.Module) -> None:
        check_cam_support(model)
        self.neck = model.neck
        self.feature_map: Optional[torch.Tensor] = None
        self._handle = None

    def _keep(self, module, args, output) -> None:
        inputs = args[0]
        self.feature_map = inputs[-1] if isinstance(inputs, (tuple, list)) else inputs

    def __enter__(self) -> 'NeckInputCapture':
        self.feature_map = None
        self._handle = self.neck.register_forward_hook(self._keep)
        return self

    def __exit__(self, *exc) -> None:
        self._handle.remove()

    def take(self) -> torch.Tensor:
        """The captured map; an error if the neck did not run."""
        if self.feature_map is None:
            raise RuntimeError('CAM: the model predicted without running its neck, so '
                               'there is no feature map to weight.')
        return self.feature_map.detach()


@torch.no_grad()
def class_activation_maps(model: nn.Module, inputs: torch.Tensor,
                          class_index: Optional[torch.Tensor] = None
                          ) -> Tuple[torch.Tensor, torch.Tensor]:
    """CAMs of a batch from the classifier's own head.

    Args:
        model (nn.Module): An mmpretrain classifier of the kind
            :func:`check_cam_support` accepts, in eval mode.
        inputs (Tensor): ``(N, 3, H, W)`` images as the backbone takes them (after
            the data preprocessor).
        class_index (Tensor, optional): ``(N, )`` or ``(N, M)`` classes to map.
            Defaults to the predicted class of each image.

    Returns:
        tuple[Tensor, Tensor]: The ``(N, h, w)`` (or ``(N, M, h, w)``) maps at the
        feature map's resolution, and the ``(N, K)`` logits.
    """
    with NeckInputCapture(model) as capture:
        logits = model(inputs, mode='tensor')
    if class_index is None:
        class_index = logits.argmax(dim=1)
    return cams_from_features(capture.take(), model.head.fc.weight, class_index), logits


def _labels(data_samples, field: str) -> torch.Tensor:
    labels = []
    for sample in data_samples:
        label = sample.get(field)
        if label is None or torch.as_tensor(label).numel() != 1:
            raise ValueError(f'CAMTestLoop: each sample needs one {field} (single-label '
                             f'data); a sample has {label!r}.')
        labels.append(torch.as_tensor(label).reshape(-1))
    return torch.cat(labels)


@LOOPS.register_module()
class CAMTestLoop(TestLoop):
    """mmengine's test loop that also puts each image's class activation maps into
    its output sample, for the localisation metrics (``MaxBoxAccV2``,
    ``CAMLocalizationAccuracy``)::

        test_cfg = dict(type='mmrecmix.CAMTestLoop')

    The model predicts as in ``TestLoop`` (one forward pass; the predictions and the
    other metrics are unchanged); a forward hook keeps the feature map entering its
    neck, and each output sample gets ``gt_cam`` (the CAM of its ``gt_label``) and
    ``pred_cam`` (of its predicted class), float32 ``(h, w)`` on the CPU at the
    feature map's resolution, small enough to gather across ranks.

    Args:
        runner (Runner): The runner.
        dataloader (DataLoader or dict): The test dataloader (single-label samples).
        evaluator (Evaluator, dict or list): The test evaluator.
        fp16 (bool): Predict under autocast. Defaults to False.
    """

    def __init__(self, runner, dataloader, evaluator, fp16: bool = False) -> None:
        super().__init__(runner, dataloader, evaluator, fp16)
        check_cam_support(unwrapped_model(runner))

    @torch.no_grad()
    def run_iter(self, idx, data_batch: dict) -> None:
        """Predict one batch, add its CAMs and evaluate it.

        Args:
            idx (int): The batch's index in the epoch.
            data_batch (dict): The batch as the dataloader gives it.
        """
        self.runner.call_hook('before_test_iter', batch_idx=idx, data_batch=data_batch)
        model = unwrapped_model(self.runner)
        with autocast(enabled=self.fp16), NeckInputCapture(model) as capture:
            outputs = self.runner.model.test_step(data_batch)
        classes = torch.stack([_labels(outputs, 'gt_label'),
                               _labels(outputs, 'pred_label')], dim=1)
        cams = cams_from_features(capture.take(), model.head.fc.weight, classes).cpu()
        for sample, (gt_cam, pred_cam) in zip(outputs, cams):
            sample.set_field(gt_cam, GT_CAM)
            sample.set_field(pred_cam, PRED_CAM)
        outputs, self.test_loss = _update_losses(outputs, self.test_loss)
        self.evaluator.process(data_samples=outputs, data_batch=data_batch)
        self.runner.call_hook('after_test_iter', batch_idx=idx, data_batch=data_batch,
                              outputs=outputs)
