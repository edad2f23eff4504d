# The pieces every R-50 transfer config takes (as `{{_base_.x}}`): the backbone
# initialised from an mmrecmix ImageNet classifier checkpoint (pick another with
# --cfg-options model.backbone.init_cfg.checkpoint=PATH), and the hook that stops the
# run, listing keys, when the checkpoint leaves part of the backbone random.
r50_init_cfg = dict(
    type='Pretrained', prefix='backbone.',
    checkpoint='work_dirs/resnet50_8xb64-300e-recursivemix_in1k/epoch_300.pth')
verify_pretrained = [dict(type='mmrecmix.VerifyPretrainedHook')]
