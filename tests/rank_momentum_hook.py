"""A test-only hook: each rank writes a fingerprint of AutoMix's momentum encoder."""
import os.path as osp

from mmengine.dist import get_rank
from mmengine.hooks import Hook

from mmrecmix.engine.hooks.model_access import unwrapped_model
from mmrecmix.registry import HOOKS


@HOOKS.register_module()
class RecordRankMomentumHook(Hook):
    priority = 'LOW'  # after AutoMixMomentumHook's update

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        model = unwrapped_model(runner)
        total = sum(p.double().sum().item() for p in model.momentum_encoder.parameters())
        with open(osp.join(runner.work_dir, f'momentum_rank{get_rank()}.txt'), 'a') as f:
            f.write(f'{runner.iter} {total:.12e}\n')
