# iNaturalist 2018 (8,142 classes, 437,513 training / 24,426 validation images): the
# iNaturalist 2017 base (inat2017.py, the same recipe and AutoMix settings) on the 2018
# images under data/inat2018/ and "path label" lists meta/{train,val}2018.txt made
# from train2018.json / val2018.json by tools/dataset_converters/inat_to_list.py
# (OpenMixup's data/meta/iNaturalist2018/{train,val}2018_classification.txt).
_base_ = ['./inat2017.py']

train_dataloader = dict(dataset=dict(data_root='data/inat2018',
                                     ann_file='meta/train2018.txt'))
val_dataloader = dict(dataset=dict(data_root='data/inat2018', ann_file='meta/val2018.txt'))
test_dataloader = val_dataloader
data_preprocessor = dict(num_classes=8142)
resnet50 = resnext101 = dict(head=dict(num_classes=8142))
automix_resnet50 = automix_resnext101 = dict(resnet50, mix_head=dict(num_classes=8142))
