# SaliencyMix on iNaturalist 2018 with the Table 2 options (_base_/mixes.py), alpha 1.0
# (appendix A.1, iNat2017/2018 on R-50 and RX-101).
_base_ = ['./_base_/inat2018.py']

model = dict(_base_.resnext101, train_cfg=dict(augments=dict(_base_.saliencymix, alpha=1.0)))

paper_rows = [dict(paper='AutoMix', table='T5', method='SaliencyMix', column='iNat18 RX-101')]
