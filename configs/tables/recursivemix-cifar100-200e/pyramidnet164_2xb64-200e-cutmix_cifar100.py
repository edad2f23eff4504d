# RecursiveMix Table 3: PyramidNet-164 (alpha 270) + CutMix (15.59 top-1 error),
# the mix of ../../cifar/resnet18_2xb64-200e-cutmix_cifar100.py on PyramidNet-164.
_base_ = ['../../cifar/resnet18_2xb64-200e-cutmix_cifar100.py']

model = dict(
    backbone=dict(_delete_=True, type='mmrecmix.PyramidNet', depth=164, alpha=270,
                  bottleneck=True),
    head=dict(in_channels=1144))

paper_rows = [
    dict(paper='RecursiveMix', table='T3', group='PyramidNet-164 (a~=270)',
         method='CutMix'),
    # The same run is Table 2's line (the ablation's reference).
    dict(paper='RecursiveMix', table='T2', group='PyramidNet-164 (a~=270)',
         method='CutMix'),
]
