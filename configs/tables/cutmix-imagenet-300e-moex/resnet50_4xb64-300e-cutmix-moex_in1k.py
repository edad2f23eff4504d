# ImageNet-1k, ResNet-50: + CutMix + MoEx, RecursiveMix Table 6 (20.90 / 5.70), the
# MoEx authors' run (ImageNet/run_moex+cutmix_resnet.sh: CutMix Beta(1, 1) on every
# batch, then MoEx with probability 0.25, lambda 0.9, between each image and the one
# whose box it received; main_moex_cutmix.py's three-label loss, which
# MomentExchangeClassifier's labels give).
_base_ = ['./resnet50_4xb64-300e-moex_in1k.py']

model = dict(
    feature_mix=dict(prob=0.25),
    train_cfg=dict(augments=dict(type='mmrecmix.CutMix', alpha=1.0, prob=1.0)))

paper_rows = [
    dict(paper='RecursiveMix', table='T6', group='ResNet-50', method='CutMix + MoEx'),
]
