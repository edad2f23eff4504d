"""The converters of released checkpoints (tools/model_converters/clovaai_, smmix_ and
openmixup_to_mmrecmix.py): SRC DST --config, the config's model as the target, one error
line and exit status 2 for a checkpoint that does not fit it; the SMMix tool reads the
run arguments SMMix checkpoints keep, and no other object."""
import argparse
import os.path as osp

import pytest
import torch
import torchvision
from conftest import REPO_ROOT, tool_module

from mmrecmix.checkpoint.compat import safe_by_default

RESNET50 = osp.join(REPO_ROOT, 'configs', 'tables', 'cutmix-imagenet-300e',
                    'resnet50_4xb64-300e-cutmix_in1k.py')
AS_RESNET18 = {'model.backbone.depth': 18, 'model.head.in_channels': 512,
               'model.head.num_classes': 10}


def cfg_options(options):
    return ['--cfg-options', *(f'{key}={value}' for key, value in options.items())]


def config_model(options):
    return tool_module('tools/model_converters/released_checkpoint.py').config_model(
        RESNET50, options)


class RunRecord:
    """An object no safe loader allows."""


def run(tool, argv, capsys):
    """The exit status of ``tool``'s main on ``argv`` and the error line it wrote to
    stderr (mmengine's logger, left by an earlier test with a closed stream, may also
    write a logging traceback there, which is not the tool's)."""
    with pytest.raises(SystemExit) as exit_info:
        tool_module(f'tools/model_converters/{tool}').main([str(a) for a in argv])
    errors = [line for line in capsys.readouterr().err.splitlines()
              if line.startswith('error: ')]
    assert len(errors) == 1, errors
    return exit_info.value.code, errors[0]


def test_clovaai_tool_converts_a_legacy_format_checkpoint(tmp_path):
    network = torchvision.models.resnet18(num_classes=10)
    src, dst = tmp_path / 'model_best.pth.tar', tmp_path / 'mmrecmix.pth'
    optimizer = torch.optim.SGD(network.parameters(), lr=0.1, momentum=0.9)
    torch.save(dict(epoch=299, arch='resnet', best_err1=30.1, best_err5=9.2,
                    state_dict={f'module.{k}': v for k, v in network.state_dict().items()},
                    optimizer=optimizer.state_dict()),
               src, _use_new_zipfile_serialization=False)  # torch < 1.6's format
    tool_module('tools/model_converters/clovaai_to_mmrecmix.py').main(
        [str(src), str(dst), '--config', RESNET50, *cfg_options(AS_RESNET18)])
    saved = torch.load(dst)
    assert saved['meta'] == dict(converted_from=str(src), config=RESNET50)
    config_model(AS_RESNET18).load_state_dict(saved['state_dict'], strict=True)
    assert torch.equal(saved['state_dict']['head.fc.weight'], network.fc.weight)


def test_openmixup_tool_names_what_does_not_fit_in_one_line(tmp_path, capsys):
    src = tmp_path / 'r18_openmixup.pth'
    torch.save(dict(meta=dict(epoch=100), state_dict=config_model(AS_RESNET18).state_dict()),
               src)
    code, err = run('openmixup_to_mmrecmix.py', [
        src, tmp_path / 'out.pth', '--config', RESNET50,
        *cfg_options({'model.backbone.depth': 18, 'model.head.in_channels': 512})], capsys)
    assert code == 2
    assert err.startswith('error: the OpenMixup (mmcv 1) checkpoint does not fit the model: '
                          'shape (checkpoint vs model): head.fc.weight (10, 512) vs '
                          '(1000, 512), head.fc.bias (10,) vs (1000,). Pass the full')
    assert not (tmp_path / 'out.pth').exists()


@pytest.mark.skipif(not safe_by_default(),
                    reason="mmrecmix's restricted unpickler (torch < 2.6) refuses them")
def test_smmix_tool_reads_the_run_arguments_and_no_other_object(tmp_path, capsys):
    arguments = argparse.Namespace(model='vit_deit_small_patch16_224', lr=5e-4,
                                   input_size=224, smoothing=0.1, data_path='/data')
    for name, args in (('with_arguments.pth', arguments), ('with_object.pth', RunRecord())):
        torch.save(dict(model={'pos_embed': torch.zeros(1, 197, 384)}, epoch=299, args=args),
                   tmp_path / name)
    code, err = run('smmix_to_mmrecmix.py', [tmp_path / 'with_arguments.pth',
                                             tmp_path / 'out.pth', '--config', RESNET50],
                    capsys)
    assert (code, err[:60]) == (
        2, 'error: not a SMMix (timm DeiT) checkpoint: no cls_token, pat')
    code, err = run('smmix_to_mmrecmix.py', [tmp_path / 'with_object.pth',
                                             tmp_path / 'out.pth', '--config', RESNET50],
                    capsys)
    assert code == 2
    assert 'contains code, refused' in err
