"""mmrecmix.GroupOptionsConstructor: AutoMix's Mix Block gets its own optimizer
options (here no momentum, as AutoMix's WRN recipe) while the encoder keeps the
config's, and a group name that matches no parameter is refused."""
import pytest
from conftest import automix_demo_model, automix_imagenet_optimization
from mmengine.optim import build_optim_wrapper


def test_mix_block_has_its_own_momentum():
    model = automix_demo_model()
    optim_wrapper, _ = automix_imagenet_optimization(
        model, mix_block_options=dict(momentum=0.0))
    groups = optim_wrapper.optimizer.param_groups
    assert {g['momentum'] for g in groups if g['group_name'] == 'mix_block'} == {0.0}
    assert {g['momentum'] for g in groups if g['group_name'] is None} == {0.9}
    assert sum(len(g['params']) for g in groups if g['group_name'] == 'mix_block') == 4
    # Every trained parameter is in one group (the momentum encoder is not trained).
    trained = [p for p in model.parameters() if p.requires_grad]
    assert sum(len(g['params']) for g in groups) == len(trained)


def test_group_name_matching_no_parameter_is_named():
    with pytest.raises(ValueError, match=r"no parameter name contains \['mix_blok'\]"):
        build_optim_wrapper(automix_demo_model(), dict(
            constructor='mmrecmix.GroupOptionsConstructor',
            optimizer=dict(type='SGD', lr=0.1),
            paramwise_cfg=dict(group_options=dict(mix_blok=dict(momentum=0.0)))))
