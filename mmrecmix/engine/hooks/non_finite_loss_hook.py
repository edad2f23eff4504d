"""Stop a run whose loss stops being finite, before it trains on or saves garbage."""
import math
from typing import Optional

import torch
from mmengine.hooks import Hook

from mmrecmix.registry import HOOKS
from .model_access import unwrapped_model

WHAT_TO_TRY = ('Try a lower learning rate (optim_wrapper.optimizer.lr), '
               '--amp-dtype bfloat16 instead of float16, or gradient clipping '
               '(optim_wrapper.clip_grad=dict(max_norm=5.0)).')


class TrainingStopped(RuntimeError):
    """A run stopped on purpose; the message says why and what to try. The tools print
    it as one line."""


def non_finite_tensors(tensors) -> list:
    """Names of the floating-point tensors of a ``name -> tensor`` mapping that hold a
    NaN or an infinity."""
    return [name for name, value in tensors.items()
            if torch.is_tensor(value) and value.is_floating_point()
            and not bool(torch.isfinite(value).all())]


@HOOKS.register_module()
class NonFiniteLossHook(Hook):
    """Check every loss of every training iteration; stop the run when they are not
    finite, and refuse to save a checkpoint whose weights are not.

    A non-finite loss after which the weights are still finite is what mixed precision
    with dynamic loss scaling survives (the step is skipped): the run goes on unless it
    happens ``max_consecutive`` iterations in a row. Once the weights themselves hold a
    NaN or an infinity, the run stops at once. In both cases it stops with
    :class:`TrainingStopped`, naming the loss, the iteration and what to try, before
    the checkpoint hook of that iteration runs; and :meth:`before_save_checkpoint`
    refuses any checkpoint with non-finite weights, so none can become ``best_*`` or
    ``last_checkpoint``.

    ``tools/train.py`` adds this hook to every config that does not list it; its
    ``--allow-non-finite`` switch leaves it out.

    Args:
        max_consecutive (int): Non-finite losses in a row (with finite weights) that
            stop the run. Defaults to 3.
    """

    priority = 'ABOVE_NORMAL'  # before the checkpoint hook of the same iteration

    def __init__(self, max_consecutive: int = 3):
        if not isinstance(max_consecutive, int) or max_consecutive < 1:
            raise ValueError('NonFiniteLossHook max_consecutive must be an integer '
                             f'>= 1, got {max_consecutive!r}.')
        self.max_consecutive = max_consecutive
        self.consecutive = 0

    @staticmethod
    def first_non_finite(outputs: Optional[dict]) -> Optional[tuple]:
        """``(name, value)`` of the first non-finite loss in a train step's output."""
        for name, value in (outputs or {}).items():
            number = float(value.detach().float().mean()) if torch.is_tensor(value) \
                else value
            if isinstance(number, float) and not math.isfinite(number):
                return name, number
        return None

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        found = self.first_non_finite(outputs)
        if found is None:
            self.consecutive = 0
            return
        self.consecutive += 1
        name, value = found
        where = f'at iteration {runner.iter + 1} (epoch {runner.epoch + 1})'
        model = unwrapped_model(runner)
        broken = non_finite_tensors(
            dict(model.named_parameters(), **dict(model.named_buffers())))
        if broken:
            raise TrainingStopped(
                f'loss {name!r} is {value} {where} and {len(broken)} weight tensors '
                f'are no longer finite (first: {broken[0]}); the run is stopped and '
                f'nothing of it after this point is saved. {WHAT_TO_TRY}')
        if self.consecutive >= self.max_consecutive:
            raise TrainingStopped(
                f'loss {name!r} is {value} {where}, {self.consecutive} iterations in '
                f'a row (NonFiniteLossHook max_consecutive={self.max_consecutive}); '
                f'the run is stopped. {WHAT_TO_TRY}')
        runner.logger.warning(f'NonFiniteLossHook: loss {name!r} is {value} {where} '
                              '(the weights are still finite; going on).')

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        broken = non_finite_tensors(checkpoint.get('state_dict', {}))
        if broken:
            raise TrainingStopped(
                f'the checkpoint of iteration {runner.iter} would hold {len(broken)} '
                f'non-finite weight tensors (first: {broken[0]}); it is not saved and '
                f'the run is stopped. {WHAT_TO_TRY}')
