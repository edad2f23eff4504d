# AutoMix (Liu et al. 2022) on Tiny-ImageNet, CIFAR ResNet-18, 400 epochs: OpenMixup's
# tiny_imagenet/automix/basic/r18_l2_a2_near_mb_mlr1e_3_bb_mlr5e_2.py. Mix Block on
# stage 3 (256 channels), no lambda channel, nearest upsampling; Beta(2, 2), Mixup
# within 0.08 of 0 or 1, mask loss 0.1 with margin 0.1; the schedule and momentum
# encoder in ./_base_/automix_tiny-imagenet.py.
# The AutoMix model: ../automix-t1-cifar-automix/_base_/automix_resnet18_cifar.py.
_base_ = [
    '../automix-t1-cifar-automix/_base_/automix_resnet18_cifar.py',
    './_base_/automix_tiny-imagenet.py',
]

model = dict(head=dict(num_classes=200), mix_head=dict(num_classes=200))

paper_rows = [
    dict(paper='AutoMix', table='T1', method='AutoMix', column='Tiny R-18'),
]
