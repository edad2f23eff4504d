"""AutoMix's Mix Block: the mask's maths by hand, on non-square inputs and under
autocast, and its refusals."""
import math

import pytest
import torch

from mmrecmix.models.mix_blocks import mix_by_mask
from mmrecmix.registry import MODELS


def block(lam_concat=False, in_channels=8, **kwargs):
    mix_block = MODELS.build(dict(type='mmrecmix.AutoMixBlock', in_channels=in_channels,
                                  lam_concat=lam_concat, **kwargs))
    mix_block.init_weights()
    return mix_block


def test_mask_is_a_share_of_the_input_size_on_non_square_inputs(device):
    torch.manual_seed(0)
    mix_block = block().to(device)
    features = torch.randn(3, 8, 5, 7, device=device)
    share = mix_block(features, 0.3, torch.tensor([2, 0, 1], device=device), (20, 28))
    assert share.shape == (3, 1, 20, 28)
    assert ((share > 0) & (share < 1)).all()
    # The pair (1 - m, m) sums to one: mixing an all-ones image with an all-zeros
    # partner leaves exactly the sample's own share 1 - m, everywhere.
    images = torch.stack([torch.ones(3, 20, 28), torch.zeros(3, 20, 28),
                          torch.zeros(3, 20, 28)]).to(device)
    mixed = mix_by_mask(images, share, torch.tensor([1, 0, 0], device=device))
    assert torch.allclose(mixed[0], (1 - share[0]).expand(3, -1, -1))
    assert torch.allclose(mix_by_mask(torch.ones_like(images), share,
                                      torch.tensor([2, 0, 1], device=device)),
                          torch.ones_like(images))


def test_mask_equals_the_hand_computed_attention():
    # Two tokens (h=1, w=2), two channels. Query/key read channel 0, the value
    # channel 1, the partner is the sample itself: q = k = (1, 0), v = (2, -1).
    # Row 1: softmax(1*1, 1*0) = (e, 1)/(e+1) -> (2e - 1)/(e + 1); row 2: softmax(0, 0)
    # -> (2 - 1)/2 = 0.5. Nearest upsampling to 2x4: each token covers 2x2 pixels.
    mix_block = block(in_channels=2)
    with torch.no_grad():
        mix_block.query_key.weight.copy_(torch.tensor([[1.0, 0.0]]).view(1, 2, 1, 1))
        mix_block.value.weight.copy_(torch.tensor([[0.0, 1.0]]).view(1, 2, 1, 1))
    features = torch.tensor([[[[1.0, 0.0]], [[2.0, -1.0]]]])  # (1, 2, 1, 2)
    share = mix_block(features, 0.5, torch.tensor([0]), (2, 4))
    e = math.e
    left, right = 1 / (1 + math.exp(-(2 * e - 1) / (e + 1))), 1 / (1 + math.exp(-0.5))
    expected = torch.tensor([[left, left, right, right]] * 2)
    assert torch.allclose(share[0, 0], expected, atol=1e-6)


def test_lambda_embedding_changes_the_mask():
    torch.manual_seed(0)
    features, index = torch.randn(2, 8, 4, 4), torch.tensor([1, 0])
    with_lam = block(lam_concat=True, init_std=0.5)
    assert not torch.allclose(with_lam(features, 0.2, index, (8, 8)),
                              with_lam(features, 0.8, index, (8, 8)))
    without = block(lam_concat=False, init_std=0.5)
    assert torch.equal(without(features, 0.2, index, (8, 8)),
                       without(features, 0.8, index, (8, 8)))


def test_mask_is_float32_under_autocast(device):
    torch.manual_seed(0)
    mix_block = block(init_std=1.0).to(device)
    features = torch.randn(2, 8, 6, 6, device=device) * 50
    dtype = torch.float16 if device.type == 'cuda' else torch.bfloat16
    with torch.autocast(device.type, dtype=dtype):
        share = mix_block(features, 0.5, torch.tensor([1, 0], device=device), (12, 12))
    assert share.dtype == torch.float32 and torch.isfinite(share).all()


@pytest.mark.parametrize('lam', [-0.1, 1.5])
def test_lambda_out_of_range_is_refused(lam):
    with pytest.raises(ValueError, match=r'lam must be in \[0, 1\]'):
        block()(torch.randn(2, 8, 4, 4), lam, torch.tensor([1, 0]), (8, 8))


def test_wrong_feature_width_names_the_fix():
    with pytest.raises(ValueError, match='set mix_block.in_channels=16'):
        block()(torch.randn(2, 16, 4, 4), 0.5, torch.tensor([1, 0]), (8, 8))
