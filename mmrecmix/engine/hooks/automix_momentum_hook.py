"""The momentum schedule of AutoMix's momentum encoder."""
import math

from mmengine.hooks import Hook

from mmrecmix.registry import HOOKS
from .model_access import unwrapped_model


def cosine_momentum(iteration: int, max_iters: int, start: float, end: float,
                    constant_ratio: float) -> float:
    r"""AutoMix's momentum at ``iteration`` (0-based): ``start`` for the first
    ``constant_ratio`` of the iterations, then a cosine rise to ``end``:

    .. math:: \mu = e - (e - s) \frac{1 + \cos(\pi p)}{2}, \qquad
        p = \frac{t - r T}{T - r T}
    """
    held = constant_ratio * max_iters
    if iteration < held:
        return start
    progress = (iteration - held) / max(max_iters - held, 1)
    return end - (end - start) * 0.5 * (1 + math.cos(math.pi * min(progress, 1.0)))


@HOOKS.register_module()
class AutoMixMomentumHook(Hook):
    """Updates :class:`mmrecmix.AutoMixClassifier`'s momentum encoder after every
    training iteration (Eq. 12, with :func:`cosine_momentum`) and tells the model how
    far training is (for the mask-loss annealing). Every rank computes the same
    momentum from the same iteration and the same (all-reduced) online weights, so
    the copies stay identical under DDP.

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
        unwrapped_model(runner).progress = runner.iter / runner.max_iters

    def after_train_iter(self, runner, batch_idx: int, data_batch=None,
                         outputs=None) -> None:
        unwrapped_model(runner).momentum_update(cosine_momentum(
            runner.iter, runner.max_iters, self.momentum, self.end_momentum,
            self.constant_ratio))
