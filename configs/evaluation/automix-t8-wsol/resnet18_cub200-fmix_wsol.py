# AutoMix Table 8, FMix on R-18: MaxBoxAccV2 on CUB-200-2011 of the FMix model.
_base_ = ['./_base_/resnet18_cub_wsol.py']

paper_rows = [dict(paper='AutoMix', table='T8', method='FMix', column='R-18')]
