"""AutoMix's Mix Block: a learnable mixing mask from a pair of feature maps."""
import math
from typing import Sequence

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModule

from mmrecmix.registry import MODELS
from mmrecmix.utils.validation import check_range


def mix_by_mask(images: torch.Tensor, partner_share: torch.Tensor,
                index: torch.Tensor) -> torch.Tensor:
    r"""AutoMix's mixed image (Eq. 4 with the mask pair :math:`(1 - m, m)`):
    :math:`x_{mix} = (1 - m) \odot x + m \odot x[index]`.

    Args:
        images (Tensor): ``(N, C, H, W)``.
        partner_share (Tensor): ``m``, ``(N, 1, H, W)`` or broadcastable to it.
        index (Tensor): The partner of each sample, ``(N,)``.
    """
    return images * (1 - partner_share) + images[index] * partner_share


UPSAMPLE_MODES = ('nearest', 'bilinear', 'bicubic')


@MODELS.register_module()
class AutoMixBlock(BaseModule):
    r"""The Mix Block of AutoMix (Liu et al., ECCV 2022, Sec. 3.2, Eq. 5-6),
    registered as ``mmrecmix.AutoMixBlock``.

    From the stage-3 maps :math:`z_i` of a sample and :math:`z_j` of its partner
    (optionally with a constant :math:`\lambda` channel on :math:`z_i` and
    :math:`1 - \lambda` on :math:`z_j`), one shared 1x1 convolution gives query and
    key, another 1x1 convolution the one-channel value of the partner:

    .. math::
        P = \mathrm{softmax}\Big(\frac{W_q z_i (W_k z_j)^\top}{\sqrt{C/2}}\Big), \qquad
        m = \sigma\big(\mathrm{up}(P \, W_v z_j)\big)

    :math:`m` is the partner's share of each input pixel; the mask pair of Eq. 4 is
    :math:`(1 - m, m)`, so the pair sums to one everywhere. This is the reference
    code's default (OpenMixup ``mask_mode='none_v_'``): Eq. 5 as printed takes the
    value from the sample itself and gives its own share :math:`s_i`. The attention is computed
    in float32 (it is a softmax over ``h*w`` products, which fp16 overflows).

    Args:
        in_channels (int): Channels of the feature map (ResNet-18 stage 3: 256,
            ResNet-50: 1024).
        reduction (int): Query/key width is ``channels // reduction`` (the paper's
            C/2). Defaults to 2.
        lam_concat (bool): Append the lambda channel (the reference turns it on for
            ImageNet, off for CIFAR).
        upsample (str): ``F.interpolate`` mode from the feature grid to the image
            (the reference configs: ``'nearest'``).
        init_std (float): Standard deviation of the normal weight init (0.01).
    """

    def __init__(self, in_channels: int, reduction: int = 2, lam_concat: bool = False,
                 upsample: str = 'nearest', init_std: float = 0.01, init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        check_range('AutoMixBlock', 'in_channels', in_channels, 1)
        check_range('AutoMixBlock', 'reduction', reduction, 1)
        check_range('AutoMixBlock', 'init_std', init_std, 0)
        if upsample not in UPSAMPLE_MODES:
            raise ValueError(f'AutoMixBlock: upsample must be one of {UPSAMPLE_MODES}, '
                             f'got {upsample!r}.')
        channels = in_channels + int(lam_concat)
        self.key_channels = max(channels // reduction, 1)
        self.lam_concat = lam_concat
        self.upsample = upsample
        self.init_std = init_std
        self.query_key = nn.Conv2d(channels, self.key_channels, 1)
        self.value = nn.Conv2d(channels, 1, 1)

    def init_weights(self):
        super().init_weights()
        for conv in (self.query_key, self.value):
            nn.init.normal_(conv.weight, 0, self.init_std)
            nn.init.zeros_(conv.bias)

    def forward(self, features: torch.Tensor, lam: float, index: torch.Tensor,
                image_size: Sequence[int]) -> torch.Tensor:
        """The partner's share ``m``, ``(N, 1, H, W)`` for ``image_size = (H, W)``.

        Args:
            features (Tensor): ``(N, C, h, w)`` stage-3 maps of the clean batch.
            lam (float): The sample's share of the label, in [0, 1].
            index (Tensor): The partner of each sample, ``(N,)``.
            image_size (tuple): ``(H, W)`` of the images to mix.
        """
        if not 0 <= lam <= 1:
            raise ValueError(f'AutoMixBlock: lam must be in [0, 1], got {lam}.')
        if features.size(1) + int(self.lam_concat) != self.query_key.in_channels:
            raise ValueError(
                f'AutoMixBlock: the feature map has {features.size(1)} channels but '
                f'in_channels={self.query_key.in_channels - int(self.lam_concat)}; set '
                f'mix_block.in_channels={features.size(1)}.')
        n, _, h, w = features.shape
        own, partner = features, features[index]
        if self.lam_concat:
            own = torch.cat([own, own.new_full((n, 1, h, w), lam)], dim=1)
            partner = torch.cat([partner, partner.new_full((n, 1, h, w), 1 - lam)], dim=1)
        query = self.query_key(own).flatten(2).float()      # (N, C', hw)
        key = self.query_key(partner).flatten(2).float()    # (N, C', hw)
        value = self.value(partner).flatten(2).float()      # (N, 1, hw)
        with torch.autocast(features.device.type, enabled=False):
            attention = torch.softmax(
                query.transpose(1, 2) @ key / math.sqrt(self.key_channels), dim=-1)
            logits = (attention @ value.transpose(1, 2)).view(n, 1, h, w)
            logits = F.interpolate(logits, size=tuple(image_size), mode=self.upsample)
            return torch.sigmoid(logits)
