# PSPNet on PVTv2-B1's last stage (512 channels, stride 32), 80k iterations on ADE20K,
# AdamW. Extract the backbone of the mmrecmix PVTv2-B1 checkpoint first.
_base_ = ['./pspnet_r50_adamw_80k_ade20k_mmrecmix.py', './_base_/pvtv2_b1_backbone.py']

model = dict(backbone={{_base_.pvtv2_b1}},
             decode_head=dict(in_channels=512, in_index=3),
             auxiliary_head=dict(in_channels=320, in_index=2))

# The baseline, CutMix and RecursiveMix cells: one config, the pretrained checkpoint
# picks the row.
paper_rows = [
    dict(paper='RecursiveMix', table='T9', group='PSPNet / PVTv2-B1'),
]
