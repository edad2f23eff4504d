# PVT-Large (v1) in the recipe of pvt-tiny_4xb256-300e-cutmix_in1k.py (SMMix's code,
# DeiT's Mixup/CutMix batch mix) with PVT's own config for this size
# (whai362/PVT classification/configs/pvt/pvt_large.py): drop path 0.3 and gradient
# clipping at norm 1.0.
_base_ = ['./pvt-tiny_4xb256-300e-cutmix_in1k.py']

model = dict(backbone=dict(arch='large', drop_path_rate=0.3))
optim_wrapper = dict(clip_grad=dict(_delete_=True, max_norm=1.0))

# No table number was produced with this recipe (see pvt-tiny_4xb256-300e-cutmix_in1k.py).
paper_rows = []
