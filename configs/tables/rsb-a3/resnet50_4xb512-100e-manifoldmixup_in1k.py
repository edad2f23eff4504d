# ResNet-50 (SyncBN), RSB A3 recipe (_base_/rsb-a3_openmixup_in1k.py) with
# Manifold Mixup: AutoMix Table 3 "Manifold Mixup" R-50 A3, 77.78. Source:
# Westlake-AI/openmixup configs/classification/imagenet/mixups/rsb_a3/
# r50_rsb_a3_CE_sigm_4xb512_fp16.py (its base r50_rsb_a3_CE_none_4xb512_fp16.py:
# ResNet_Mix, mix_args)
# with mix_mode "manifoldmix", alpha 0.2 (its mixups README, RSB table: 77.78).
# Manifold Mixup: lambda ~ Beta(0.2, 0.2), mixed at one of {input, stage 1,
# stage 2} drawn per batch (mix_args manifoldmix layer=(0, 3): a randint over
# 0..2 on OpenMixup's ResNet_Mix). Loss: the RSB recipe's binary cross-entropy
# (sigmoid) on the mixed labels, OpenMixup's run behind this row; the Manifold Mixup
# authors trained with BCE on the softmax (mmrecmix.SoftmaxBCELoss), which this row
# did not use.
_base_ = ['./_base_/rsb-a3_openmixup_in1k.py']

model = dict(
    type='mmrecmix.FeatureMixClassifier',
    feature_mix=dict(type='Mixup', alpha=0.2),
    mix_stages=(0, 1, 2),
)

paper_rows = [dict(paper='AutoMix', table='T3', method='Manifold Mixup',
                   column='R-50 A3')]
