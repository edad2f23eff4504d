# Mixup on iNaturalist 2017, alpha 0.2 (appendix A.1, iNat2017/2018 on R-50 and RX-101).
_base_ = ['./_base_/inat2017.py']

model = dict(_base_.resnet50, train_cfg=dict(augments=dict(type='Mixup', alpha=0.2)))

paper_rows = [dict(paper='AutoMix', table='T5', method='Mixup', column='iNat17 R-50')]
