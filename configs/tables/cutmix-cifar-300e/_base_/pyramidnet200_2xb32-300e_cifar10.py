# The CutMix paper's CIFAR recipe on CIFAR-10 (Table 7: "the same baseline and training
# setting" as CIFAR-100; train.py normalises both with the same mean and std).
_base_ = ['./pyramidnet200_2xb32-300e_cifar100.py']

dataset_type = 'CIFAR10'
model = dict(head=dict(num_classes=10))
data_preprocessor = dict(num_classes=10)
train_dataloader = dict(dataset=dict(type=dataset_type, data_root='data/cifar10'))
val_dataloader = dict(dataset=dict(type=dataset_type, data_root='data/cifar10'))
test_dataloader = val_dataloader
