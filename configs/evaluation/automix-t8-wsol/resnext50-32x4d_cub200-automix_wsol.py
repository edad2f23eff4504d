# AutoMix Table 8, AutoMix on RX-50: MaxBoxAccV2 on CUB-200-2011 of the AutoMix model.
# The model is the plain classifier of the network, so convert the AutoMix checkpoint
# (configs/tables/automix-t5-finegrained-automix/resnext50-32x4d_1xb16-200e-automix_cub.py)
# first: AutoMixClassifier keeps the online encoder under backbone. / head. and the
# one AutoMix evaluates under momentum_encoder.; loaded as it is, this config would
# score the online one. The converter writes the momentum encoder as backbone. /
# head., strictly (docs/evaluation/localization.md):
#   CONFIG=configs/evaluation/automix-t8-wsol/resnext50-32x4d_cub200-automix_wsol.py
#   python tools/model_converters/automix_to_classifier.py work_dirs/ARM/epoch_200.pth \
#       momentum.pth --config $CONFIG
#   python tools/evaluate.py $CONFIG momentum.pth
_base_ = ['./_base_/resnext50_cub_wsol.py']

paper_rows = [dict(paper='AutoMix', table='T8', method='AutoMix', column='RX-50')]
