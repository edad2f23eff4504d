"""tools/evaluate.py end to end on a trained digits demo checkpoint: every suite that
needs no ImageNet-sized data (clean, calibration, OOD, corruption, in-between pairs,
FGSM) gives numbers that behave as its protocol says, the summary beside the paper's
numbers is printed and written, tools/test.py runs a config's single suite, and the
refusals.

The tool's orchestration is what is tested here (suites into configs, one run each,
rows, summary, two ranks): the parts it runs (the loop, metrics, datasets) are tested
on every stack in their own files, so the oldest and newest stacks skip this module
(stack_independent)."""
import json
import os.path as osp

import numpy as np
import pytest
import torch
from conftest import DEMO_CONFIG, tool_module
from PIL import Image

from mmrecmix.checkpoint.compat import safe_load

pytestmark = pytest.mark.stack_independent


def evaluate(*args):
    return tool_module('tools/evaluate.py').main([str(a) for a in args])


def digits_images(count):
    """The first ``count`` validation digits as 32 x 32 x 3 uint8 images, and labels."""
    from mmrecmix.datasets import Digits
    samples = [Digits(split='val').get_data_info(i) for i in range(count)]
    images = np.stack([np.kron(s['img'], np.ones((4, 4, 1), np.uint8)) for s in samples])
    return images, np.array([s['gt_label'] for s in samples])


def make_digits_c(root, block_size=40):
    """A CIFAR-C-layout copy of ``block_size`` validation digits: Gaussian noise of
    standard deviation 25 x severity grey levels, severities 1-5 in 5 blocks."""
    images, labels = digits_images(block_size)
    rng = np.random.RandomState(0)
    blocks = [np.clip(images + rng.normal(0, 25.0 * s, images.shape), 0, 255)
              for s in range(1, 6)]
    np.save(osp.join(root, 'gaussian_noise.npy'), np.concatenate(blocks).astype(np.uint8))
    np.save(osp.join(root, 'labels.npy'), np.tile(labels, 5).astype(np.int64))


def make_folder_set(root, count=20):
    """An OOD image folder (as ODIN's LSUN unpacks): random coloured blocks."""
    folder = osp.join(root, 'LSUN', 'test')
    import os
    os.makedirs(folder)
    rng = np.random.RandomState(1)
    for i in range(count):
        blocks = rng.randint(0, 255, (4, 4, 3), dtype=np.uint8)
        Image.fromarray(np.kron(blocks, np.ones((8, 8, 1), np.uint8))).save(
            osp.join(folder, f'{i}.png'))


@pytest.fixture(scope='module')
def suites_run(trained_digits_checkpoint, tmp_path_factory):
    root = tmp_path_factory.mktemp('eval_data')
    make_digits_c(str(root))
    make_folder_set(str(root))
    work_dir = tmp_path_factory.mktemp('eval')
    rows = evaluate(
        DEMO_CONFIG, trained_digits_checkpoint, '--work-dir', work_dir,
        '--suite', 'clean', 'calibration', 'ood', 'corruption', 'in_between', 'fgsm',
        '--options', f'ood.data_root={root}',
        'ood.sets=[LSUN_crop,Uniform,Gaussian]', 'ood.noise_images=60',
        'ood.noise_size=8', f'corruption.data_root={root}', 'corruption.layout=cifar',
        'corruption.block_size=40', 'corruption.corruptions=[gaussian_noise]',
        'in_between.num_pairs=100', 'fgsm.eps=0.03')
    with open(work_dir / 'evaluation_summary.json') as f:
        return rows, json.load(f), work_dir


def test_rows_are_printed_and_written(suites_run):
    rows, summary, work_dir = suites_run
    assert summary['rows'] == rows
    assert list(rows) == ['clean', 'calibration', 'ood', 'corruption', 'in_between', 'fgsm']
    assert rows['clean']['clean acc'] == pytest.approx(rows['calibration']['clean acc'])
    assert rows['clean']['clean acc'] > 80, 'two epochs learn the digits'
    assert osp.isfile(work_dir / 'reliability_diagram.png')
    metrics = summary['metrics']
    assert set(metrics['ood']) >= {'auroc/Gaussian', 'auroc/Uniform', 'auroc/LSUN_crop'}


def test_noise_is_detected_as_out_of_distribution(suites_run):
    metrics = suites_run[1]['metrics']['ood']
    print({key: round(value, 1) for key, value in metrics.items()})
    assert metrics['auroc/Gaussian'] > 70 and metrics['auroc/Uniform'] > 70
    assert 0 <= suites_run[0]['ood']['TNR@95'] <= 100


def test_corruption_accuracy_falls_with_severity(suites_run):
    metrics = suites_run[1]['metrics']['corruption']
    by_severity = [metrics[f'corruption/accuracy/gaussian_noise/{s}'] for s in range(1, 6)]
    assert by_severity[4] < by_severity[0]
    assert suites_run[0]['corruption']['corruption acc'] == pytest.approx(
        np.mean(by_severity))
    assert suites_run[0]['corruption']['corruption acc'] < suites_run[0]['clean']['clean acc']


def test_over_confident_model_has_a_larger_ece(trained_digits_checkpoint, tmp_path,
                                                suites_run):
    checkpoint = safe_load(trained_digits_checkpoint)
    for key in ('head.fc.weight', 'head.fc.bias'):
        checkpoint['state_dict'][key] = checkpoint['state_dict'][key] * 20
    scaled = tmp_path / 'scaled.pth'
    torch.save(checkpoint, scaled)
    rows = evaluate(DEMO_CONFIG, scaled, '--work-dir', tmp_path, '--suite', 'calibration')
    ours = suites_run[0]['calibration']
    assert rows['calibration']['clean acc'] == pytest.approx(ours['clean acc']), 'same argmax'
    assert rows['calibration']['ECE'] > ours['ECE']


def test_test_py_runs_a_config_s_single_suite(trained_digits_checkpoint, tmp_path):
    config = tmp_path / 'calibration.py'
    config.write_text(f'_base_ = [{DEMO_CONFIG!r}]\n'
                      'evaluation = dict(calibration=dict(num_bins=5))\n')
    metrics = tool_module('tools/test.py').main(
        [str(config), trained_digits_checkpoint, '--work-dir', str(tmp_path)])
    assert {'accuracy/top1', 'calibration/ece', 'calibration/mce'} <= set(metrics)
    config.write_text(f'_base_ = [{DEMO_CONFIG!r}]\n'
                      'evaluation = dict(clean=dict(), calibration=dict())\n')
    with pytest.raises(SystemExit):
        tool_module('tools/test.py').main([str(config), trained_digits_checkpoint])


def test_refusals_name_the_fix(intact_checkpoint, capsys):
    for args, message in [
            ((), 'nothing to evaluate'),
            (('--suite', 'ood'), "needs the option 'data_root'"),
            (('--suite', 'clean', '--options', 'fgsm.eps=0.1'), 'SUITE.KEY=VALUE')]:
        with pytest.raises(SystemExit):
            evaluate(DEMO_CONFIG, intact_checkpoint, *args)
        assert message in capsys.readouterr().err


def test_fgsm_accuracy_falls_as_eps_grows(trained_digits_checkpoint, tmp_path, suites_run):
    rows = evaluate(DEMO_CONFIG, trained_digits_checkpoint, '--work-dir', tmp_path,
                    '--suite', 'fgsm', '--options', 'fgsm.eps=51/510')
    clean, small = suites_run[0]['clean']['clean acc'], suites_run[0]['fgsm']['acc']
    assert clean > small > rows['fgsm']['acc']
    assert rows['fgsm']['FGSM err'] == pytest.approx(100 - rows['fgsm']['acc'])


def test_options_come_from_the_config_then_the_command_line(tmp_path):
    from mmengine.config import Config
    tool = tool_module('tools/evaluate.py')
    config = tmp_path / 'two_suites.py'
    config.write_text(f'_base_ = [{DEMO_CONFIG!r}]\n'
                      "evaluation = dict(ood=dict(data_root='data/ood', noise_images=5),\n"
                      '                  fgsm=dict(eps=0.1))\n')
    cfg = Config.fromfile(str(config))
    args = tool.parse_args([str(config), 'x.pth', '--suite', 'ood', 'clean',
                            '--options', 'ood.noise_images=7'])
    assert tool.chosen_suites(cfg, args) == dict(
        ood=dict(data_root='data/ood', noise_images=7), clean={})
    args = tool.parse_args([str(config), 'x.pth', '--options', 'fgsm.eps=8/255'])
    assert tool.chosen_suites(cfg, args)['fgsm'] == dict(eps=8 / 255)


def test_in_between_pairs_are_often_neither_class(suites_run):
    row = suites_run[0]['in_between']
    assert 0 <= row['top-2 neither'] <= row['top-1 neither'] <= 100
    # A guess among the 10 digits misses both classes of a pair 8 / 10 of the time at
    # top-1 and C(8, 2) / C(10, 2) = 28 / 45 at top-2; a model that learnt the digits
    # still sees one of the two in a half-and-half mix far more often.
    assert row['top-1 neither'] < 80 - 20 and row['top-2 neither'] < 100 * 28 / 45 - 20


@pytest.mark.distributed
def test_two_ranks_give_the_single_process_numbers(trained_digits_checkpoint, tmp_path):
    import subprocess
    import sys

    from conftest import REPO_ROOT, free_port
    (tmp_path / 'digits-c').mkdir()
    make_digits_c(str(tmp_path / 'digits-c'), block_size=20)
    suites = ['calibration', 'ood', 'fgsm', 'pgd', 'corruption', 'in_between']
    # 179 test digits: an odd count, so the two-rank sampler pads (and the padding must
    # be dropped); half the images keep the six suites' cost near the three's before.
    args = [trained_digits_checkpoint, '--cfg-options', 'test_dataloader.dataset.indices=179',
            '--suite', *suites, '--options',
            'ood.sets=[Uniform,Gaussian]', 'ood.noise_images=60', 'fgsm.eps=0.03',
            'pgd.eps=0.03', 'pgd.steps=2', f'corruption.data_root={tmp_path / "digits-c"}',
            'corruption.layout=cifar', 'corruption.block_size=20',
            'corruption.corruptions=[gaussian_noise]', 'in_between.num_pairs=60']
    single = evaluate(DEMO_CONFIG, *args, '--work-dir', tmp_path / 'single')
    result = subprocess.run(
        [sys.executable, '-m', 'torch.distributed.run', '--nproc_per_node=2',
         f'--master_port={free_port()}', osp.join(REPO_ROOT, 'tools', 'evaluate.py'),
         DEMO_CONFIG, *args, '--work-dir', str(tmp_path / 'two'), '--launcher', 'pytorch'],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    with open(tmp_path / 'two' / 'evaluation_summary.json') as f:
        two = json.load(f)['rows']
    assert list(two) == list(single) == suites
    for suite, row in single.items():
        assert two[suite] == pytest.approx(row, abs=1e-6), suite
    # One progress bar per suite, drawn by rank 0 only (both ranks print to this stdout).
    import re
    ends = re.findall(r'^test: (\d+)/(\d+) batches \(100%\)', result.stdout, re.M)
    assert len(ends) == len(suites) and all(a == b for a, b in ends), result.stdout[-3000:]


def test_a_missing_ood_folder_is_named_with_its_layout(intact_checkpoint, tmp_path, capsys):
    (tmp_path / 'LSUN').mkdir()
    with pytest.raises(SystemExit):
        evaluate(DEMO_CONFIG, intact_checkpoint, '--work-dir', tmp_path, '--suite', 'ood',
                 '--options', f'ood.data_root={tmp_path}', 'ood.sets=[LSUN_crop,iSUN]')
    error = capsys.readouterr().err
    assert f"test_dataloader.dataset.ood_sets.iSUN: '{tmp_path / 'iSUN'}' does not exist" \
        in error and 'set test_dataloader.dataset.ood_sets.iSUN.data_root' in error
