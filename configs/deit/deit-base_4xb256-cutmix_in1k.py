# DeiT-Base in the recipe of deit-tiny_4xb256-cutmix_in1k.py (SMMix's code, DeiT's
# Mixup/CutMix batch mix); only the architecture differs. This size's SMMix and TransMix
# arms of SMMix Table 1 differ from it only in the mix: `model = _base_.smmix` or
# `_base_.transmix` (_base_/smmix_t1_arms.py, _base_/guided_mixes.py) merges it into
# this model, as the PVT and CaiT arms do.
#
# SMMix's released code (ChenMnZ/SMMix) has a DeiT-B model (deit.py) but gives no DeiT-B
# command or checkpoint; its main.py defaults are taken as for DeiT-T / S: drop path 0.1
# (DeiT-B's own rate too), lr 5e-4 x total batch / 512 = 1e-3 at 4 x 256, the total
# batch (1024) and lr of DeiT's own DeiT-B recipe (16 x 64).
_base_ = [
    './deit-tiny_4xb256-cutmix_in1k.py', '../_base_/guided_mixes.py',
    '../_base_/smmix_t1_arms.py'
]

model = dict(backbone=dict(arch='deit-base'), head=dict(in_channels=768))

# SMMix on DeiT-B (deit-base_4xb256-smmix_in1k.py): the image attention score of the
# last block, fine-grained token labels from the output patch tokens (a linear token
# head on 768-d), as on DeiT-T / S.
smmix = dict(token_head=dict(in_channels=768))

# SMMix Table 1's "Mixup + CutMix (DeiT recipe)" DeiT-B 81.8 is the DeiT paper's run
# (DeiT's own recipe: random erasing 0.25, repeated augmentation, model EMA), not this
# recipe's. SMMix Table 5's DeiT-B CutMix row evaluates this arm's model
# (../evaluation/smmix-t5-imagenet-variants/deit-base_4xb256-cutmix_in1k_variants.py).
paper_rows = []
