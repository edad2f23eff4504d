# Semantic FPN with a PVT-Small (v1) backbone on ADE20K: SMMix Table 3, PVT-S. The
# PVT-T config (fpn_pvt-t_40k_ade20k_mmrecmix.py, PVT's fpn_pvt_{t,s}_ade20k_40k.py
# recipe) with PVT-S's depths 3-4-6-3; its backbone from an extracted mmrecmix PVT-S
# ImageNet checkpoint (--cfg-options model.backbone.init_cfg.checkpoint=B.pth).
_base_ = ['./fpn_pvt-t_40k_ade20k_mmrecmix.py']

model = dict(backbone={{_base_.pvt_small}})

# One config serves every pretraining of the table: the checkpoint picks the row.
paper_rows = [dict(paper='SMMix', table='T3', group='PVT-S')]
