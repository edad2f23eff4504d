# CutMix Table 6 (CIFAR-100): PyramidNet-110 (alpha 64), the baseline, 19.85 / 4.66
# top-1 / top-5 error: the PyramidNet-200 arm's recipe (Sec. 4.1.2) with the
# backbone swapped. The reference builds it with its default bottleneck units
# (train.py: --no-bottleneck is the only switch; 110 = 9 x 12 + 2): 1.73 M parameters
# with the 100-class head, the table's 1.7 M (basic units would give 2.6 M). Last
# stage: 4 x (16 + 64) = 320 channels.
_base_ = ['./pyramidnet200_2xb32-300e_cifar100.py']

model = dict(
    backbone=dict(depth=110, alpha=64, bottleneck=True),
    head=dict(in_channels=320))

paper_rows = [
    dict(paper='CutMix', table='T6', group='PyramidNet-110 (a~=64)', method='Baseline'),
]
