# DeiT-Base with SMMix instead of CutMix, everything else the CutMix arm's recipe
# (deit-base_4xb256-cutmix_in1k.py, SMMix's code): per batch SMMix or Mixup (0.8) with
# probability 0.5, the image attention score of the model's own last block, fine-grained
# token labels and the feature consistency loss; label smoothing 0.1 on all targets (the
# head's LabelSmoothLoss). What SMMix does here: _base_/smmix_t1_arms.py `smmix`, with
# the 768-d token head of the CutMix arm.
_base_ = ['./deit-base_4xb256-cutmix_in1k.py']

model = _base_.smmix

# SMMix Table 1, DeiT-B SMMix 82.9. Its Table 5 (ImageNet-A / -R / Sketch / Stylized)
# evaluates the same model on datasets this config does not test on.
paper_rows = [dict(paper='SMMix', table='T1', group='DeiT-B', method='SMMix')]
