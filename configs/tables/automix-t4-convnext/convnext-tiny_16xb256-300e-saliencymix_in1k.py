# ConvNeXt-T in AutoMix Table 4's recipe (OpenMixup's ConvNeXt runs,
# _base_/convnext-tiny_openmixup_in1k.py) with SaliencyMix: alpha 0.2, one saliency box
# for the whole batch (the fine-grained static saliency of one partner, as OpenMixup
# runs it).
# Source: Westlake-AI/openmixup v0.2.0 (7d288a2) configs/classification/imagenet/
# mixups/convnext/convnext_tiny_smooth_mix_8xb256_accu2_ema_fp16.py with mix_mode
# "saliencymix" and alpha 0.2 (its mixups README, DeiT-setting table). OpenMixup /
# AutoMix T4 "SaliencyMix" ConvNeXt-T: 81.33.
_base_ = ['./_base_/convnext-tiny_openmixup_in1k.py']

model = dict(train_cfg=dict(
    _delete_=True,
    augments=dict(type='mmrecmix.SaliencyMix', alpha=0.2, per_image=False,
                  saliency='fine_grained')))

paper_rows = [
    dict(paper='AutoMix', table='T4', method='SaliencyMix', column='ConvNeXt-T'),
]
