# Mixup (Zhang et al. 2018) with AutoMix's momentum pipeline and the clean-image
# cross-entropy on ImageNet-1k, ResNet-18, 100 epochs (PyTorch-style): AutoMix Table
# 10's "+MP+CE" row. The "+MP" arm with Eq. 8's l_CE(f_q(x), y) on the clean batch
# added, through the same head (the one whose momentum copy is evaluated). See
# README.md.
_base_ = './resnet18_4xb64-100e-mixup-mp_in1k.py'

model = dict(clean_loss=True)

paper_rows = [
    dict(paper='AutoMix', table='T10', group='+MP+CE', method='Mixup',
         column='IN-1k'),
]
