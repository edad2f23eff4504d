# What the DeiT-S and Swin-T recipes of SMMix Table 2 (deit-small_openmixup_in1k.py,
# swin-tiny_openmixup_in1k.py: OpenMixup's "DeiT setting") share beyond mmpretrain's
# configs: mmrecmix's modules and where these runs differ from OpenMixup's (each
# recipe adds its own schedule's difference).
_base_ = ['../../../_base_/guided_mixes.py']

custom_imports = dict(imports=['mmrecmix'], allow_failed_imports=False)

recipe_differences = [
    'fp32 (OpenMixup: fp16 with dynamic loss scaling; tools/train.py --amp for that)',
    'pairs by torch.randperm (OpenMixup redraws permutations with a fixed point up '
    'to 10 times for CutMix and FMix)',
    'SaliencyMix arm: Montabone & Soto saliency in torch; OpenMixup calls OpenCV on '
    'the float tensor, which it reads as 8-bit: the peaks differ',
    'ResizeMix arm: the resized partner wholly inside the image, as published; '
    'OpenMixup centres the box anywhere, clips it and squeezes the partner into it',
    "ResizeMix arm: OpenMixup's run sizes its box by alpha 1 (AutoMix's appendix: "
    'alpha 0.2 for every method in the DeiT setting); this arm draws the scale from '
    "U(0.1, 0.8), ResizeMix's paper",
    "AttentiveMix+ arm: lambda ~ Beta(2, 2) as OpenMixup's run (AutoMix's appendix: "
    'alpha 0.2 for every method in the DeiT setting)',
    "FMix arm: spectrum='reference', OpenMixup's masks (ecs-vlc/FMix "
    'make_low_freq_image), which hold only the width frequencies 0 and 1/W (each row '
    "one circular run), in place of the paper's full 2-D spectrum",
]
