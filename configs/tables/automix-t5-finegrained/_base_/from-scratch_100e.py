# The large-scale recipe of AutoMix Table 5 (Sec. 4.2: "similar settings as (a) in
# Sec. 4.1 with the total epoch of 100 epochs (training from scratch)"): the
# PyTorch-style ImageNet recipe of Table 2 (../../automix-t2-in1k/_base_/
# pytorch-style_100e.py: 4 GPUs x 64, SGD lr 0.1, momentum 0.9, wd 1e-4, cosine to 0,
# random-resized crop 224 bicubic and flip; test: shorter side 256 bicubic, centre
# crop 224), as OpenMixup's configs/classification/{inaturalist2017,inaturalist2018,
# place205}/mixups/*_mixups_CE_none_4xb64.py run it on those datasets (their
# _base_/datasets/*/basic_sz224_4xbs64.py: the same pipelines). The paper reports the
# median top-1 of the last 5 epochs. The dataset bases add the data and the classes.
_base_ = ['../../automix-t2-in1k/_base_/pytorch-style_100e.py', './models.py',
          './mixes.py']

# The dataset bases give the dataset (type, root, list); its pipelines are these.
train_dataloader = dict(num_workers=8,
                        dataset=dict(_delete_=True, pipeline=_base_.train_pipeline))
val_dataloader = dict(batch_size=128,
                      dataset=dict(_delete_=True, pipeline=_base_.test_pipeline))
test_dataloader = val_dataloader

# AutoMix's own version (OpenMixup's <dataset>/automix/*_l2_a2_near_lam_cat_mb_
# mlr1e_{3,4}_bb_mlr0_4xb64_ep100.py): the Mix Block's group at the encoder's lr 0.1,
# its cosine to 1e-3 (Places205; inat2017.py sets iNaturalist's 1e-4); the rest in
# models.py. ../../automix-t5-finegrained-automix/_base_/<dataset>_automix.py sets
# them.
automix_param_scheduler = _base_.automix_cosines['places']
