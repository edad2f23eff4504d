# What the RSB A2 and A3 recipes of AutoMix Table 3 (rsb-a2_openmixup_in1k.py,
# ../../rsb-a3/_base_/rsb-a3_openmixup_in1k.py) share beyond mmpretrain's RSB configs:
# mmrecmix's modules and where these runs differ from OpenMixup's (each recipe adds
# its own schedule's difference).
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
