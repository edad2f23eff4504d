# AutoMix Table 6, AutoMix: Table 1's AutoMix arm (OpenMixup's AutoMix recipe: cosine
# to 0.05, the momentum encoder) cut to the table's 400 epochs.
_base_ = [
    '../../tables/automix-t1-cifar-automix/resnext50-32x4d_1xb100-800e-automix_cifar100.py',
    './_base_/robustness.py',
]

param_scheduler = [dict(_base_.param_scheduler[0], T_max=400, end=400)]
train_cfg = dict(max_epochs=400)

paper_rows = [dict(paper='AutoMix', table='T6', method='AutoMix')]
