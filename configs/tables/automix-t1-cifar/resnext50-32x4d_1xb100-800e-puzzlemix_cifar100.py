# PuzzleMix (Kim et al., ICML 2020) as OpenMixup ran it for AutoMix Table 1:
# lambda ~ Beta(1, 1) (alpha 1: OpenMixup's rx50_puzzlemix_CE_soft.py model.alpha);
# 2, 4, 8 or 16 blocks per side (block_num=5: 2**randint(1, 5)), label smoothness
# beta 1.2, data smoothness gamma 0.5, prior eta 0.2, seam neighbourhood 4 pixels,
# 3 mask levels, transport with t_eps 0.8 on 4-pixel cells (t_size 4) - all from
# mix_args.puzzlemix of OpenMixup's configs/classification/cifar100/mixups/basic/
# rx50_mixups_CE_none.py, the authors' CIFAR recipe (snu-mllab/PuzzleMix README);
# mean / std are this dataset's data preprocessor's (OpenMixup's puzzlemix.py uses
# the same CIFAR statistics for images under 64 pixels). Saliency: the input
# gradient of the clean batch's loss in eval mode, no clean loss
# (OpenMixup's MixUpClassification._features). OpenMixup: 82.85, AutoMix T1: 82.85.
_base_ = './_base_/resnext50_cifar100.py'

model = _base_.puzzlemix_cifar

paper_rows = [
    dict(paper='AutoMix', table='T1', method='PuzzleMix', column='C100 RX-50'),
    dict(paper='AutoMix', table='T14', method='PuzzleMix', column='RX-50 800ep'),
]
