# PuzzleMix on iNaturalist 2018 with the ImageNet options of the Table 2 arms (alpha 1,
# appendix A.1: "PuzzleMix adopts alpha = 1"; ../../_base_/guided_mixes.py).
_base_ = ['./_base_/inat2018.py']

model = dict(_base_.resnext101, **_base_.puzzlemix_imagenet)

paper_rows = [dict(paper='AutoMix', table='T5', method='PuzzleMix', column='iNat18 RX-101')]
