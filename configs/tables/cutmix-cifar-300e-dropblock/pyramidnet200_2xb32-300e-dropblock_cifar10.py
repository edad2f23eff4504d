# RecursiveMix Table 1 (CIFAR-10, PyramidNet-200, alpha 240, "300 epochs settings, the
# same with that of the CutMix paper"): + DropBlock, 3.27 top-1 error. The CutMix
# recipe's CIFAR-10 baseline (../cutmix-cifar-300e/) with the CIFAR-100 arm's DropBlock
# (pyramidnet200_2xb32-300e-dropblock_cifar100.py: keep_prob 0.9, block size 4,
# stages 2 and 3, linear schedule).
_base_ = ['../cutmix-cifar-300e/pyramidnet200_2xb32-300e_cifar10.py']

model = dict(
    backbone=dict(drop_block=dict(keep_prob=0.9, block_size=4, stages=(2, 3))))
custom_hooks = [dict(type='mmrecmix.TrainProgressHook')]

paper_rows = [
    dict(paper='RecursiveMix', table='T1', group='PyramidNet-200 (a~=240)',
         method='DropBlock'),
]
recipe_differences = _base_.recipe_differences + [
    'DropBlock on PyramidNet: the CutMix paper gives keep_prob 0.9 and block size 4 '
    'only; stages 2 and 3, after each BN / ReLU and on the shortcut, and the linear '
    'keep_prob schedule are the DropBlock paper\'s ResNet-50 setting carried over',
    'RecursiveMix gives no DropBlock setting: the CutMix paper\'s CIFAR-100 one',
]
