# The pieces of the R50-C4 transfer configs (as `{{_base_.x}}`): a pytorch-style
# ResNet-50 (an mmpretrain / mmrecmix checkpoint: stride on the 3x3 convolution,
# ImageNet mean and std on RGB input; mmdet's C4 bases are caffe-style, stride on the
# 1x1, BGR minus the mean, std 1) whose stages 1-3 are the backbone and stage 4 the
# RoI head, both filled from one checkpoint split by
# tools/model_converters/resnet_to_c4.py; and the hook that stops a run whose
# checkpoint leaves either part random. Pick the checkpoint for both parts:
#   --cfg-options model.backbone.init_cfg.checkpoint=C4.pth \
#       model.roi_head.shared_head.init_cfg.checkpoint=C4.pth
c4_checkpoint = 'work_dirs/resnet50_4xb64-300e-automix_in1k/c4.pth'
pytorch_style_preprocessor = dict(
    mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375], bgr_to_rgb=True)
verify_pretrained = [dict(type='mmrecmix.VerifyPretrainedHook')]

# The C4 detector's model overrides (`model = {{_base_.c4_model}}`): pytorch style in
# the backbone and the RoI head's stage 4, both filled from c4_checkpoint, and MoCo's
# batch norm (Base-RCNN-C4-BN.yaml: synchronised, trained in every layer, FREEZE_AT 0).
_sync_bn = dict(type='SyncBN', requires_grad=True)
c4_model = dict(
    data_preprocessor=pytorch_style_preprocessor,
    backbone=dict(style='pytorch', frozen_stages=-1, norm_cfg=_sync_bn, norm_eval=False,
                  init_cfg=dict(type='Pretrained', prefix='backbone.',
                                checkpoint=c4_checkpoint)),
    roi_head=dict(shared_head=dict(
        style='pytorch', norm_cfg=_sync_bn, norm_eval=False,
        init_cfg=dict(type='Pretrained', prefix='roi_head.shared_head.',
                      checkpoint=c4_checkpoint))))
c4_differences = [
    "mmdet in place of Detectron2; the table names only Detectron2, R50-C4 and the "
    "schedule: batch norm, warm-up, steps and scales are MoCo's protocol as OpenMixup "
    'ships it (inferred)',
    "no extra batch norm after stage 4 in the RoI head (MoCo's Res5ROIHeadsExtraNorm) "
    'and no precise-BN pass before testing',
    'ResNet-50 from an mmrecmix (mmpretrain, pytorch-style) checkpoint, split by '
    'tools/model_converters/resnet_to_c4.py to fill stage 4 in the RoI head',
]
