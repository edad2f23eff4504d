"""Tell the scheduled regularisers and mixes how far training has gone."""
from typing import Iterator

from mmengine.hooks import Hook

from mmrecmix.registry import HOOKS
from .model_access import unwrapped_model


def progress_followers(model) -> Iterator:
    """What in ``model`` follows a schedule over training (has ``set_progress``):
    its modules (e.g. :class:`mmrecmix.models.backbones.dropblock.DropBlock`), the
    batch augments of its data preprocessor (e.g. :class:`mmrecmix.CutMix` with
    ``scheduled_prob``) and its ``feature_mix``."""
    for module in model.modules():
        if hasattr(module, 'set_progress'):
            yield module
    preprocessor = getattr(model, 'data_preprocessor', None)
    batch_augments = getattr(preprocessor, 'batch_augments', None)
    augments = list(getattr(batch_augments, 'augments', [batch_augments]))
    augments.append(getattr(model, 'feature_mix', None))
    for augment in augments:
        if augment is not None and hasattr(augment, 'set_progress'):
            yield augment


@HOOKS.register_module()
class TrainProgressHook(Hook):
    """Before each training iteration, passes the share of training done,
    ``t = iter / max_iters`` in [0, 1), to everything in the model that follows a
    schedule (:func:`progress_followers`): DropBlock's linearly decreasing
    ``keep_prob`` (Ghiasi et al. 2018, Sec. 3) and the linearly increasing mixing
    probability of the CutMix paper's "Scheduled CutMix" (Table 8). Counting
    iterations gives the step-wise schedule of the DropBlock authors' code (their
    ``current_step / total_steps``).

    Raises a ``ValueError`` before training when nothing in the model follows a
    schedule, which would make the hook (and the arm's schedule) a silent no-op.
    """
    priority = 'ABOVE_NORMAL'

    def before_train(self, runner) -> None:
        if not any(True for _ in progress_followers(unwrapped_model(runner))):
            raise ValueError(
                'TrainProgressHook: nothing in the model follows a schedule (a '
                'DropBlock with linear_schedule, a CutMix with scheduled_prob); '
                'remove the hook or set the schedule.')

    def before_train_iter(self, runner, batch_idx: int, data_batch=None) -> None:
        progress = runner.iter / runner.max_iters
        for follower in progress_followers(unwrapped_model(runner)):
            follower.set_progress(progress)
