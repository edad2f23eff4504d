"""The momentum schedule of AutoMix's momentum encoder."""
import math

from mmengine.hooks import Hook

from mmrecmix.registry import HOOKS
from .model_access import unwrapped_model


def cosine_momentum(iteration: int, max_iters: int, start: float, end: float,
                    constant_ratio: float) -> float:
    r"""AutoMix's momentum at ``iteration`` (0-based) of ``max_iters``: ``start``
    for the first ``int(constant_ratio * max_iters)`` iterations, then a cosine
    rise to ``end`` evaluated on the share of the whole run, as the reference's
    ``CosineScheduleHook`` (``warming_up='constant'``) computes it:

    .. math:: \mu_t = e - (e - s) \frac{1 + \cos(\pi t / T)}{2}

    The curve is not restarted after the hold: at ``t = r T`` it is already at
    :math:`(1 - \cos(\pi r)) / 2` of the way from ``start`` to ``end``.
    """
    if iteration < int(max_iters * constant_ratio):
        return start
    t = min(iteration, max_iters)
    return end - (end - start) * (math.cos(math.pi * t / float(max_iters)) + 1) / 2


@HOOKS.register_module()
class AutoMixMomentumHook(Hook):
    """Updates :class:`mmrecmix.AutoMixClassifier`'s momentum encoder after every
    training iteration (Eq. 12, with :func:`cosine_momentum`) and tells the model
    which iteration of how many it is on (for the mask-loss annealing). Every rank
    computes the same momentum from the same iteration and the same (all-reduced)
    online weights, so the copies stay identical under DDP.

    Args:
        momentum (float): Starting momentum (reference: 0.999).
        end_momentum (float): Final momentum (reference: 0.999999 on CIFAR, 0.99999
            on ImageNet).
        constant_ratio (float): Share of the iterations at the starting momentum
            (reference: 0.1).
    """
    priority = 'ABOVE_NORMAL'

    def __init__(self, momentum: float = 0.999, end_momentum: float = 0.999999,
                 constant_ratio: float = 0.1):
        for name, value in (('momentum', momentum), ('end_momentum', end_momentum),
                            ('constant_ratio', constant_ratio)):
            if not 0 <= value <= 1:
                raise ValueError(f'AutoMixMomentumHook: {name} must be in [0, 1], '
                                 f'got {value}.')
        self.momentum = momentum
        self.end_momentum = end_momentum
        self.constant_ratio = constant_ratio

    def before_train(self, runner) -> None:
        model = unwrapped_model(runner)
        if not hasattr(model, 'momentum_update'):
            raise TypeError('AutoMixMomentumHook updates a momentum encoder; the model '
                            f'is a {type(model).__name__}: use it with '
                            'mmrecmix.AutoMixClassifier or remove the hook.')

    def before_train_iter(self, runner, batch_idx: int, data_batch=None) -> None:
        unwrapped_model(runner).set_iteration(runner.iter, runner.max_iters)

    def after_train_iter(self, runner, batch_idx: int, data_batch=None,
                         outputs=None) -> None:
        unwrapped_model(runner).momentum_update(cosine_momentum(
            runner.iter, runner.max_iters, self.momentum, self.end_momentum,
            self.constant_ratio))
