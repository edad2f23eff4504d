# RecursiveMix Table 3: PyramidNet-164 (alpha 270) + RecursiveMix (alpha 0.5, omega
# 0.1; 14.65 top-1 error), the mix of
# ../../cifar/resnet18_2xb64-200e-recursivemix_cifar100.py on PyramidNet-164, its RoI
# consistency head on the 1144-channel last stage.
_base_ = ['../../cifar/resnet18_2xb64-200e-recursivemix_cifar100.py']

model = dict(
    backbone=dict(_delete_=True, type='mmrecmix.PyramidNet', depth=164, alpha=270,
                  bottleneck=True),
    head=dict(in_channels=1144),
    consistency=dict(in_channels=1144))

paper_rows = [
    dict(paper='RecursiveMix', table='T3', group='PyramidNet-164 (a~=270)',
         method='RecursiveMix'),
    # The same run is Table 2's line (the ablation's reference).
    dict(paper='RecursiveMix', table='T2', group='PyramidNet-164 (a~=270)',
         method='RecursiveMix'),
]
