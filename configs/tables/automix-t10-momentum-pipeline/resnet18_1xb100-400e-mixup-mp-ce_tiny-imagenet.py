# Mixup (Zhang et al. 2018) with AutoMix's momentum pipeline and the clean-image
# cross-entropy on Tiny-ImageNet, CIFAR ResNet-18, 400 epochs: AutoMix Table 10's
# "+MP+CE" row. The "+MP" arm with Eq. 8's l_CE(f_q(x), y) on the clean batch added,
# through the same head (the one whose momentum copy is evaluated). See README.md.
_base_ = './resnet18_1xb100-400e-mixup-mp_tiny-imagenet.py'

model = dict(clean_loss=True)

paper_rows = [
    dict(paper='AutoMix', table='T10', group='+MP+CE', method='Mixup',
         column='Tiny'),
]
