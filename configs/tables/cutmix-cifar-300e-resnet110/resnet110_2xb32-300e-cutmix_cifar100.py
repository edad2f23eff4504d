# CutMix Table 6 (CIFAR-100): ResNet-110 + CutMix (Beta(1, 1) with probability 0.5,
# the README's CIFAR command), 20.11 / 4.43: the ResNet-110 baseline of
# resnet110_2xb32-300e_cifar100.py with the mix of
# ../cutmix-cifar-300e/pyramidnet200_2xb32-300e-cutmix_cifar100.py.
_base_ = ['./resnet110_2xb32-300e_cifar100.py']

model = dict(
    train_cfg=dict(augments=dict(type='mmrecmix.CutMix', alpha=1.0, prob=0.5)))

paper_rows = [
    dict(paper='CutMix', table='T6', group='ResNet-110', method='CutMix'),
]
