# CutMix Table 5: + DropBlock + label smoothing (epsilon 0.1), 15.16 / 3.86: the
# DropBlock arm of this folder with the label-smoothing arm's loss
# (../cutmix-cifar-300e/pyramidnet200_2xb32-300e-lbs_cifar100.py).
_base_ = ['./pyramidnet200_2xb32-300e-dropblock_cifar100.py']

model = dict(
    head=dict(loss=dict(type='LabelSmoothLoss', label_smooth_val=0.1, mode='original')))

paper_rows = [
    dict(paper='CutMix', table='T5', group='PyramidNet-200 (a~=240)',
         method='DropBlock + Label Smoothing'),
]
