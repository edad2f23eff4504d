# What the RSB A2 and A3 recipes of AutoMix Table 3 (rsb-a2_openmixup_in1k.py,
# ../../rsb-a3/_base_/rsb-a3_openmixup_in1k.py) share beyond mmpretrain's RSB configs:
# mmrecmix's modules and where these runs differ from OpenMixup's (each recipe adds
# its own schedule's difference), and the guided mixes the arms take their model from.
_base_ = ['../../../_base_/guided_mixes.py']

custom_imports = dict(imports=['mmrecmix'], allow_failed_imports=False)

recipe_differences = [
    'fp32 (OpenMixup: apex fp16 with dynamic loss scaling; tools/train.py --amp for '
    'that)',
    'BCE summed over classes, averaged over the batch (OpenMixup, mmpretrain); timm, '
    'the RSB code, averages over classes too: 1/1000 of the gradient, which changes '
    "when LAMB's grad-norm clip at 1.0 acts",
    'pairs by torch.randperm (OpenMixup redraws CutMix permutations with a fixed '
    'point up to 10 times; timm pairs with the reversed batch)',
]

# The batch mixes of the AutoMix Table 3 rows other than "RSB", as OpenMixup ran them
# on the RSB recipes: the mix_args of its rsb_a2 / rsb_a3 files
# (configs/classification/imagenet/mixups/rsb_a3/efficientnet_b0_rsb_a3_CE_sigm_mix0_1_
# cut1_0_4xb512_fp16.py and its siblings; OpenMixup generates each method's run from
# them with auto_train_mixups.py) and the alpha of its mixups README, "Timm RSB A2/A3"
# table: 0.2 for Mixup, CutMix, ManifoldMix, SaliencyMix and FMix, 1 for PuzzleMix and
# ResizeMix. Each arm sets one of them as its model's batch mix.
# SaliencyMix: one box for the whole batch from the fine-grained static saliency of
# one partner image (OpenMixup's saliencymix.py).
rsb_saliencymix = dict(type='mmrecmix.SaliencyMix', alpha=0.2, per_image=False,
                       saliency='fine_grained')
# FMix: mix_args fmix decay_power 3, max_soft 0 (a hard mask), reformulate False.
rsb_fmix = dict(type='mmrecmix.FMix', alpha=0.2, decay_power=3.0, max_soft=0.0,
                spectrum='reference')
# ResizeMix: mix_args resizemix scope (0.1, 0.8), use_alpha True with alpha 1 (tau ~
# Beta(1, 1), redrawn from U(0.1, 0.8) outside the scope: tau ~ U(0.1, 0.8)); nearest
# resizing (the function's interpolate_mode).
rsb_resizemix = dict(type='mmrecmix.ResizeMix', scale=(0.1, 0.8),
                     interpolation='nearest')
fmix_differences = [
    "FMix arm: spectrum='reference', OpenMixup's masks (ecs-vlc/FMix "
    'make_low_freq_image), which hold only the width frequencies 0 and 1/W (each row '
    "one circular run), in place of the paper's full 2-D spectrum",
]
saliencymix_differences = [
    'SaliencyMix arm: Montabone & Soto saliency in torch; OpenMixup calls OpenCV on '
    'the float tensor, which it reads as 8-bit: the peaks differ',
]
resizemix_differences = [
    'ResizeMix arm: the resized partner wholly inside the image, as published; '
    'OpenMixup centres the box anywhere, clips it and squeezes the partner into it',
    "ResizeMix arm: OpenMixup's run sizes its box by alpha 1 (AutoMix's appendix: "
    'alpha 0.2 for every method in the RSB A2 / A3 settings); this arm draws the '
    "scale from U(0.1, 0.8), as OpenMixup's alpha 1 does",
]
