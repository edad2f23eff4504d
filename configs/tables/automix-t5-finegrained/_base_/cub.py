# CUB-200-2011 (200 classes, 5,994 training / 5,794 test images) in mmpretrain's
# layout (CUB_200_2011/images.txt, image_class_labels.txt, train_test_split.txt,
# images/), on the fine-tuning recipe of finetune_200e.py. OpenMixup's lists
# (data/meta/CUB200/{train,test}_labeled.txt) are the official split.
_base_ = ['./finetune_200e.py']

data_preprocessor = dict(num_classes=200)
resnet18 = resnext50 = dict(head=dict(num_classes=200))
automix_resnet18 = automix_resnext50 = dict(resnet18, mix_head=dict(num_classes=200))
train_dataloader = dict(dataset=dict(type='CUB', data_root='data/CUB_200_2011', split='train'))
val_dataloader = dict(dataset=dict(type='CUB', data_root='data/CUB_200_2011', split='test'))
test_dataloader = val_dataloader
