# AutoMix Table 8, Co-Mixup on RX-50: MaxBoxAccV2 on CUB-200-2011 of the Co-Mixup model.
_base_ = ['./_base_/resnext50_cub_wsol.py']

paper_rows = [dict(paper='AutoMix', table='T8', method='Co-Mixup', column='RX-50')]
