# FGVC-Aircraft (100 variants, 6,667 trainval / 3,333 test images) in mmpretrain's
# layout (fgvc-aircraft-2013b/data/images_variant_{trainval,test}.txt, data/images/):
# the CUB base (cub.py: the fine-tuning recipe of finetune_200e.py and its AutoMix
# settings) on these images, trained on trainval (OpenMixup's
# data/meta/Aircrafts/train_labeled.txt) and tested on test, at the variant level.
_base_ = ['./cub.py']

train_dataloader = dict(dataset=dict(
    type='FGVCAircraft', data_root='data/fgvc-aircraft-2013b', split='trainval'))
val_dataloader = dict(dataset=dict(
    type='FGVCAircraft', data_root='data/fgvc-aircraft-2013b', split='test'))
test_dataloader = val_dataloader
data_preprocessor = dict(num_classes=100)
resnet18 = resnext50 = dict(head=dict(num_classes=100))
automix_resnet18 = automix_resnext50 = dict(resnet18, mix_head=dict(num_classes=100))
