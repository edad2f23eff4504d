# Faster R-CNN R50-C4 on COCO train2017, 2x, tested on val2017: AutoMix Table 7,
# "COCO mAP", "AP50", "AP75" (Sec. 4.4: "... and COCO train2017 based on Detectron2
# ... COCO (2x schedule)"). The rest is the MoCo protocol that OpenMixup ships
# (configs/benchmarks/detectron2/coco_R_50_C4_2x_moco.yaml on Base-RCNN-C4-BN.yaml,
# Faster R-CNN here: the table reports box AP only): 16 images a step, SGD lr 0.02,
# momentum 0.9, wd 1e-4, Detectron2's linear warm-up over 1000 iterations, 180k
# iterations (about 24 epochs) with steps at 120k and 160k, here mmdet's 2x (24
# epochs, steps after 16 and 22); shorter side drawn from 640-800 (step 32), longer
# side at most 1200; test at 800 / 1333; synchronised batch norm trained everywhere;
# ImageNet mean / std on RGB, pytorch style. Written on mmdet's
# faster-rcnn_r50-caffe-c4_ms-1x_coco.py. Backbone and RoI head's stage 4 from an
# mmrecmix ImageNet R-50 checkpoint split by tools/model_converters/resnet_to_c4.py
# (see faster-rcnn_r50-c4_ms-24k_voc0712_mmrecmix.py).
_base_ = ['mmdet::faster_rcnn/faster-rcnn_r50-caffe-c4_ms-1x_coco.py',
          '../_base_/resnet50_c4.py']

custom_imports = dict(imports=['mmrecmix'], allow_failed_imports=False)

model = {{_base_.c4_model}}

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='RandomChoiceResize', keep_ratio=True,
         scales=[(1200, 640), (1200, 672), (1200, 704), (1200, 736), (1200, 768),
                 (1200, 800)]),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackDetInputs'),
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))

train_cfg = dict(max_epochs=24)
param_scheduler = [
    dict(type='LinearLR', start_factor=0.001, by_epoch=False, begin=0, end=1000),
    dict(type='MultiStepLR', begin=0, end=24, by_epoch=True, milestones=[16, 22],
         gamma=0.1),
]
custom_hooks = {{_base_.verify_pretrained}}

# One config serves every pretraining of the table: the checkpoint picks the row.
paper_rows = [dict(paper='AutoMix', table='T7', column=column)
              for column in ('COCO mAP', 'AP50', 'AP75')]
recipe_differences = _base_.c4_differences + [
    "2x as 24 epochs with steps after epochs 16 and 22 (Detectron2: 180k iterations "
    'of 16 images, steps at 120k and 160k, about 24.4 / 16.3 / 21.7 epochs)',
]
