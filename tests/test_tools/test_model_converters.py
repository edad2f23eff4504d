"""tools/model_converters: the authors' RecursiveMix ResNet checkpoints and backbone
extraction."""

import pytest
import torch
import torchvision
from conftest import tool_module

from mmrecmix.registry import MODELS

def rm_classifier_cfg(backbone, in_channels, num_classes):
    return dict(
        type='mmrecmix.RecursiveMixClassifier', backbone=backbone,
        neck=dict(type='GlobalAveragePooling'),
        head=dict(type='LinearClsHead', num_classes=num_classes, in_channels=in_channels),
        data_preprocessor=dict(type='ClsDataPreprocessor', num_classes=num_classes),
        train_cfg=dict(augments=dict(type='mmrecmix.RecursiveMix')),
        consistency=dict(type='mmrecmix.RoIConsistencyNeck', in_channels=in_channels,
                         num_classes=num_classes))


@pytest.fixture(scope='module')
def authors_checkpoint(tmp_path_factory):
    """A checkpoint in the authors' layout: a torchvision ResNet-50, an fc_roi layer,
    DDP's ``module.`` prefix, and the training script's extra entries."""
    torch.manual_seed(0)
    network = torchvision.models.resnet50(num_classes=100)
    fc_roi = torch.nn.Linear(2048, 100)
    state = {f'module.{k}': v for k, v in network.state_dict().items()}
    state.update({f'module.fc_roi.{k}': v for k, v in fc_roi.state_dict().items()})
    path = tmp_path_factory.mktemp('authors') / 'rm_r50.pth'
    torch.save(dict(epoch=300, arch='resnet50', best_acc1=79.2, state_dict=state), path)
    return network.eval(), state, path


def test_authors_checkpoint_converts_and_gives_the_same_logits(authors_checkpoint, tmp_path):
    main = tool_module('tools/model_converters/recursivemix_to_mmrecmix.py').main
    network, source, path = authors_checkpoint
    main([str(path), str(tmp_path / 'mmrecmix.pth')])
    converted = torch.load(tmp_path / 'mmrecmix.pth')['state_dict']
    # Every tensor arrives unchanged under its new name.
    assert len(converted) == len(source)
    assert torch.equal(converted['head.fc.weight'], source['module.fc.weight'])
    assert torch.equal(converted['consistency.fc.bias'], source['module.fc_roi.bias'])
    assert torch.equal(converted['backbone.layer3.2.bn2.running_var'],
                       source['module.layer3.2.bn2.running_var'])
    model = MODELS.build(rm_classifier_cfg(dict(type='ResNet', depth=50), 2048, 100))
    model.load_state_dict(converted, strict=True)
    model.eval()
    images = torch.randn(2, 3, 96, 128)
    with torch.no_grad():
        expected = network(images)
        logits = model.head(model.neck(model.backbone(images)))
    torch.testing.assert_close(logits, expected, atol=1e-4, rtol=1e-4)


def test_other_architecture_is_refused(tmp_path, capsys):
    main = tool_module('tools/model_converters/recursivemix_to_mmrecmix.py').main
    path = tmp_path / 'vit.pth'
    torch.save(dict(state_dict={'blocks.0.attn.qkv.weight': torch.zeros(3, 3)}), path)
    with pytest.raises(SystemExit) as exit_info:
        main([str(path), str(tmp_path / 'out.pth')])
    assert exit_info.value.code == 2
    assert 'not a torchvision-style ResNet checkpoint' in capsys.readouterr().err


def test_extract_backbone_keeps_only_the_backbone(tmp_path):
    main = tool_module('tools/model_converters/extract_backbone.py').main
    model = MODELS.build(rm_classifier_cfg(dict(type='ResNet_CIFAR', depth=18), 512, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    torch.save(dict(state_dict=model.state_dict(), optimizer=optimizer.state_dict(),
                    meta=dict(epoch=1)), tmp_path / 'classifier.pth')
    main([str(tmp_path / 'classifier.pth'), str(tmp_path / 'backbone.pth')])
    saved = torch.load(tmp_path / 'backbone.pth')
    assert set(saved) == {'state_dict', 'meta'}
    backbone = MODELS.build(dict(type='ResNet_CIFAR', depth=18))
    backbone.load_state_dict(saved['state_dict'], strict=True)
    for key, value in model.backbone.state_dict().items():
        assert torch.equal(saved['state_dict'][key], value)
