"""mmrecmix.GroupCosineAnnealingLR: AutoMix's Mix Block follows its own cosine
(from 0.1 down to 1e-3) beside the encoder's, by hand over four epochs, and needs the
groups that mmrecmix.GroupOptionsConstructor names."""
import pytest
from conftest import automix_demo_model, automix_imagenet_optimization
from mmengine.optim import build_optim_wrapper

from mmrecmix.registry import PARAM_SCHEDULERS


def lrs_by_group(optim_wrapper):
    groups = optim_wrapper.optimizer.param_groups
    return {name: sorted({g['lr'] for g in groups if g['group_name'] == name})
            for name in {g['group_name'] for g in groups}}


def step(schedulers, times):
    for _ in range(times):
        for scheduler in schedulers:
            scheduler.step()


def test_mix_block_follows_its_own_cosine():
    optim_wrapper, schedulers = automix_imagenet_optimization(automix_demo_model())
    step(schedulers, 2)
    # Half-way: encoder 0.1 -> 0.05, Mix Block 1e-3 + (0.1 - 1e-3) / 2 = 0.0505.
    lrs = lrs_by_group(optim_wrapper)
    assert lrs[None] == pytest.approx([0.05]) and lrs['mix_block'] == pytest.approx([0.0505])
    step(schedulers, 1)
    # The last of the 4 epochs: (1 + cos(3 pi / 4)) / 2 = 0.146447 of the way down.
    lrs = lrs_by_group(optim_wrapper)
    assert lrs[None] == pytest.approx([0.01464466]) and lrs['mix_block'] == pytest.approx(
        [1e-3 + 0.099 * 0.1464466])


def test_groups_without_the_group_constructor_are_named():
    plain = build_optim_wrapper(automix_demo_model(), dict(optimizer=dict(type='SGD', lr=0.1)))
    with pytest.raises(ValueError, match='GroupOptionsConstructor'):
        PARAM_SCHEDULERS.build(dict(type='mmrecmix.GroupCosineAnnealingLR',
                                    groups=['mix_block'], T_max=4),
                               default_args=dict(optimizer=plain))


def test_group_linear_lr_warms_up_the_encoder_only():
    """mmrecmix.GroupLinearLR from 0.5 x lr on all but the Mix Block, end=3
    (mmengine's LinearLR is at the full lr at end - 1): encoder 0.05, 0.075, 0.1,
    then held; the Mix Block's 0.1 untouched."""
    optim_wrapper, _ = automix_imagenet_optimization(automix_demo_model())
    warmup = PARAM_SCHEDULERS.build(
        dict(type='mmrecmix.GroupLinearLR', exclude_groups=['mix_block'],
             start_factor=0.5, end=3), default_args=dict(optimizer=optim_wrapper))
    seen = []
    for _ in range(4):
        lrs = lrs_by_group(optim_wrapper)
        seen += [lrs[None][0], lrs['mix_block'][0]]
        warmup.step()
    assert seen == pytest.approx([0.05, 0.1, 0.075, 0.1, 0.1, 0.1, 0.1, 0.1])
    with pytest.raises(ValueError, match="GroupLinearLR: no parameter group is named"):
        PARAM_SCHEDULERS.build(dict(type='mmrecmix.GroupLinearLR', groups=['mb']),
                               default_args=dict(optimizer=optim_wrapper))
