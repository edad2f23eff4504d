# CutMix Table 5: + CutMix + ShakeDrop, 13.81 / 2.29 (Sec. 4.1.2, "Combination of
# regularization methods"): the ShakeDrop arm of this folder with the CutMix arm's mix
# (Beta(1, 1), probability 0.5).
_base_ = ['./pyramidnet200_2xb32-300e-shakedrop_cifar100.py']

model = dict(
    train_cfg=dict(augments=dict(type='mmrecmix.CutMix', alpha=1.0, prob=0.5)))

paper_rows = [
    dict(paper='CutMix', table='T5', group='PyramidNet-200 (a~=240)',
         method='CutMix + ShakeDrop'),
]
