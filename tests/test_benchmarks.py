"""Smoke runs of the benchmark scripts (tiny sizes, one repeat): they run and report
every op and variant. The numbers themselves are read from their tables, not tested."""
import os.path as osp
import sys

import pytest

from conftest import REPO_ROOT

pytestmark = pytest.mark.full_tier

sys.path.insert(0, osp.join(REPO_ROOT, 'benchmarks'))


def test_bench_ops_smoke(capsys, tmp_path):
    from bench_ops import main
    rows = main(['--batch', '4', '--height', '64', '--width', '96', '--classes', '10',
                 '--repeats', '1', '--warmup', '0', '--plot', str(tmp_path / 'ops.png')])
    names = [row[0] for row in rows]
    assert {'copy (floor)', 'mmrecmix RecursiveMix', 'mmpretrain CutMix', 'timm CutMix',
            'torchvision CutMix', 'mmrecmix SMMix search+paste', 'mmrecmix FMix',
            'mmrecmix ResizeMix (published)', 'mmpretrain ResizeMix',
            'mmrecmix SaliencyMix per image', 'mmrecmix SaliencyMix per batch',
            'timm Mixup'} <= set(names)
    assert all(row[2] > 0 for row in rows)
    out = capsys.readouterr().out
    assert '| mmrecmix RecursiveMix |' in out and 'RecursiveMix <= 1.1x mmpretrain CutMix' in out
    assert (tmp_path / 'ops.png').is_file()


def test_bench_train_step_smoke(capsys):
    from bench_train_step import main
    results = main(['--batch', '4', '--size', '96', '--repeats', '1', '--warmup', '0'])
    assert set(results['resnet50']['times']) == {
        'none', 'Mixup', 'CutMix', 'RecursiveMix', 'RecursiveMix + neck', 'AutoMix'}
    assert set(results['resnet18_cifar']['times']) == {'none', 'CutMix', 'AutoMix'}
    assert set(results['deit_s']['times']) == {
        'CutMix', 'SMMix', 'TransMix', 'PuzzleMix', 'AttentiveMix'}
    assert all(m > 0 for r in results.values() for m in r['memory'].values())
    out = capsys.readouterr().out
    assert '| RecursiveMix + neck |' in out and 'SMMix window search + paste' in out
    assert '| AutoMix |' in out
