# CutMix Table 5 (CIFAR-100, PyramidNet-200, alpha 240): the baseline, 16.45 / 3.69
# top-1 / top-5 error (mean of 3 runs), in the recipe of the base below.
_base_ = ['./_base_/pyramidnet200_2xb32-300e_cifar100.py']

paper_rows = [
    dict(paper='CutMix', table='T5', group='PyramidNet-200 (a~=240)', method='Baseline'),
    # The same run, repeated as the reference line of the ablation (Table 8).
    dict(paper='CutMix', table='T8', group='PyramidNet-200 (a~=240)', method='Baseline'),
]
