# PuzzleMix on CUB-200-2011 with the ImageNet options of the Table 2 arms (alpha 1,
# appendix A.1: "PuzzleMix adopts alpha = 1"; ../../_base_/guided_mixes.py).
_base_ = ['./_base_/cub.py']

model = dict(_base_.resnet18, **_base_.puzzlemix_imagenet)

paper_rows = [dict(paper='AutoMix', table='T5', method='PuzzleMix', column='CUB R-18')]
