# The RSB A3 recipe (rsb-a3_openmixup_in1k.py) with the RSB batch mix, the mix of
# every arm in this folder: per batch Mixup (alpha 0.1) or CutMix (alpha 1.0),
# probability 0.5 each, on mmpretrain's RandomBatchAugment (OpenMixup alpha [0.1,
# 1.0], mix_mode ["mixup", "cutmix"], mix_prob None; the RSB paper's A2 / A3).
_base_ = ['./rsb-a3_openmixup_in1k.py']

model = dict(train_cfg=dict(
    _delete_=True,
    augments=[dict(type='Mixup', alpha=0.1), dict(type='CutMix', alpha=1.0)],
    probs=[0.5, 0.5]))
