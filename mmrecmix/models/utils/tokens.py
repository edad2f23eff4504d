"""A ViT's token sequence as a feature map."""
from typing import Tuple

import torch


def tokens_to_map(tokens: torch.Tensor, grid: Tuple[int, int],
                  extra_tokens: int) -> torch.Tensor:
    """A ViT's ``(N, extra_tokens + h * w, C)`` tokens as an ``(N, C, h, w)`` map:
    the leading ``extra_tokens`` (class, distillation) dropped, the patch tokens laid
    out row by row on the ``grid = (h, w)`` of the patch embedding, as OpenMixup's
    ``VisionTransformer`` gives them to its Mix Block and the attention guides read
    them."""
    height, width = grid
    patches = tokens[:, extra_tokens:]
    if patches.size(1) != height * width:
        raise ValueError(f'{tokens.size(1)} tokens are not '
                         f'{extra_tokens} extra tokens and a {height} x {width} patch grid.')
    return patches.transpose(1, 2).reshape(tokens.size(0), tokens.size(2), height, width)
