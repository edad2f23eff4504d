"""The RecursiveMix consistency branch: RoIAlign of the pasted region and a KL loss."""
from typing import Optional, Sequence

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModule
from torchvision.ops import roi_align

from mmrecmix.registry import MODELS
from mmrecmix.utils.validation import check_range
from ..utils import zero_loss_touching


@MODELS.register_module()
class RoIConsistencyNeck(BaseModule):
    r"""Predict the pasted region from its RoI feature and match the history prediction
    (RecursiveMix, Eq. 4-5).

    .. math::
        \tilde p^t_{roi} = H'(\mathrm{RoIAlign}(F(\tilde x_t), B)), \qquad
        L_{con} = \omega \lambda_t \, \mathrm{KL}(p_h \,\|\, \tilde p^t_{roi})

    ``F`` is the backbone's *last* feature map, ``B`` the box the history was pasted
    into, ``p_h`` the main head's (detached) prediction on the history images from the
    previous iteration, and ``H'`` a separate linear layer (sharing the classifier's
    is an option; the paper's Table 4a finds a separate one better). RoIAlign has a
    1x1 output and ``aligned=True``. The box is mapped to feature coordinates with the
    real ratios of feature to input size on each axis, so non-square inputs (and
    feature maps whose size was rounded) stay exact. RoIAlign is torchvision's (the
    op the RecursiveMix authors used; its CPU and CUDA kernels ship with
    torchvision, so the neck needs no compiled mmcv), with an adaptive sampling
    grid. The KL divergence is computed in float32, so it is safe under AMP.

    The branch only serves training: inference and downstream backbones never use it.

    Args:
        in_channels (int): Channels of the last feature map.
        num_classes (int): Number of classes of the main head.
        omega (float): Loss weight :math:`\omega`: 0.1 on CIFAR, 0.5 on ImageNet.
        share_head (bool): Use the classifier head's ``fc`` as ``H'`` instead of a
            separate linear layer.
        init_cfg (dict, optional): Initialisation of ``H'``.
    """

    def __init__(self, in_channels: int, num_classes: int, omega: float = 0.5,
                 share_head: bool = False,
                 init_cfg: Optional[dict] = dict(
                     type='Normal', layer='Linear', std=0.01)):
        super().__init__(init_cfg=init_cfg)
        for name, value in (('in_channels', in_channels), ('num_classes', num_classes)):
            check_range('RoIConsistencyNeck', name, value, 1)
        check_range('RoIConsistencyNeck', 'omega', omega, 0)
        self.omega = omega
        self.share_head = share_head
        self.fc = None if share_head else nn.Linear(in_channels, num_classes)

    @staticmethod
    def feature_rois(box: Sequence[int], batch_size: int, input_size: Sequence[int],
                     feature: torch.Tensor) -> torch.Tensor:
        """RoIs ``(i, x1, y1, x2, y2)`` of one input-pixel box in feature coordinates.

        Built with fills on the feature's device, so no host-device copy is waited on;
        float32 always.
        """
        scale_y = feature.size(-2) / input_size[0]
        scale_x = feature.size(-1) / input_size[1]
        x1, y1, x2, y2 = box
        rois = feature.new_empty((batch_size, 5), dtype=torch.float32)
        rois[:, 0] = torch.arange(batch_size, device=feature.device)
        for column, value in enumerate(
                (x1 * scale_x, y1 * scale_y, x2 * scale_x, y2 * scale_y), start=1):
            rois[:, column] = value
        return rois

    def pool(self, feature: torch.Tensor, box: Sequence[int],
             input_size: Sequence[int]) -> torch.Tensor:
        """Average of ``feature`` over the box (RoIAlign 1x1, aligned): ``(N, C)``."""
        if feature.dim() != 4:
            raise ValueError(
                'RoIConsistencyNeck needs the backbone\'s last output to be a 4-D '
                f'feature map (N, C, H, W), got shape {tuple(feature.shape)}. Use a '
                'backbone whose last output is a spatial map (a CNN stage, or a '
                "ViT with out_type='featmap').")
        rois = self.feature_rois(box, feature.size(0), input_size, feature)
        # In float32 whatever autocast made of the feature map: box coordinates lose
        # whole pixels in half precision, and older torchvision has no bfloat16 kernel.
        pooled = roi_align(feature.float(), rois, (1, 1), spatial_scale=1.0,
                           sampling_ratio=-1, aligned=True)
        return pooled.flatten(1)

    def loss(self, feature: torch.Tensor, box: Sequence[int], lam: float,
             history_logits: torch.Tensor, input_size: Sequence[int],
             head_fc: Optional[nn.Module] = None) -> dict:
        """:math:`\\omega \\lambda \\mathrm{KL}(p_h \\| p_{roi})`, batch mean.

        Args:
            feature (Tensor): The backbone's last feature map ``(N, C, h, w)``.
            box (tuple): ``(x1, y1, x2, y2)`` of the pasted region in input pixels.
            lam (float): Area share of the pasted region.
            history_logits (Tensor): ``(N, num_classes)`` history prediction.
            input_size (tuple): ``(H, W)`` of the input batch.
            head_fc (nn.Module, optional): The classifier's linear layer, needed
                when ``share_head=True``.
        """
        fc = self._classifier(head_fc)
        if feature.dim() == 4 and feature.size(1) != fc.in_features:
            raise ValueError(
                f'RoIConsistencyNeck: the last feature map has {feature.size(1)} '
                f'channels but its linear head takes {fc.in_features}; set '
                f'consistency.in_channels={feature.size(1)}.')
        roi_logits = fc(self.pool(feature, box, input_size))
        kl = F.kl_div(F.log_softmax(roi_logits.float(), dim=1),
                      F.softmax(history_logits.detach().float(), dim=1),
                      reduction='batchmean')
        return dict(loss_roi_consistency=self.omega * lam * kl)

    def zero_loss(self, like: torch.Tensor) -> dict:
        """A zero loss that still touches ``H'``, for steps without history."""
        return dict(loss_roi_consistency=zero_loss_touching(self, like))

    def _classifier(self, head_fc):
        if not self.share_head:
            return self.fc
        if head_fc is None:
            raise ValueError('RoIConsistencyNeck(share_head=True) needs the '
                             "classifier head's linear layer (a head with `fc`).")
        return head_fc
