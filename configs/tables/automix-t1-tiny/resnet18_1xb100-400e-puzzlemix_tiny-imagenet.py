# PuzzleMix (Kim et al., ICML 2020) as OpenMixup ran it on Tiny-ImageNet for AutoMix
# Table 1: alpha 1 (OpenMixup's tiny_imagenet r18_puzzlemix_CE_soft.py model.alpha);
# 2, 4 or 8 blocks per side (block_num=4: 2**randint(1, 4)), beta 1.2, gamma 0.5, eta
# 0.2, neighbourhood 4, 3 levels, transport t_eps 0.8 on the mask's blocks (t_size -1):
# mix_args.puzzlemix of its configs/classification/tiny_imagenet/mixups/basic/
# r18_mixups_CE_none.py; mean / std are this folder's data preprocessor's (ImageNet's).
# Saliency: the input gradient of the clean loss in eval mode.
_base_ = './_base_/resnet18_tiny-imagenet.py'

model = _base_.puzzlemix_imagenet

paper_rows = [
    dict(paper='AutoMix', table='T1', method='PuzzleMix', column='Tiny R-18'),
]
