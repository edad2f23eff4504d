# AutoMix (Liu et al. 2022) on CIFAR-100, CIFAR ResNeXt-50 (32x4d), 800 epochs:
# OpenMixup's cifar100/automix/basic/rx50_l2_a2_near_L1_01_mlr5e_2.py settings (the
# paper: the same AutoMix settings in every experiment). Mix Block on stage 3 (1024
# channels), no lambda channel, nearest upsampling; Beta(2, 2), Mixup within 0.08 of 0
# or 1, mask loss 0.1 with margin 0.1; the schedule and momentum encoder in
# ./_base_/automix_cifar100.py.
# The AutoMix model: ./_base_/automix_resnext50_cifar.py.
_base_ = ['./_base_/automix_resnext50_cifar.py', './_base_/automix_cifar100.py']

model = dict(head=dict(num_classes=100), mix_head=dict(num_classes=100))

paper_rows = [
    dict(paper='AutoMix', table='T1', method='AutoMix', column='C100 RX-50'),
    dict(paper='AutoMix', table='T14', method='AutoMix', column='RX-50 800ep'),
]
