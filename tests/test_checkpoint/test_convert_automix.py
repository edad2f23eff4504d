"""An mmrecmix AutoMix checkpoint (AutoMixClassifier: online encoder under backbone. /
head., the evaluated momentum encoder under momentum_encoder.) through
tools/model_converters/automix_to_classifier.py into the plain classifier of AutoMix
Table 8's localisation config: the momentum encoder's weights, logits and CAMs."""
import os.path as osp

import pytest
import torch
from conftest import REPO_ROOT, tool_module

from mmrecmix.evaluation.cam import class_activation_maps

AUTOMIX_TRAIN = osp.join(REPO_ROOT, 'configs', 'tables', 'automix-t5-finegrained-automix',
                         'resnet18_1xb16-200e-automix_cub.py')
AUTOMIX_WSOL = osp.join(REPO_ROOT, 'configs', 'evaluation', 'automix-t8-wsol',
                        'resnet18_cub200-automix_wsol.py')


def config_model(config):
    return tool_module('tools/model_converters/released_checkpoint.py').config_model(config)


def convert(argv):
    tool_module('tools/model_converters/automix_to_classifier.py').main(argv)


@pytest.fixture(scope='module')
def automix(tmp_path_factory):
    """The AutoMix CUB R-18 model of AutoMix Table 5 (the one Table 8 localises) with
    online and momentum encoders apart, and its checkpoint as tools/train.py saves it."""
    torch.manual_seed(0)
    model = config_model(AUTOMIX_TRAIN)
    assert type(model).__name__ == 'AutoMixClassifier'
    with torch.no_grad():
        for name, tensor in model.state_dict().items():
            if name.startswith(('backbone.', 'head.')) and tensor.is_floating_point():
                tensor.add_(torch.randn_like(tensor))
    path = tmp_path_factory.mktemp('automix') / 'epoch_200.pth'
    torch.save(dict(meta=dict(epoch=200, cfg="model = dict(type='AutoMixClassifier')"),
                    state_dict=model.state_dict(), optimizer=dict(state={})), path)
    return model.eval(), path


def test_the_plain_classifier_gets_the_momentum_encoder(automix, tmp_path):
    model, path = automix
    convert([str(path), str(tmp_path / 'plain.pth'), '--config', AUTOMIX_WSOL])
    saved = torch.load(tmp_path / 'plain.pth')
    assert saved['meta']['converted_from'] == str(path)
    plain = config_model(AUTOMIX_WSOL)
    plain.load_state_dict(saved['state_dict'], strict=True)
    momentum = model.momentum_encoder.state_dict()
    assert set(saved['state_dict']) == {key for key in momentum
                                        if not key.startswith('mix_head.')}
    for key, value in saved['state_dict'].items():
        assert torch.equal(value, momentum[key])
        if value.is_floating_point() and key.startswith(('backbone.', 'head.')):
            assert not torch.equal(value, model.state_dict()[key]), key

    plain.eval()
    inputs = torch.randn(2, 3, 64, 96, generator=torch.Generator().manual_seed(1))
    cams, logits = class_activation_maps(plain, inputs, torch.tensor([3, 150]))
    with torch.no_grad():
        torch.testing.assert_close(logits, model(inputs, mode='tensor'))
        features = model.momentum_encoder['backbone'](inputs)[-1]
        online_features = model.backbone(inputs)[-1]
    weight = model.momentum_encoder['head'].fc.weight
    assert cams.shape == (2, 2, 3)
    for n, k in enumerate((3, 150)):
        expected = (weight[k][:, None, None] * features[n]).sum(dim=0)
        torch.testing.assert_close(cams[n], expected)
        online = (model.head.fc.weight[k][:, None, None] * online_features[n]).sum(dim=0)
        assert not torch.allclose(cams[n], online, atol=1e-3)


def test_a_checkpoint_without_a_momentum_encoder_is_refused(tmp_path, capsys):
    plain = config_model(AUTOMIX_WSOL)
    torch.save(dict(state_dict=plain.state_dict()), tmp_path / 'plain.pth')
    with pytest.raises(SystemExit):
        convert([str(tmp_path / 'plain.pth'), str(tmp_path / 'out.pth'),
                 '--config', AUTOMIX_WSOL])
    assert 'not an AutoMixClassifier checkpoint: no momentum_encoder.*' in \
        capsys.readouterr().err
    assert not (tmp_path / 'out.pth').exists()


def test_a_config_of_another_network_is_refused(automix, tmp_path, capsys):
    _, path = automix
    other = AUTOMIX_WSOL.replace('resnet18_cub200', 'resnext50-32x4d_cub200')
    with pytest.raises(SystemExit):
        convert([str(path), str(tmp_path / 'out.pth'), '--config', other])
    assert 'does not fit the model' in capsys.readouterr().err
