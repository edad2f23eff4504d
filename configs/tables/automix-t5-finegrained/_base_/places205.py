# Places205 (205 scene classes, about 2.5M training images) as mmpretrain's Places205
# dataset: the images256 folder and the official split lists of data/places205/
# (trainvalsplit_places205/{train,val}_places205.csv, "path label" lines; OpenMixup's
# data/meta/Place205/{train_labeled_places205_full,val_labeled_places205}.txt). From
# scratch on the recipe of from-scratch_100e.py; the Mix Block's cosine ends at 1e-3.
_base_ = ['./from-scratch_100e.py']

recipe_differences = _base_.recipe_differences + [
    "ResizeMix (OpenMixup alpha 0.2 on Places205, use_alpha): tau ~ U(0.1, 0.8); "
    'OpenMixup draws tau ~ Beta(0.2, 0.2), redrawn from U(0.1, 0.8) outside it',
]
data_preprocessor = dict(num_classes=205)
resnet18 = resnet50 = dict(head=dict(num_classes=205))
automix_resnet18 = automix_resnet50 = dict(resnet18, mix_head=dict(num_classes=205))
_places = dict(type='Places205', data_root='data/places205', data_prefix='images256')
_lists = 'trainvalsplit_places205/{}_places205.csv'
train_dataloader = dict(dataset=dict(_places, ann_file=_lists.format('train')))
val_dataloader = dict(dataset=dict(_places, ann_file=_lists.format('val')))
test_dataloader = val_dataloader
