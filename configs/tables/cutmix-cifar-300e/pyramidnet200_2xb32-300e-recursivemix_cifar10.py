# CIFAR-10: + RecursiveMix, RecursiveMix Table 1 (2.35 top-1 error, mean of 3 runs).
# alpha 0.5 and omega 0.1 (Sec. 4.1; the README's CIFAR-10 command, --aug_alpha 0.5
# --aug_omega 0.1, which also gives this recipe: --epoch 300 --batch_size 64 (2 GPUs)
# --lr 0.25 --scheduler step --schedule 150 225 --weight_decay 1e-4 --nesterov). The
# RoI consistency head reads the last stage, 1024 channels (4 x (16 + 240)).
_base_ = ['./_base_/pyramidnet200_2xb32-300e_cifar10.py']

model = dict(
    type='mmrecmix.RecursiveMixClassifier',
    consistency=dict(type='mmrecmix.RoIConsistencyNeck', in_channels=1024,
                     num_classes=10, omega=0.1),
    train_cfg=dict(augments=dict(type='mmrecmix.RecursiveMix', alpha=0.5)))

paper_rows = [
    dict(paper='RecursiveMix', table='T1', group='PyramidNet-200 (a~=240)',
         method='RecursiveMix'),
]
# Read from the authors' three logs (logs/log_cifar10_300epoch_pyramidnet_rm_*.log:
# lr 0.041667 = 0.25 / 6 in epoch 1 ... 0.25 from epoch 6; best 97.60 / 97.62 / 97.72)
# and their dataset.py / main.py; this arm keeps the other arms' recipe instead. Their
# runs are DDP with 32 images a GPU and a history per GPU, as here.
recipe_differences = [
    'the authors\' runs warm up 5 epochs (lr 0.25 e / 6, e = 1..5) before the steps',
    'the authors\' runs normalise with mean (0.4914, 0.4822, 0.4465), std (0.2023, '
    '0.1994, 0.2010) x 255 instead of CutMix\'s std (63.0, 62.1, 66.7)',
    'the authors\' runs train in mixed precision (autocast, GradScaler)',
]
