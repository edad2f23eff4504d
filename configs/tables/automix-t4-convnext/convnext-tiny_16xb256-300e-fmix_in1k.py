# ConvNeXt-T in AutoMix Table 4's recipe (OpenMixup's ConvNeXt runs,
# _base_/convnext-tiny_openmixup_in1k.py) with FMix: alpha 0.2, decay power 3, a hard
# mask (max_soft 0), one mask a batch.
# Source: Westlake-AI/openmixup v0.2.0 (7d288a2) configs/classification/imagenet/
# mixups/convnext/convnext_tiny_smooth_mix_8xb256_accu2_ema_fp16.py with mix_mode "fmix"
# and alpha 0.2 (mix_args fmix: decay_power 3, max_soft 0, reformulate False). OpenMixup
# / AutoMix T4 "FMix" ConvNeXt-T: 81.04.
_base_ = ['./_base_/convnext-tiny_openmixup_in1k.py']

model = dict(train_cfg=dict(
    _delete_=True,
    augments=dict(type='mmrecmix.FMix', alpha=0.2, decay_power=3.0, max_soft=0.0,
                  spectrum='reference')))

paper_rows = [
    dict(paper='AutoMix', table='T4', method='FMix', column='ConvNeXt-T'),
]
