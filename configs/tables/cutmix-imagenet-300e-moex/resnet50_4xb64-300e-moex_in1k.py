# ImageNet-1k, ResNet-50: + MoEx (Li et al. 2021), RecursiveMix Table 6 (21.90 / 6.10),
# the MoEx authors' run (Boyiliee/MoEx ImageNet/run_moex_resnet.sh: PONO moments
# exchanged after the stem, conv1 / BN / ReLU / max-pool, lambda 0.9, probability 1,
# epsilon 1e-5). The CutMix recipe of ../cutmix-imagenet-300e/ with the exchange; its
# own folder because the classifier differs from the other arms'.
_base_ = ['../cutmix-imagenet-300e/resnet50_4xb64-300e_in1k.py']

model = dict(
    type='mmrecmix.MomentExchangeClassifier',
    feature_mix=dict(type='mmrecmix.MomentExchange', lam=0.9, prob=1.0))

paper_rows = [
    dict(paper='RecursiveMix', table='T6', group='ResNet-50', method='MoEx'),
]
recipe_differences = _base_.recipe_differences + [
    'the number is the MoEx authors\' run, whose recipe is not the CutMix one this '
    'config keeps: 8 GPUs x 224, lr 0.1 x 1792 / 256 with 5 warm-up epochs and a '
    'cosine decay to 1e-9 x 1792 / 256 per step, apex O1 mixed precision '
    '(ImageNet/main_moex.py)',
]
