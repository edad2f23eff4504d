# ImageNet-1k, ResNet-50, 300 epochs: + PuzzleMix (Kim et al., ICML 2020), quoted by
# RecursiveMix Table 6 (21.24 / 5.71) from the PuzzleMix paper's own 300-epoch run.
# Mix arguments: OpenMixup's ImageNet ones (alpha 1, 2, 4 or 8 blocks per side, beta
# 1.2, gamma 0.5, eta 0.2, neighbourhood 4, 3 levels, transport t_eps 0.8 on the mask's
# blocks: configs/tables/automix-t2-in1k/resnet50_4xb64-300e-puzzlemix_in1k.py);
# mean / std are this recipe's data preprocessor's. Saliency: the input gradient of
# the clean loss in eval mode.
_base_ = ['./_base_/resnet50_4xb64-300e_in1k.py']

model = _base_.puzzlemix_imagenet

paper_rows = [
    dict(paper='RecursiveMix', table='T6', group='ResNet-50', method='PuzzleMix'),
]
recipe_differences = _base_.recipe_differences + [
    "PuzzleMix's arguments are OpenMixup's ImageNet ones: the PuzzleMix paper's 300-epoch "
    'run may have set them otherwise',
]
