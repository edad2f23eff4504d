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


def pvt_classifier(seed=0):
    """A real mmpretrain ImageClassifier on mmrecmix's PVT v1 classifier backbone (a
    small arch: widths 8 / 16 / 16 / 32)."""
    torch.manual_seed(seed)
    arch = dict(embed_dims=8, num_layers=[1, 1, 1, 1], num_heads=[1, 2, 2, 4])
    return MODELS.build(dict(
        type='ImageClassifier',
        backbone=dict(type='mmrecmix.PyramidVisionTransformerCls', arch=arch,
                      pretrain_img_size=64),
        head=dict(type='LinearClsHead', num_classes=10, in_channels=32))), arch


@pytest.mark.full_tier
@pytest.mark.parametrize('meta', [dict(epoch=1), dict(
    cfg="model = dict(backbone=dict(type='mmrecmix.PyramidVisionTransformerCls'))")])
def test_extract_backbone_gives_mmdets_pvt_its_keys_from_a_pvt_classifier(meta, tmp_path):
    from mmdet.models.backbones import PyramidVisionTransformer
    main = tool_module('tools/model_converters/extract_backbone.py').main
    model, arch = pvt_classifier()
    torch.save(dict(state_dict=model.state_dict(), meta=meta), tmp_path / 'pvt_cls.pth')
    main([str(tmp_path / 'pvt_cls.pth'), str(tmp_path / 'pvt.pth')])
    saved = torch.load(tmp_path / 'pvt.pth')['state_dict']
    assert not {'cls_token', 'cls_pos_embed', 'norm.weight', 'norm.bias'} & set(saved)
    detector = PyramidVisionTransformer(pretrain_img_size=64, **arch)
    detector.load_state_dict(saved, strict=True)
    for key, value in detector.state_dict().items():
        assert torch.equal(value, model.backbone.state_dict()[key])
    main([str(tmp_path / 'pvt_cls.pth'), str(tmp_path / 'kept.pth'),
          '--keep-classifier-keys'])
    kept = torch.load(tmp_path / 'kept.pth')['state_dict']
    assert set(kept) - set(saved) == {'cls_token', 'cls_pos_embed', 'norm.weight',
                                      'norm.bias'}


@pytest.mark.full_tier
def test_is_pvt_v1_classifier_needs_mmdets_pvt_layout():
    from mmdet.models.backbones import PyramidVisionTransformer

    from mmrecmix.checkpoint.convert import is_pvt_v1_classifier
    plain = PyramidVisionTransformer(num_layers=[1, 1, 1, 1]).state_dict()
    assert not is_pvt_v1_classifier(dict(state_dict=plain), plain)
    resnet = MODELS.build(dict(type='ResNet_CIFAR', depth=18)).state_dict()
    named = dict(state_dict=resnet, meta=dict(cfg='PyramidVisionTransformerCls'))
    assert not is_pvt_v1_classifier(named, resnet)
    with_norm = dict(plain, **{'norm.weight': torch.ones(512)})
    assert is_pvt_v1_classifier(dict(state_dict=with_norm), with_norm)
