# The mixes of AutoMix Table 5 with the options of the Table 2 arms
# (../../automix-t2-in1k/*.py: OpenMixup's mix_args), less alpha, which the arms set
# from the paper's appendix A.1 for each dataset. An arm takes one as
# `model = dict(_base_.resnet18, train_cfg=dict(augments=dict(_base_.fmix, alpha=0.2)))`.
# FMix: decay power 3, hard masks, one mask per batch; SaliencyMix: one box per batch
# on the first partner's fine-grained saliency peak; ResizeMix: tau ~ U(0.1, 0.8),
# nearest resizing; Manifold Mixup: one of {input, stage 1, stage 2} per batch
# (OpenMixup layer=(0, 3)), soft-target cross-entropy as OpenMixup ran it.
fmix = dict(type='mmrecmix.FMix', decay_power=3.0, max_soft=0.0, spectrum='reference')
saliencymix = dict(type='mmrecmix.SaliencyMix', per_image=False, saliency='fine_grained')
resizemix = dict(type='mmrecmix.ResizeMix', scale=(0.1, 0.8), interpolation='nearest')
manifold_stages = dict(type='mmrecmix.FeatureMixClassifier', mix_stages=(0, 1, 2))
fmix_differences = [
    "FMix spectrum='reference': OpenMixup's masks (ecs-vlc/FMix make_low_freq_image), "
    'which hold only the width frequencies 0 and 1/W (each row one circular run), '
    "in place of the paper's full 2-D spectrum",
]
