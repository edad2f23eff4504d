# AutoMix Table 6, PuzzleMix: Table 1's PuzzleMix model on ResNeXt-50.
_base_ = './_base_/resnext50_cifar100_400e.py'

model = _base_.puzzlemix_cifar

paper_rows = [dict(paper='AutoMix', table='T6', method='PuzzleMix')]
