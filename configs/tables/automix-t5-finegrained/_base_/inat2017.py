# iNaturalist 2017 (5,089 classes, 579,184 training / 95,986 validation images) as
# mmpretrain's CustomDataset: the images under data/inat2017/ as the challenge ships
# them (train_val_images/<super-category>/<species>/<id>.jpg) and "path label" lists
# meta/train2017.txt and meta/val2017.txt made from train2017.json / val2017.json
# (image file_name, annotation category_id) by tools/dataset_converters/inat_to_list.py,
# as OpenMixup's data/meta/iNaturalist2017/{train,val}2017_classification.txt are. From
# scratch on the recipe of from-scratch_100e.py.
_base_ = ['./from-scratch_100e.py']

_inat = dict(type='CustomDataset', data_root='data/inat2017', data_prefix='')
train_dataloader = dict(dataset=dict(_inat, ann_file='meta/train2017.txt'))
val_dataloader = dict(dataset=dict(_inat, ann_file='meta/val2017.txt'))
test_dataloader = val_dataloader
data_preprocessor = dict(num_classes=5089)
resnet50 = resnext101 = dict(head=dict(num_classes=5089))
automix_resnet50 = automix_resnext101 = dict(resnet50, mix_head=dict(num_classes=5089))
# The Mix Block's cosine ends at 1e-4 here (OpenMixup's mlr1e_4 configs).
automix_param_scheduler = _base_.automix_cosines['inat']
