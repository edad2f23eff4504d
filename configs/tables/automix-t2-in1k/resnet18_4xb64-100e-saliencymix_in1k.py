# SaliencyMix (Uddin et al. 2021): lambda ~ Beta(0.2, 0.2), one box for the whole
# batch centred on one saliency peak (per_image=False: OpenMixup's saliencymix.py
# takes it from the first partner image) of the fine-grained static saliency it calls;
# alpha as OpenMixup's ImageNet benchmark table gives it.
_base_ = [
    'mmpretrain::_base_/models/resnet18.py',
    './_base_/pytorch-style_100e.py',
]

model = dict(train_cfg=dict(augments=dict(
    type='mmrecmix.SaliencyMix', alpha=0.2, per_image=False,
    saliency='fine_grained')))

paper_rows = [
    dict(paper='AutoMix', table='T2', method='SaliencyMix', column='100ep R-18'),
]
