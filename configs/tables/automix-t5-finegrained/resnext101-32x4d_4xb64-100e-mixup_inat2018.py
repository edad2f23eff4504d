# Mixup on iNaturalist 2018, alpha 0.2 (appendix A.1, iNat2017/2018 on R-50 and RX-101).
_base_ = ['./_base_/inat2018.py']

model = dict(_base_.resnext101, train_cfg=dict(augments=dict(type='Mixup', alpha=0.2)))

paper_rows = [dict(paper='AutoMix', table='T5', method='Mixup', column='iNat18 RX-101')]
