# CutMix Table 5: + CutMix, Beta(1, 1) (Sec. 3.1, "alpha to 1") with probability 0.5
# (the README's CIFAR command, --beta 1.0 --cutmix_prob 0.5), 14.47 / 2.97.
_base_ = ['./_base_/pyramidnet200_2xb32-300e_cifar100.py']

model = dict(
    train_cfg=dict(augments=dict(type='mmrecmix.CutMix', alpha=1.0, prob=0.5)))

paper_rows = [
    dict(paper='CutMix', table='T5', group='PyramidNet-200 (a~=240)', method='CutMix'),
    # The same run, repeated as the reference line of the ablation (Table 8).
    dict(paper='CutMix', table='T8', group='PyramidNet-200 (a~=240)', method='CutMix'),
]
