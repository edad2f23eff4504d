# SaliencyMix on FGVC-Aircraft with the Table 2 options (_base_/mixes.py), alpha 0.2
# (appendix A.1, CUB-200 and Aircraft).
_base_ = ['./_base_/fgvc-aircraft.py']

model = dict(_base_.resnext50, train_cfg=dict(augments=dict(_base_.saliencymix, alpha=0.2)))

paper_rows = [dict(paper='AutoMix', table='T5', method='SaliencyMix', column='Aircraft RX-50')]
