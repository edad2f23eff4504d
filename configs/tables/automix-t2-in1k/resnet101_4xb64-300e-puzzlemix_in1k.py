# PuzzleMix (Kim et al., ICML 2020) as OpenMixup ran it for AutoMix Table 2:
# lambda ~ Beta(1, 1) (alpha 1, OpenMixup's ImageNet benchmark table); 2, 4 or 8
# blocks per side (block_num=4: 2**randint(1, 4)), beta 1.2, gamma 0.5, eta 0.2,
# seam neighbourhood 4 pixels, 3 mask levels, transport with t_eps 0.8 on the mask's
# blocks (t_size -1) - mix_args.puzzlemix of OpenMixup's configs/classification/
# imagenet/mixups/basic/r50_mixups_CE_none_4xb64.py (r18's is the same; the other
# depths' files take MixUpClassification's defaults, the same values), used by
# r50_puzzlemix_CE_soft_4xb64.py; ImageNet mean / std (the data preprocessor's).
# Saliency: the input gradient of the clean batch's loss in eval mode, no clean loss
# (OpenMixup's MixUpClassification._features). OpenMixup / AutoMix T2: 80.67.
_base_ = [
    'mmpretrain::_base_/models/resnet101.py',
    './_base_/pytorch-style_300e.py',
]

model = _base_.puzzlemix_imagenet

paper_rows = [
    dict(paper='AutoMix', table='T2', method='PuzzleMix', column='300ep R-101'),
]
