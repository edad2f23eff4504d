# AdamW as PVTv2's detection and segmentation recipes use it; the RecursiveMix
# supplementary (Table S1) trains its ADE20K R-50 models with AdamW too, without
# giving the hyper-parameters, so they take these. Configs use `{{_base_.adamw}}`.
adamw = dict(
    _delete_=True, type='OptimWrapper',
    optimizer=dict(type='AdamW', lr=1e-4, betas=(0.9, 0.999), weight_decay=1e-4))

# The RecursiveMix authors' ADE20K R-50 runs (their UperNet logs: lr_config poly, power
# 0.9, min_lr 0.0, 80k iterations) decay to 0; mmseg's 80k schedule stops at 1e-4.
# Configs use `param_scheduler = {{_base_.poly_to_zero_80k}}`.
poly_to_zero_80k = [
    dict(type='PolyLR', eta_min=0.0, power=0.9, begin=0, end=80000, by_epoch=False)
]
