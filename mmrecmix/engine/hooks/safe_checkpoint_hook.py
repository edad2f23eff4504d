"""mmengine's CheckpointHook, writing atomically and keeping to its own work dir."""
import os.path as osp

from mmengine.hooks import CheckpointHook

from mmrecmix.checkpoint.files import ATOMIC_BACKEND
from mmrecmix.registry import HOOKS


def _inside(path: str, folder: str) -> bool:
    folder = osp.abspath(folder)
    return osp.commonpath([osp.abspath(path), folder]) == folder


@HOOKS.register_module()
class SafeCheckpointHook(CheckpointHook):
    """:class:`mmengine.hooks.CheckpointHook` with two guarantees for long runs.

    - **Atomic writes.** Checkpoints (including the rewrite of ``epoch_N.pth`` after a
      new best) go to a flushed temporary file in the same folder that is then renamed
      (:class:`mmrecmix.checkpoint.files.AtomicLocalBackend`), and
      ``last_checkpoint`` is written after that rename, so a kill or a full disk leaves
      the previous checkpoint intact and no partial file under a real name.
    - **Its own work dir only.** A run resumed from another run's checkpoint inherits
      that run's best-checkpoint path; mmengine would delete that file at the first
      better validation. Here best checkpoints outside this run's folder are forgotten
      (left on disk) when training starts, so this run removes only its own files.

    ``tools/train.py`` puts this hook in place of a config's ``CheckpointHook`` (same
    arguments). Local folders only: with ``backend_args`` or ``file_client_args`` for
    another storage the hook behaves as mmengine's.

    Args:
        **kwargs: Arguments of :class:`mmengine.hooks.CheckpointHook`.
    """

    def __init__(self, *args, backend_args=None, file_client_args=None, **kwargs):
        if backend_args is None and file_client_args is None:
            backend_args = dict(backend=ATOMIC_BACKEND)
        super().__init__(*args, backend_args=backend_args,
                         file_client_args=file_client_args, **kwargs)

    def before_train(self, runner) -> None:
        super().before_train(runner)
        if self.save_best is None:
            return
        if len(self.key_indicators) == 1:
            self.best_ckpt_path = self._own_or_none(runner, self.best_ckpt_path)
        else:
            self.best_ckpt_path_dict = {
                key: self._own_or_none(runner, path)
                for key, path in self.best_ckpt_path_dict.items()}

    def _own_or_none(self, runner, path):
        if path is None or _inside(path, self.out_dir):
            return path
        runner.logger.info(
            f'SafeCheckpointHook: the resumed best checkpoint {path} belongs to '
            f'another work dir; it is kept as it is, and this run saves its own best '
            f'checkpoint in {self.out_dir}.')
        return None
