# RecursiveMix Table 3 (CIFAR-100, 200 epochs): DenseNet-161 (growth 48, blocks
# 6-12-36-24; the authors' densenet161), the baseline (18.78 top-1 error, mean
# of 3 runs): densenet121_2xb64-200e_cifar100.py with the wider network.
# Last stage: 2208 channels.
_base_ = ['./densenet121_2xb64-200e_cifar100.py']

model = dict(
    backbone=dict(arch='161'),
    head=dict(in_channels=2208))

paper_rows = [
    dict(paper='RecursiveMix', table='T3', group='DenseNet-161', method='Baseline'),
]
