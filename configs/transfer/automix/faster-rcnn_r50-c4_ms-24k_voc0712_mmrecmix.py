# Faster R-CNN R50-C4 on PASCAL VOC 07+12 trainval, tested on VOC2007 test: AutoMix
# Table 7, "VOC mAP" (Sec. 4.4: "Faster R-CNN ... on PASCAL VOC train-val07+12 ...
# based on Detectron2 ... R50-C4 ... VOC (24k iterations)"). The rest is the MoCo
# detection protocol that OpenMixup (AutoMix's code) ships for Detectron2
# (configs/benchmarks/detectron2/pascal_voc_R_50_C4_24k_moco.yaml on
# Base-RCNN-C4-BN.yaml; facebookresearch/moco detection/configs): 16 images a step,
# SGD lr 0.02, momentum 0.9, wd 1e-4, linear warm-up over 100 iterations, steps at
# 18k and 22k of 24k; shorter side drawn from 480-800 (step 32), longer side at most
# 1333; test at 800; synchronised batch norm trained in every layer (FREEZE_AT 0);
# RPN test 6000 / 1000 boxes; ImageNet mean / std on RGB (the "_moco" variant for a
# torchvision-style ResNet: STRIDE_IN_1X1 False, i.e. pytorch style). Written on
# mmdet's faster-rcnn_r50-caffe-c4_ms-18k_voc0712.py (Detectron2's own 18k recipe).
# The backbone and the RoI head's stage 4 come from an mmrecmix ImageNet R-50
# checkpoint (the baseline, Mixup, CutMix, PuzzleMix, ResizeMix or AutoMix one: the
# checkpoint picks the row; downstream training does not mix):
#   python tools/model_converters/resnet_to_c4.py work_dirs/ARM/epoch_N.pth C4.pth
#   python tools/train.py configs/transfer/automix/faster-rcnn_r50-c4_ms-24k_voc0712_mmrecmix.py \
#       --cfg-options model.backbone.init_cfg.checkpoint=C4.pth \
#       model.roi_head.shared_head.init_cfg.checkpoint=C4.pth
_base_ = ['mmdet::pascal_voc/faster-rcnn_r50-caffe-c4_ms-18k_voc0712.py',
          '../_base_/resnet50_c4.py']

custom_imports = dict(imports=['mmrecmix'], allow_failed_imports=False)

model = {{_base_.c4_model}}

train_cfg = dict(max_iters=24000)
param_scheduler = [
    dict(type='LinearLR', start_factor=0.001, by_epoch=False, begin=0, end=100),
    dict(type='MultiStepLR', begin=0, end=24000, by_epoch=False,
         milestones=[18000, 22000], gamma=0.1),
]
custom_hooks = {{_base_.verify_pretrained}}

# One config serves every pretraining of the table: the checkpoint picks the row.
paper_rows = [dict(paper='AutoMix', table='T7', column='VOC mAP')]
recipe_differences = _base_.c4_differences
