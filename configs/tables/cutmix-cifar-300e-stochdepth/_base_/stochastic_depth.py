# Stochastic depth (Huang et al. 2016) as the CutMix paper sets it on CIFAR: "The drop
# rate for Stochastic Depth is set to 0.25" (Sec. 4.1.2, hyper-parameter settings),
# read as the last unit's rate, the units before it dropping less by Huang et al.'s
# linear rule (unit l of PyramidNet-200's 66: l / 66 x 0.25; mmrecmix.PyramidNet's
# drop_path_rate). The arms put it on the backbone of the CutMix recipe's baseline.
stochastic_depth = dict(drop_path_rate=0.25)
stochastic_depth_differences = [
    "stochastic depth drops each sample's residual branch and scales a kept one by "
    '1 / (1 - p) while training (mmcv DropPath); Huang et al. drop a unit for the whole '
    'mini-batch and scale it by its survival probability at test time (the CutMix code '
    'has no stochastic depth)',
]
