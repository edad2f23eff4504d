# Mixup (Zhang et al. 2018) on Tiny-ImageNet, CIFAR ResNet-18, 400 epochs: AutoMix Table
# 10's "(none)" row. Table 1's Tiny Mixup arm
# (../automix-t1-tiny/resnet18_1xb100-400e-mixup_tiny-imagenet.py) with alpha 0.2, the
# value AutoMix appendix A.1 gives for R-18 on Tiny-ImageNet: Table 10 reports 63.39
# here, not Table 1's 63.86, which OpenMixup's alpha-1 run gave
# (../automix-t10-momentum-pipeline/README.md).
_base_ = '../automix-t1-tiny/resnet18_1xb100-400e-mixup_tiny-imagenet.py'

model = dict(train_cfg=dict(augments=dict(type='Mixup', alpha=0.2)))

recipe_differences = [
    d for d in _base_.recipe_differences if not d.startswith('alpha:')]
paper_rows = [
    dict(paper='AutoMix', table='T10', group='(none)', method='Mixup',
         column='Tiny'),
]
