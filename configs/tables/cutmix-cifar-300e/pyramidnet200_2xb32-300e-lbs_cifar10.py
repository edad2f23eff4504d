# CIFAR-10: + label smoothing, RecursiveMix Table 1 (3.74 top-1 error, in the CutMix
# recipe; not in the CutMix paper). Epsilon 0.1 as in the CutMix paper's CIFAR-100 row
# (RecursiveMix gives none), smoothing (1 - eps) one-hot + eps / K.
_base_ = ['./_base_/pyramidnet200_2xb32-300e_cifar10.py']

model = dict(
    head=dict(loss=dict(type='LabelSmoothLoss', label_smooth_val=0.1, mode='original')))

paper_rows = [
    dict(paper='RecursiveMix', table='T1', group='PyramidNet-200 (a~=240)',
         method='Label Smoothing'),
]
recipe_differences = _base_.recipe_differences + [
    'epsilon 0.1 assumed: RecursiveMix Table 1 does not give it']
