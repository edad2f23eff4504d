# RecursiveMix Table 3 (CIFAR-100, 200 epochs): ResNet-34, the baseline (20.62 top-1
# error, mean of 3 runs). The recipe is the Table's 200-epoch setting (Sec. 4.1) of
# ../../cifar/resnet18_2xb64-200e_cifar100.py, with the CIFAR ResNet-34 (3x3 stem, no
# max-pool: supplementary C.1; [3, 4, 6, 3] basic blocks, the authors'
# models_cifar/resnet.py resnet34).
_base_ = ['../../cifar/resnet18_2xb64-200e_cifar100.py']

model = dict(backbone=dict(depth=34))

paper_rows = [
    dict(paper='RecursiveMix', table='T3', group='ResNet-34', method='Baseline'),
]
