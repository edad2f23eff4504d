"""The momentum schedule of mmrecmix.AutoMixMomentumHook against OpenMixup's hook and
by hand."""
import math

import pytest

from mmrecmix.engine.hooks import cosine_momentum


def reference_momentum(iteration, max_iters, base, end, hold):
    """OpenMixup's CosineScheduleHook.before_train_iter (adjust_scope [hold, 1.0],
    warming_up 'constant'), line by line."""
    min_iter = int(max_iters * hold) if hold > 0 else 0
    if min_iter <= iteration <= max_iters:
        return end - (end - base) * (math.cos(math.pi * iteration / float(max_iters)) + 1) / 2
    return base


@pytest.mark.parametrize('max_iters', [100, 105])  # 105: a hold of 10.5 iterations
def test_cosine_momentum_is_the_reference_schedule(max_iters):
    for t in range(max_iters + 1):
        assert cosine_momentum(t, max_iters, 0.999, 0.999999, 0.1) == pytest.approx(
            reference_momentum(t, max_iters, 0.999, 0.999999, 0.1), abs=1e-15), t


@pytest.mark.parametrize('iteration, expected', [
    (0, 0.999), (9, 0.999),  # held for the first 10%
    # then the cosine on t / T, not restarted: already (1 - cos(0.1 pi)) / 2 along
    (10, 0.999 + 0.000999 * (1 - math.cos(0.1 * math.pi)) / 2),
    (50, (0.999 + 0.999999) / 2),
    (100, 0.999999)])
def test_cosine_momentum_by_hand(iteration, expected):
    assert cosine_momentum(iteration, 100, 0.999, 0.999999, 0.1) == pytest.approx(
        expected, abs=1e-12)
