# AdamW as PVTv2's detection and segmentation recipes use it; the RecursiveMix
# supplementary (Table S1) trains its ADE20K R-50 models with AdamW too, without
# giving the hyper-parameters, so they take these. Configs use `{{_base_.adamw}}`.
adamw = dict(
    _delete_=True, type='OptimWrapper',
    optimizer=dict(type='AdamW', lr=1e-4, betas=(0.9, 0.999), weight_decay=1e-4))
