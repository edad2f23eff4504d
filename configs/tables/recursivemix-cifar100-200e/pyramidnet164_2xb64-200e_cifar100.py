# RecursiveMix Table 3 (CIFAR-100, 200 epochs): PyramidNet-164 (alpha 270, bottleneck;
# the authors' models_cifar/pyramidnet.py pyramidnet_164_270), the baseline (16.67
# top-1 error, mean of 3 runs), in the Table's 200-epoch setting (Sec. 4.1) of
# ../../cifar/resnet18_2xb64-200e_cifar100.py. Last stage: 4 x (16 + 270) = 1144
# channels.
_base_ = ['../../cifar/resnet18_2xb64-200e_cifar100.py']

model = dict(
    backbone=dict(_delete_=True, type='mmrecmix.PyramidNet', depth=164, alpha=270,
                  bottleneck=True),
    head=dict(in_channels=1144))

paper_rows = [
    dict(paper='RecursiveMix', table='T3', group='PyramidNet-164 (a~=270)',
         method='Baseline'),
    # The same run is Table 2's line (the ablation's reference).
    dict(paper='RecursiveMix', table='T2', group='PyramidNet-164 (a~=270)',
         method='Baseline'),
]
