# Mixup on CUB-200-2011, alpha 1.0 (appendix A.1, CUB-200 and Aircraft).
_base_ = ['./_base_/cub.py']

model = dict(_base_.resnet18, train_cfg=dict(augments=dict(type='Mixup', alpha=1.0)))

paper_rows = [dict(paper='AutoMix', table='T5', method='Mixup', column='CUB R-18')]
