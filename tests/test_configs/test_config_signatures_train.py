"""Every config of issue 29 trains, by signature: the configs that issue added (the
AutoMix Table 13 / 14 lengths and Table 4 ConvNeXt arms, RSB A2 / A3 on EfficientNet-B0,
MobileNetV2 and R-50, the CutMix extra arms on R-101 / RX-101 / PyramidNet-110, the
stochastic-depth, DropBlock, ShakeDrop, MoEx and CutMix-variant arms, RecursiveMix
Table 2's ablations, the CIFAR DenseNet and ResNet-110 arms, PVT v1, CaiT and DeiT-B /
DeiT-T TransMix).

Their exact training signatures (tests/config_signature.py ``training_signature``:
everything one training iteration depends on, without the schedule's length, the
checkpoints, the evaluation and the notes) are 136 distinct ones, at about four CPU
seconds each through the Runner more than the three extra minutes of CI in two
processes that this test may take. So it trains the distinct (backbone, mix) pairs
(``backbone_and_mix``: the model with its numbers masked, the types of the pipeline
steps, of the optimizer and wrapper and of the hooks), 104 of them, and asserts that
each of the other 108 configs equals the one of its pair that trained up to recipe
scalars: learning rate, weight decay, epochs, and also the classes, mix alphas and
probabilities or drop rates where a table's arms differ in them (CIFAR-10 / CIFAR-100,
RSB A2 / A3), besides the pipeline's padding mode and RSB A2's repeated-augmentation
sampler; the test ids name the trained config and the values that differ. The lengths
of AutoMix Tables 13 / 14 are the very iterations of the trained length (equal
signatures).

One config of each pair trains two iterations of generated images through mmengine's
Runner with its optimizer wrapper and custom hooks (two optimizer steps). The largest
networks train shallower (the same stage widths, so heads, Mix Blocks and guides fit)
at small image sizes."""
import copy
import functools
import os.path as osp

import pytest
from conftest import FULL_TIER, REPO_ROOT
from config_signature import (SCOPE, backbone_and_mix, differing_numbers,
                              numbers_masked, runner_iterations, signature_scope,
                              training_signature)

import mmrecmix  # noqa: F401
from mmrecmix.zoo.config_loading import load_configs

CONFIGS = osp.join(REPO_ROOT, 'configs')
NAMES = signature_scope(CONFIGS)


@functools.lru_cache(maxsize=None)
def loaded() -> dict:
    return dict(zip(NAMES, load_configs([osp.join(CONFIGS, n) for n in NAMES])))


def sorted_items(value):
    if isinstance(value, dict):
        return tuple(sorted((k, sorted_items(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(sorted_items(v) for v in value)
    return value


def key(function, name: str) -> str:
    return repr(sorted_items(function(loaded()[name])))


@functools.lru_cache(maxsize=None)
def trained_of() -> dict:
    """Each config's (backbone, mix) pair's first config by name: the one that
    trains."""
    first = {}
    for name in NAMES:
        first.setdefault(key(backbone_and_mix, name), name)
    return {name: first[key(backbone_and_mix, name)] for name in NAMES}


# Read once at collection, to parametrize: which configs train, which share.
TRAINED = sorted(set(trained_of().values()))
SHARING = [(name, trained) for name, trained in sorted(trained_of().items())
           if name != trained]


def sharing_id(name: str, trained: str) -> str:
    differing = differing_numbers(training_signature(loaded()[name]),
                                  training_signature(loaded()[trained]))
    return f'{name} = {trained}' + (f' but {",".join(differing)}' if differing else '')


@pytest.mark.stack_independent
def test_the_scope_is_issue_29_s_configs():
    """Every folder holds some of them; 212 in all (no config left out by a name
    pattern that no longer matches); 136 exact signatures."""
    for folder in SCOPE:
        assert any(n.startswith(folder + '/') for n in NAMES), folder
    assert len(NAMES) == 212
    assert len({key(training_signature, n) for n in NAMES}) == 136
    assert len(TRAINED) + len(SHARING) == len(NAMES)


@pytest.mark.stack_independent
@pytest.mark.parametrize('name, trained', SHARING,
                         ids=[sharing_id(n, t) for n, t in SHARING])
def test_config_is_a_trained_config_up_to_recipe_scalars(name, trained):
    """``name`` trains what ``trained`` (in TRAINED) trains but for numbers: the same
    model structure, classifier and mix types, the same pipeline steps, optimizer,
    wrapper and hooks; only numbers differ (none at all for the lengths of AutoMix
    Tables 13 / 14, whose arms are the same iterations)."""
    assert trained in TRAINED and name not in TRAINED
    mine, theirs = training_signature(loaded()[name]), training_signature(loaded()[trained])
    assert backbone_and_mix(loaded()[name]) == backbone_and_mix(loaded()[trained])
    # Besides numbers, only the arguments of pipeline steps (CIFAR-10's and CIFAR-100's
    # padding modes) and the sampler (RSB A2's repeated augmentation) may differ.
    other = differing_numbers(numbers_masked(mine), numbers_masked(theirs))
    assert all(p.startswith(('train_pipeline[', 'train_sampler.')) for p in other), other
    if osp.dirname(name) == osp.dirname(trained) and 'epochs' in name:
        assert mine == theirs  # a length of AutoMix Table 13 / 14: the same iterations
    assert loaded()[name].to_dict() != loaded()[trained].to_dict()


# The largest networks train shallower, with their stage widths kept: one bottleneck
# unit per stage for PyramidNet and the CIFAR ResNet-110, depth 50 for R-101 / RX-101,
# one block per stage for ConvNeXt-T, PVT v1, DeiT-B / DeiT-T, two blocks for CaiT.
SHALLOWER = {
    'mmrecmix.PyramidNet': dict(depth=11),
    'mmrecmix.CIFARResNet': dict(depth=11),
    'ResNet': dict(depth=50),
    'ResNeXt': dict(depth=50),
    'ConvNeXt': dict(arch=dict(depths=[1, 1, 1, 1], channels=[96, 192, 384, 768])),
    'mmrecmix.PyramidVisionTransformerCls': dict(arch=dict(num_layers=[1, 1, 1, 1])),
    'mmrecmix.CaiT': dict(img_size=64, depth=2),
}
VIT_WIDTHS = {'deit-base': dict(embed_dims=768, num_heads=12, feedforward_channels=3072),
              'deit-tiny': dict(embed_dims=192, num_heads=3, feedforward_channels=768)}
FULL_TIER_BACKBONES = ('mmrecmix.CaiT', 'mmrecmix.PyramidVisionTransformerCls')


def image_size(cfg) -> int:
    """16 px for the CIFAR networks, 32 for the ImageNet CNNs, 64 for ConvNeXt and the
    transformers (a ViT's or CaiT's 16-pixel patches give a 4x4 grid), 128 for PVT v1
    (a 4x4 last grid at 1/32)."""
    backbone = cfg.model.backbone.type
    if cfg.train_dataloader.dataset.type in ('CIFAR10', 'CIFAR100'):
        return 16
    if backbone == 'mmrecmix.PyramidVisionTransformerCls':
        return 128
    if backbone in ('ConvNeXt', 'VisionTransformer', 'mmrecmix.CaiT'):
        return 64
    return 32


def reduced(cfg):
    """A copy of ``cfg`` with its network shallower (SHALLOWER), a ViT at 64 px with one
    block, and a frozen guide network without its user-supplied checkpoint."""
    cfg = copy.deepcopy(cfg)
    backbone = cfg.model.backbone
    if backbone.type in SHALLOWER:
        backbone.update(SHALLOWER[backbone.type])
    if backbone.type == 'VisionTransformer':
        backbone.update(img_size=64, arch=dict(VIT_WIDTHS[backbone.arch], num_layers=1))
    if (cfg.model.get('guide') or {}).get('type') == 'mmrecmix.FrozenNetworkGuide':
        # The user's pretrained network is not here: random weights, allowed.
        cfg.model.guide.update(checkpoint=None, allow_random_weights=True)
    return cfg


def trained_params():
    for name in TRAINED:
        cfg = loaded()[name]
        marks = [FULL_TIER] if cfg.model.backbone.type in FULL_TIER_BACKBONES else []
        yield pytest.param(name, marks=marks, id=name)


@pytest.mark.parametrize('name', trained_params())
def test_two_iterations_through_the_runner(name, tmp_path):
    """Two iterations of four generated images: finite losses at each, the head moved
    by the config's optimizer."""
    cfg = reduced(loaded()[name])
    runner = runner_iterations(cfg, tmp_path, image_size(cfg))
    assert runner.iter == 2
