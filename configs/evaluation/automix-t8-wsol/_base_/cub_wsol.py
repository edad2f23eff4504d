# Weakly supervised localisation on CUB-200-2011 (test split, 5,794 images) from the
# CAMs of a classifier fine-tuned on CUB-200 (mmrecmix's 'wsol' suite, see
# docs/evaluation/localization.md): each image resized to 224 x 224 without a crop,
# as wsolevaluation does; MaxBoxAccV2 at IoU 30 / 50 / 70 % and their mean (AutoMix
# Table 8 reports the mean), top-1 and GT-known loc at CAM threshold 0.2. The
# classification test pipeline below (resize 256, centre crop 224) is the one
# tools/test.py uses for plain accuracy.
_base_ = [
    'mmpretrain::_base_/datasets/cub_bs8_448.py',
    'mmpretrain::_base_/default_runtime.py',
]

custom_imports = dict(imports=['mmrecmix'], allow_failed_imports=False)

test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='ResizeEdge', scale=256, edge='short'),
    dict(type='CenterCrop', crop_size=224),
    dict(type='PackInputs'),
]
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader

evaluation = dict(wsol=dict(data_root='data/CUB_200_2011'))
