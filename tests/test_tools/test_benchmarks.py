"""Smoke runs of the benchmark scripts (tiny sizes, one repeat): they run and report
every op and variant. The numbers themselves are read from their tables, not tested."""

import re

import pytest

from conftest import tool_module

pytestmark = pytest.mark.full_tier


def test_bench_ops_smoke(capsys, tmp_path):
    main = tool_module('benchmarks/bench_ops.py').main
    rows = main(['--batch', '4', '--height', '64', '--width', '96', '--classes', '10',
                 '--repeats', '1', '--warmup', '0', '--plot', str(tmp_path / 'ops.png')])
    names = [row[0] for row in rows]
    assert {'copy (floor)', 'mmrecmix RecursiveMix', 'mmpretrain CutMix', 'timm CutMix',
            'torchvision CutMix', 'mmrecmix SMMix search+paste', 'mmrecmix FMix',
            'mmrecmix ResizeMix (published)', 'mmpretrain ResizeMix',
            'mmrecmix SaliencyMix per image', 'mmrecmix SaliencyMix per batch',
            'timm Mixup', 'mmrecmix CutMix elem', 'timm CutMix elem', 'mmrecmix Mixup elem',
            'timm Mixup elem', 'mmrecmix ResizeMix elem', 'mmrecmix Co-Mixup block solve',
            'mmrecmix TransMix elem input mix',
            'mmrecmix SMMix random->corresponding'} <= set(names)
    assert all(row[2] > 0 for row in rows)
    out = capsys.readouterr().out
    assert '| mmrecmix RecursiveMix |' in out and 'RecursiveMix <= 1.1x mmpretrain CutMix' in out
    # The per-sample table: each elem op against its batch mode and timm's elem mode.
    assert '| per-sample op | median ms | / its batch mode | peer | / peer |' in out
    table = out[out.index('| per-sample op |'):]
    for op, peer in [('mmrecmix CutMix elem', 'timm CutMix elem'),
                     ('mmrecmix Mixup elem', 'timm Mixup elem'),
                     ('mmrecmix ResizeMix elem', '-'),
                     ('mmrecmix SaliencyMix per image', '-')]:
        assert re.search(rf'\| {op} \| [0-9.]+ \| [0-9.]+x \| {peer} \| ', table), (op, table)
    assert '| timm CutMix elem | cut-paste per sample |' in out
    assert '| timm Mixup elem | blend per sample |' in out
    assert (tmp_path / 'ops.png').is_file()


def test_bench_train_step_smoke(capsys, monkeypatch):
    bench_train_step = tool_module('benchmarks/bench_train_step.py')
    # One real child process for one variant; the others measure in this process
    # (a child per variant is ~6 s of imports each).
    args = bench_train_step.parse_args(['--batch', '2', '--size', '32'])
    assert bench_train_step.peak_memory('resnet18_cifar', 'CutMix', args) > 0
    monkeypatch.setattr(bench_train_step, 'peak_memory',
                        bench_train_step.peak_memory_here)
    results = bench_train_step.main(['--batch', '4', '--size', '96', '--repeats', '1',
                                     '--warmup', '0'])
    assert set(results['resnet50']['times']) == {
        'none', 'Mixup', 'CutMix', 'RecursiveMix', 'RecursiveMix + neck', 'AutoMix'}
    assert set(results['resnet18_cifar']['times']) == {'none', 'CutMix', 'AutoMix'}
    assert set(results['deit_s']['times']) == {
        'CutMix', 'SMMix', 'TransMix', 'PuzzleMix', 'AttentiveMix'}
    assert all(m > 0 for r in results.values() for m in r['memory'].values())
    out = capsys.readouterr().out
    assert '| RecursiveMix + neck |' in out and 'SMMix window search + paste' in out
    assert '| AutoMix |' in out
