# SaliencyMix (Uddin et al. 2021): lambda ~ Beta(0.2, 0.2), one box for the whole
# batch centred on one saliency peak (per_image=False: OpenMixup's saliencymix.py
# takes it from the first partner image) of the fine-grained static saliency it calls;
# alpha as AutoMix appendix A.1 gives it for CIFAR.
_base_ = './_base_/resnext50_cifar100.py'

model = dict(train_cfg=dict(augments=dict(
    type='mmrecmix.SaliencyMix', alpha=0.2, per_image=False,
    saliency='fine_grained')))

paper_rows = [
    dict(paper='AutoMix', table='T1', method='SaliencyMix', column='C100 RX-50'),
    # Table 14 gives this run 78.77 (Table 1: 81.53): ../automix-t14-cifar100-epochs/README.md
    dict(paper='AutoMix', table='T14', method='SaliencyMix', column='RX-50 800ep'),
]
