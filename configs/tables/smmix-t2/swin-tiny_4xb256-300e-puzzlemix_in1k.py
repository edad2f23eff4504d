# Swin-T in SMMix Table 2's recipe (OpenMixup's DeiT setting,
# _base_/swin-tiny_openmixup_in1k.py) with PuzzleMix (Kim et al., ICML 2020):
# lambda ~ Beta(1, 1); 2, 4 or 8 blocks per side (block_num=4: 2**randint(1, 4)),
# beta 1.2, gamma 0.5, eta 0.2, seam neighbourhood 4 pixels, 3 mask levels,
# transport with t_eps 0.8 on the mask's blocks (t_size -1); ImageNet mean / std
# (the data preprocessor's). Saliency: the input gradient of the clean batch's loss
# (the head's label-smoothing loss) in eval mode, no clean loss (OpenMixup's
# MixUpClassification._features). Source: Westlake-AI/openmixup configs/
# classification/imagenet/mixups/swin/swin_tiny_smooth_mix_4xb256_fp16.py with
# mix_mode "puzzlemix" (its mix_args.puzzlemix; alpha 1 from OpenMixup's mixups
# README, DeiT-setting table). OpenMixup / AutoMix T4: 81.47, SMMix T2: 81.5.
_base_ = ['./_base_/swin-tiny_openmixup_in1k.py']

model = dict(_base_.puzzlemix_imagenet, label_weighting='batch_mean')

paper_rows = [
    dict(paper='SMMix', table='T2', method='PuzzleMix', column='Swin-T'),
    dict(paper='AutoMix', table='T4', method='PuzzleMix', column='Swin-T'),
]

recipe_differences = _base_.recipe_differences + [
    "labels of each sample mixed by the batch's mean lambda "
    "(label_weighting='batch_mean'), as OpenMixup's ViT heads weight the loss; the "
    'paper mixes each by its own lambda',
]
