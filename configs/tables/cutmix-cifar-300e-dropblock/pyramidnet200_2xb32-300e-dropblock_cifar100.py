# CutMix Table 5 (CIFAR-100, PyramidNet-200, alpha 240): + DropBlock (Ghiasi et al.
# 2018), 15.73 / 3.26 top-1 / top-5 error. The baseline arm of ../cutmix-cifar-300e/
# with "keep_prob and block_size ... 0.9 and 4" (Sec. 4.1.2, hyper-parameter settings),
# placed as the DropBlock authors' ResNet places it (tensorflow/tpu resnet_model.py:
# after each convolution's BN / ReLU of the residual branch and on the shortcut) in
# the last two stages (their groups 3 and 4 of 4), keep_prob decreasing linearly from
# 1 to 0.9 over training (their schedule, TrainProgressHook). Its own folder because
# the network differs from the other arms', not the mix.
_base_ = ['../cutmix-cifar-300e/pyramidnet200_2xb32-300e_cifar100.py']

model = dict(
    backbone=dict(drop_block=dict(keep_prob=0.9, block_size=4, stages=(2, 3))))
custom_hooks = [dict(type='mmrecmix.TrainProgressHook')]

paper_rows = [
    dict(paper='CutMix', table='T5', group='PyramidNet-200 (a~=240)', method='DropBlock'),
]
recipe_differences = _base_.recipe_differences + [
    'DropBlock on PyramidNet: the CutMix paper gives keep_prob 0.9 and block size 4 '
    'only; stages 2 and 3, after each BN / ReLU and on the shortcut, and the linear '
    'keep_prob schedule are the DropBlock paper\'s ResNet-50 setting carried over',
]
