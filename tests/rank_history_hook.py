"""A test-only hook: each rank writes a fingerprint of its RecursiveMix history."""
import os.path as osp

from mmengine.dist import get_rank
from mmengine.hooks import Hook

from mmrecmix.engine.hooks.model_access import unwrapped_model
from mmrecmix.registry import HOOKS


@HOOKS.register_module()
class RecordRankHistoryHook(Hook):

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        model = unwrapped_model(runner)
        history = model.recursive_mix.history_inputs
        path = osp.join(runner.work_dir, f'history_rank{get_rank()}.txt')
        with open(path, 'a') as f:
            f.write(f'{runner.iter} {history.shape[0]} {history.double().sum().item():.6f} '
                    f'{float(outputs["loss_roi_consistency"]):.6f}\n')
