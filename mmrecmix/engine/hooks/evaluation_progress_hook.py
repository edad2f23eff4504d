"""A progress bar over the batches of a test (or validation) run, on the main process."""
import math
import sys
import time
from typing import Optional, Sequence

from mmengine.dist import is_main_process
from mmengine.hooks import Hook
from mmengine.utils import ProgressBar

from mmrecmix.registry import HOOKS

__all__ = ['EvaluationProgressHook', 'with_evaluation_progress']

#: How many progress lines at most a loop writes to a stream that is not a terminal.
FILE_LINES = 10


@HOOKS.register_module()
class EvaluationProgressHook(Hook):
    """Shows how far a test (or validation) loop has gone, on the main process only.

    On a terminal it draws mmengine's :class:`~mmengine.utils.ProgressBar` (the bar of
    mmengine's and mmpretrain's own tools: ``[>>>>  ] i/N, rate, elapsed, ETA``),
    redrawn after every batch and closed by a newline at ``N/N``. When the stream is a
    file (a scheduler's log, a pipe) carriage returns would pile up in one huge line,
    so it writes a plain line instead, at most every ``interval`` batches and always
    at the end::

        test: 20/40 batches (50%), 3.1 batches/s, elapsed: 6s, ETA: 6s

    ``N`` is the length of the main process's dataloader: with several processes, its
    share of the data set, which every rank works through in step. Other ranks write
    nothing. mmengine's ``LoggerHook`` lines (``Epoch(test) [i/N]``) are unchanged.
    ``tools/evaluate.py`` and ``tools/analysis/occlusion_curve.py`` add the hook to
    each of their runs (:func:`with_evaluation_progress`).

    Args:
        interval (int, optional): Batches between two lines in a file. Defaults to
            ``ceil(N / 10)``: about ten lines per loop.
        phases (Sequence[str]): The loops to follow, of ``'test'`` and ``'val'``.
            Defaults to both.
        file (optional): A writable text stream. Defaults to ``sys.stdout`` as it is
            when the loop starts.
    """
    priority = 'VERY_LOW'

    def __init__(self, interval: Optional[int] = None,
                 phases: Sequence[str] = ('test', 'val'), file=None) -> None:
        if interval is not None and interval < 1:
            raise ValueError(f'EvaluationProgressHook: interval must be a number of '
                             f'batches >= 1, got {interval}.')
        unknown = sorted(set(phases) - {'test', 'val'})
        if unknown:
            raise ValueError(f'EvaluationProgressHook: phases are some of '
                             f"('test', 'val'), got {unknown}.")
        self.interval = interval
        self.phases = tuple(phases)
        self.file = file
        self._reset()

    def _reset(self) -> None:
        self._stream = None
        self._bar = None
        self._phase = None
        self._total = 0
        self._done = 0
        self._start = 0.0
        self._every = 1

    # -- the loop's events ------------------------------------------------------------

    def before_test_epoch(self, runner) -> None:
        self._begin(runner, 'test')

    def after_test_iter(self, runner, batch_idx, data_batch=None, outputs=None) -> None:
        self._advance('test')

    def after_test_epoch(self, runner, metrics=None) -> None:
        self._end('test')

    def before_val_epoch(self, runner) -> None:
        self._begin(runner, 'val')

    def after_val_iter(self, runner, batch_idx, data_batch=None, outputs=None) -> None:
        self._advance('val')

    def after_val_epoch(self, runner, metrics=None) -> None:
        self._end('val')

    # -- drawing ----------------------------------------------------------------------

    def _begin(self, runner, phase: str) -> None:
        if phase not in self.phases or not is_main_process():
            return
        loop = runner.test_loop if phase == 'test' else runner.val_loop
        self._reset()
        self._phase = phase
        self._total = len(loop.dataloader)
        self._stream = self.file or sys.stdout
        self._start = time.perf_counter()
        if _is_terminal(self._stream):
            self._bar = ProgressBar(self._total, file=self._stream)
        else:
            self._every = self.interval or max(1, math.ceil(self._total / FILE_LINES))

    def _advance(self, phase: str) -> None:
        if self._phase != phase:
            return
        self._done += 1
        if self._bar is not None:
            self._bar.update()
        elif self._done % self._every == 0 or self._done == self._total:
            self._stream.write(self._line() + '\n')
            self._stream.flush()

    def _end(self, phase: str) -> None:
        if self._phase != phase:
            return
        if self._bar is not None:
            self._stream.write('\n')
            self._stream.flush()
        elif self._done % self._every and self._done != self._total:
            # A loop that stopped short of its length still shows where it ended.
            self._stream.write(self._line() + '\n')
            self._stream.flush()
        self._reset()

    def _line(self) -> str:
        elapsed = time.perf_counter() - self._start
        rate = self._done / elapsed if elapsed > 0 else float('inf')
        share = self._done / self._total if self._total else 1.0
        eta = elapsed * (1 - share) / share if share else 0.0
        return (f'{self._phase}: {self._done}/{self._total} batches '
                f'({100 * share:.0f}%), {rate:.1f} batches/s, '
                f'elapsed: {elapsed:.0f}s, ETA: {eta:.0f}s')


def _is_terminal(stream) -> bool:
    isatty = getattr(stream, 'isatty', None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def with_evaluation_progress(cfg) -> None:
    """Add :class:`EvaluationProgressHook` to ``cfg.custom_hooks`` unless the config
    lists it already (with its own arguments)."""
    hooks = list(cfg.get('custom_hooks') or [])
    if not any(str(hook.get('type', '')).split('.')[-1] == 'EvaluationProgressHook'
               for hook in hooks):
        hooks.append(dict(type='mmrecmix.EvaluationProgressHook'))
    cfg.custom_hooks = hooks
