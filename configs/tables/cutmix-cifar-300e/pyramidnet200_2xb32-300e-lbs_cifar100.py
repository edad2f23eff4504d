# CutMix Table 5: + label smoothing, epsilon 0.1 (the table's row label), 16.73 / 3.37.
# The smoothing of Szegedy et al.: (1 - eps) one-hot + eps / K (mmpretrain's 'original').
_base_ = ['./_base_/pyramidnet200_2xb32-300e_cifar100.py']

model = dict(
    head=dict(loss=dict(type='LabelSmoothLoss', label_smooth_val=0.1, mode='original')))

paper_rows = [
    dict(paper='CutMix', table='T5', group='PyramidNet-200 (a~=240)',
         method='Label Smoothing'),
]
