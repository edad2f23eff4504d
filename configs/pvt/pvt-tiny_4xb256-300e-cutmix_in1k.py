# PVT-Tiny (v1, mmrecmix.PyramidVisionTransformerCls: mmdet's PVT plus the class token
# and final norm of PVT's classification code) on ImageNet-1k, 300 epochs, 4 GPUs x
# 256: the recipe of SMMix's code (ChenMnZ/SMMix main.py, which trains its pvt.py with
# the same defaults as its DeiT: ../deit/deit-tiny_4xb256-cutmix_in1k.py) with DeiT's
# batch mix, per batch Mixup (0.8) or CutMix (1.0). This folder's SMMix and TransMix
# arms of SMMix Table 1 differ from it only in the mix: `model = _base_.smmix` or
# `_base_.transmix` (_base_/smmix_t1_arms.py, _base_/guided_mixes.py) merges it into
# this model.
#
# PVT's own configs (whai362/PVT classification/configs/pvt/pvt_*.py): drop path 0.1
# and no gradient clipping for PVT-T / S, drop path 0.3 and clipping at norm 1.0 for
# PVT-M / L; SMMix Sec. 5.1 "follows the implementations of the official papers", so
# those are kept (SMMix's README trains with main.py's defaults, drop path 0.1 and no
# clipping, and does not say otherwise for M / L). Weight decay as PVT's and SMMix's
# pvt.py (no_weight_decay: the class token only; biases and norms none, as timm's
# optimizer factory): the position embeddings are decayed, unlike a DeiT's.
_base_ = [
    '../deit/deit-tiny_4xb256-cutmix_in1k.py', '../_base_/guided_mixes.py',
    '../_base_/smmix_t1_arms.py'
]

model = dict(
    backbone=dict(_delete_=True, type='mmrecmix.PyramidVisionTransformerCls',
                  arch='tiny', drop_path_rate=0.1),
    head=dict(in_channels=512))

# SMMix on PVT (the arms *-smmix_in1k.py): the image attention score of the last
# block (last stage, 7x7 grid at 224 px, class token dropped on both axes, as SMMix's
# pvt.py); fine-grained token labels from the last-stage patch tokens after the final
# norm (a linear token head on 512-d).
smmix = dict(token_head=dict(in_channels=512))

optim_wrapper = dict(paramwise_cfg=dict(
    custom_keys={'_delete_': True, '.cls_token': dict(decay_mult=0.0)}))

# SMMix Table 1's "Mixup + CutMix (DeiT recipe)" PVT numbers (PVT-T 75.1, S 79.8, M
# 81.2, L 81.7) are the PVT paper's (Wang et al. 2021, Table 2), trained with PVT's
# code and its DeiT recipe (random erasing 0.25 and repeated augmentation on, which
# SMMix's main.py turns off); no number was published for this arm's recipe.
paper_rows = []
