# CIFAR-10: + CutMix (Beta(1, 1), probability 0.5 as the README's CIFAR command),
# CutMix Table 7 (2.88 top-1 error), copied by RecursiveMix Table 1.
_base_ = ['./_base_/pyramidnet200_2xb32-300e_cifar10.py']

model = dict(
    train_cfg=dict(augments=dict(type='mmrecmix.CutMix', alpha=1.0, prob=0.5)))

paper_rows = [
    dict(paper='CutMix', table='T7', group='PyramidNet-200 (a~=240)', method='CutMix'),
    dict(paper='RecursiveMix', table='T1', group='PyramidNet-200 (a~=240)',
         method='CutMix'),
]
