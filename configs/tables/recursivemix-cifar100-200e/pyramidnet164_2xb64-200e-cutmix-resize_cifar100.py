# RecursiveMix Table 2, "RS" only (15.36 top-1 error): "we first modify CutMix with the
# same resize strategy of RM, instead of the original cut operation" (Sec. 4.1,
# ablation on RM components): the PyramidNet-164 CutMix arm (Beta(1, 1), probability
# 0.5, partners by permutation) with the whole partner resized into the box, nearest
# (RM's default interpolation, Table 4b). The authors' code has no switch for this
# ablation; what the text says is all there is.
_base_ = ['./pyramidnet164_2xb64-200e-cutmix_cifar100.py']

model = dict(
    train_cfg=dict(augments=dict(resize=True, interpolation='nearest')))

paper_rows = [
    dict(paper='RecursiveMix', table='T2', group='PyramidNet-164 (a~=270)',
         method='RM ablation: RS only'),
]
