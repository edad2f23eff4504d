# AutoMix's own PyTorch-style ImageNet-1k recipe, OpenMixup's
# configs/classification/imagenet/automix/basic/{r18,r34,r50,r101,rx101}_l2_a2_near_
# lam_cat_mb_mlr1e_3_bb_mlr0.py: the Table 2 recipe (../../automix-t2-in1k/_base_/
# pytorch-style.py: 4 GPUs x 64, SGD lr 0.1, momentum 0.9, wd 1e-4, the encoder's
# cosine to 0, bicubic resizing) with the Mix Block in its own group (lr 0.1, SGD
# momentum 0.9) and a cosine to 1e-3 (addtional_scheduler), and the momentum encoder
# at 0.999 for the first 10% of the iterations, then the cosine on t / T to 0.99999.
# The last partial batch is kept (OpenMixup's dataloader default, drop_last False).
# The mask-loss annealing (OpenMixup's CustomCosineAnnealingHook, which compounds) is
# the model's: ./automix_resnet.py. Evaluated with the momentum encoder. The schedule
# (100 or 300 epochs, total_epochs as OpenMixup's auto_train_in_automix.py generates)
# is in automix_pytorch-style_<n>e.py.
_base_ = ['../../automix-t2-in1k/_base_/pytorch-style.py']

optim_wrapper = dict(
    constructor='mmrecmix.GroupOptionsConstructor',
    paramwise_cfg=dict(group_options=dict(mix_block=dict(momentum=0.9))))
custom_hooks = [
    dict(type='mmrecmix.AutoMixMomentumHook', momentum=0.999, end_momentum=0.99999,
         constant_ratio=0.1),
]
train_dataloader = dict(drop_last=False)
recipe_differences = []
