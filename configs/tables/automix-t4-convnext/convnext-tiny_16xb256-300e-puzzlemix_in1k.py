# ConvNeXt-T in AutoMix Table 4's recipe (OpenMixup's ConvNeXt runs,
# _base_/convnext-tiny_openmixup_in1k.py) with PuzzleMix: guided_mixes.py's
# puzzlemix_imagenet (lambda ~ Beta(1, 1), 2, 4 or 8 blocks a side, transport on the
# blocks; saliency from the input gradient of the clean batch's label-smoothing loss in
# eval mode), labels weighted by the batch's mean lambda as OpenMixup's ConvNeXt head
# does.
# Source: Westlake-AI/openmixup v0.2.0 (7d288a2) configs/classification/imagenet/
# mixups/convnext/convnext_tiny_smooth_mix_8xb256_accu2_ema_fp16.py with mix_mode
# "puzzlemix" and alpha 1 (its mix_args puzzlemix). OpenMixup / AutoMix T4 "PuzzleMix"
# ConvNeXt-T: 81.48.
_base_ = ['./_base_/convnext-tiny_openmixup_in1k.py']

model = dict(_base_.puzzlemix_imagenet, label_weighting='batch_mean')

paper_rows = [
    dict(paper='AutoMix', table='T4', method='PuzzleMix', column='ConvNeXt-T'),
]

recipe_differences = _base_.recipe_differences + _base_.batch_mean_differences
