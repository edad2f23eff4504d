# SaliencyMix (Uddin et al. 2021): lambda ~ Beta(1.0, 1.0), one box for the whole
# batch centred on one saliency peak (per_image=False: OpenMixup's saliencymix.py
# takes it from the first partner image) of the fine-grained static saliency it calls;
# alpha as OpenMixup's Tiny-ImageNet benchmark table gives it.
_base_ = './_base_/resnet18_tiny-imagenet.py'

model = dict(train_cfg=dict(augments=dict(
    type='mmrecmix.SaliencyMix', alpha=1.0, per_image=False,
    saliency='fine_grained')))

paper_rows = [
    dict(paper='AutoMix', table='T1', method='SaliencyMix', column='Tiny R-18'),
]
