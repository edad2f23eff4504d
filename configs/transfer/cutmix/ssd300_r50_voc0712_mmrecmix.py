# SSD300 with a ResNet-50 backbone on PASCAL VOC 07+12 trainval, tested on VOC2007
# test: CutMix Table 10, "SSD mAP" (Sec. 4.3: "Originally the two methods have
# utilized VGG-16 as backbones, but we have changed it to ResNet-50 ... We follow the
# fine-tuning strategy of the original methods"; Table 1 names it "SSD finetuning").
# What the text does not say (its appendix C is not in it) is inferred here:
# - the ResNet-50 of the common SSD300-ResNet-50 (NVIDIA's DeepLearningExamples /
#   MLPerf SSD, after Huang et al. 2017): stem and stages 1-3 only, stage 3 with
#   stride 1, so that one 1024-channel map at stride 8 (38 x 38 at 300 px) takes
#   VGG's conv4_3 place; no L2 normalisation of it;
# - five extra levels as in SSD300 (1x1 to half the width, then 3x3): 512, 512, 256
#   (stride 2) and 256, 256 (valid 3x3), giving 19, 10, 5, 3, 1 and the six maps and
#   anchors of the VGG SSD300, with batch norm in the extra layers (NVIDIA's);
# - the rest is mmdet's ssd300_voc0712.py (SSD's own VOC recipe in mmdet: expand,
#   min-IoU crop, photometric distortion, 300 x 300, SGD lr 1e-3 for 64 images, wd
#   5e-4, 24 epochs of the 07+12 set repeated 10 times, steps after 16 and 20),
#   with ImageNet std for the pytorch-style ResNet (the VGG's caffe weights use 1),
#   the stem and stage 1 frozen and batch norm statistics fixed (mmdet's ResNet
#   fine-tuning convention).
# The backbone comes from an mmrecmix ImageNet R-50 checkpoint without stage 4: split
# it with tools/model_converters/resnet_to_c4.py (its backbone.* part is this model's):
#   python tools/model_converters/resnet_to_c4.py work_dirs/ARM/epoch_300.pth C4.pth
#   python tools/train.py configs/transfer/cutmix/ssd300_r50_voc0712_mmrecmix.py \
#       --cfg-options model.backbone.init_cfg.checkpoint=C4.pth
_base_ = ['mmdet::pascal_voc/ssd300_voc0712.py', '../_base_/resnet50_c4.py']

custom_imports = dict(imports=['mmrecmix'], allow_failed_imports=False)

_widths = (1024, 512, 512, 256, 256, 256)
model = dict(
    data_preprocessor=dict(std=[58.395, 57.12, 57.375]),
    backbone=dict(
        _delete_=True, type='ResNet', depth=50, num_stages=3, strides=(1, 2, 1),
        dilations=(1, 1, 1), out_indices=(2, ), frozen_stages=1,
        norm_cfg=dict(type='BN', requires_grad=True), norm_eval=True, style='pytorch',
        init_cfg=dict(type='Pretrained', prefix='backbone.',
                      checkpoint=_base_.c4_checkpoint)),
    neck=dict(in_channels=(1024, ), out_channels=_widths,
              level_strides=(2, 2, 2, 1, 1), level_paddings=(1, 1, 1, 0, 0),
              l2_norm_scale=None, norm_cfg=dict(type='BN')),
    bbox_head=dict(in_channels=_widths))

custom_hooks = _base_.custom_hooks + _base_.verify_pretrained

# One config serves every pretraining of the table: the checkpoint picks the row.
paper_rows = [dict(paper='CutMix', table='T10', column='SSD mAP')]
recipe_differences = [
    'inferred: the SSD300-ResNet-50 architecture (stage 3 at stride 1, five extra '
    'levels with batch norm) and the schedule (mmdet\'s SSD300 VOC recipe); the paper '
    'states only SSD, ResNet-50 and VOC 07+12 fine-tuning',
]
