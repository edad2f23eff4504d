# PVT-Tiny (v1) with SMMix instead of CutMix, everything else the CutMix arm's recipe
# (SMMix's code); what SMMix does here: `smmix` in pvt-tiny_4xb256-300e-cutmix_in1k.py.
_base_ = ['./pvt-tiny_4xb256-300e-cutmix_in1k.py']

model = _base_.smmix

# SMMix Table 1, PVT-T SMMix 76.4 (also its README's released PVT-T model). Its
# Tables 3-5 evaluate or fine-tune the same model on other data.
paper_rows = [dict(paper='SMMix', table='T1', group='PVT-T', method='SMMix')]
