"""mmrecmix.EvaluationProgressHook in mmengine's test and validation loops of the digits
demo: plain lines reaching N/N in a file, mmengine's bar on a terminal, nothing on a
rank other than the main one."""
import io
import re

import pytest
from conftest import DEMO_CONFIG
from mmengine.config import Config
from mmengine.runner import Runner

from mmrecmix.engine.hooks import evaluation_progress_hook
from mmrecmix.engine.hooks.evaluation_progress_hook import (EvaluationProgressHook,
                                                           with_evaluation_progress)


class Terminal(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self):
        return True


def demo_runner(tmp_path, hook, images: int = 10, batch: int = 1) -> Runner:
    """The untrained digits demo with ``images`` test images in batches of ``batch``
    (so ``ceil(images / batch)`` test iterations) and ``hook``: a config as its custom
    hook, or a hook object registered after the Runner is built (a stream in the
    config would not survive the Runner's dump of it)."""
    cfg = Config.fromfile(DEMO_CONFIG)
    cfg.merge_from_dict({'test_dataloader.dataset.indices': images,
                         'test_dataloader.batch_size': batch,
                         'val_dataloader.dataset.indices': images,
                         'val_dataloader.batch_size': batch,
                         'default_hooks.logger.interval': 1000,
                         # runner.val() on its own: no best checkpoint to keep.
                         'default_hooks.checkpoint.save_best': None})
    cfg.custom_hooks = [hook] if isinstance(hook, dict) else []
    cfg.work_dir = str(tmp_path)
    runner = Runner.from_cfg(cfg)
    if not isinstance(hook, dict):
        runner.register_hook(hook, 'VERY_LOW')
    return runner


def progress_lines(text: str):
    return re.findall(r'(test|val): (\d+)/(\d+) batches \((\d+)%\)', text)


def test_a_file_gets_about_ten_lines_ending_at_n_of_n(tmp_path, capsys):
    runner = demo_runner(tmp_path, dict(type='mmrecmix.EvaluationProgressHook'))
    runner.test()
    lines = progress_lines(capsys.readouterr().out)
    # 10 batches of 1: a line per batch (interval ceil(10 / 10) = 1), the last 10/10.
    assert [int(done) for _, done, _, _ in lines] == list(range(1, 11))
    assert lines[-1] == ('test', '10', '10', '100') and {p for p, *_ in lines} == {'test'}
    runner.val()
    assert progress_lines(capsys.readouterr().out)[-1] == ('val', '10', '10', '100')


def test_the_interval_thins_the_lines_and_the_end_is_always_shown(tmp_path):
    stream = io.StringIO()
    hook = EvaluationProgressHook(interval=4, phases=['test'], file=stream)
    runner = demo_runner(tmp_path, hook)
    runner.test()
    # 10 batches, a line every 4: after batches 4 and 8, and at the end.
    assert [(int(d), int(n)) for _, d, n, _ in progress_lines(stream.getvalue())] == [
        (4, 10), (8, 10), (10, 10)]
    assert '\r' not in stream.getvalue()
    written = stream.getvalue()
    hook.before_val_epoch(runner)
    hook.after_val_iter(runner, 0)
    hook.after_val_epoch(runner)
    assert stream.getvalue() == written, 'the validation loop is not followed'


def test_a_terminal_gets_mmengine_s_bar_redrawn_to_n_of_n(tmp_path):
    stream = Terminal()
    runner = demo_runner(tmp_path, EvaluationProgressHook(file=stream), images=6,
                         batch=2)
    runner.test()
    text = stream.getvalue()
    # 3 batches of 2 images: the empty bar, then one redraw per batch.
    draws = re.findall(r'\[([> ]+)\] (\d+)/3,', text)
    assert [done for _, done in draws] == ['0', '1', '2', '3']
    assert set(draws[-1][0]) == {'>'}, 'a full bar at 3/3'
    assert text.count('\r') == 3 and text.endswith('\n')


def test_other_ranks_stay_silent(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(evaluation_progress_hook, 'is_main_process', lambda: False)
    stream = io.StringIO()
    runner = demo_runner(tmp_path, EvaluationProgressHook(file=stream), images=4)
    metrics = runner.test()
    assert 'accuracy/top1' in metrics
    assert stream.getvalue() == ''


def test_the_tools_add_the_hook_once():
    cfg = Config(dict(custom_hooks=[dict(type='mmrecmix.NonFiniteLossHook')]))
    with_evaluation_progress(cfg)
    with_evaluation_progress(cfg)
    assert [hook['type'] for hook in cfg.custom_hooks] == [
        'mmrecmix.NonFiniteLossHook', 'mmrecmix.EvaluationProgressHook']
    cfg = Config(dict(custom_hooks=[dict(type='EvaluationProgressHook', interval=5)]))
    with_evaluation_progress(cfg)
    assert cfg.custom_hooks == [dict(type='EvaluationProgressHook', interval=5)]


@pytest.mark.parametrize('kwargs,message', [
    (dict(interval=0), 'interval must be a number of batches >= 1'),
    (dict(phases=['train']), "phases are some of ('test', 'val')")])
def test_bad_arguments_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        EvaluationProgressHook(**kwargs)
