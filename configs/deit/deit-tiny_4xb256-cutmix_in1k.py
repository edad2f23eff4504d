# DeiT-Tiny on ImageNet-1k, 300 epochs, the DeiT recipe as mmpretrain ships it: per
# batch Mixup (0.8) or CutMix (1.0), label smoothing 0.1, RandAugment, random erasing,
# AdamW. The SMMix paper reports 72.2 top-1 for this CutMix baseline.
_base_ = ['mmpretrain::deit/deit-tiny_4xb256_in1k.py']

custom_imports = dict(imports=['mmrecmix'], allow_failed_imports=False)
