# The CIFAR-10 config on CIFAR-100 (100 classes). The mean/std stay CIFAR-10's: the
# authors' code normalises CIFAR-100 with them too.
_base_ = ['./resnet18_2xb64-200e_cifar10.py']

dataset_type = 'CIFAR100'
model = dict(head=dict(num_classes=100))
data_preprocessor = dict(num_classes=100)
train_dataloader = dict(dataset=dict(type=dataset_type, data_root='data/cifar100'))
val_dataloader = dict(dataset=dict(type=dataset_type, data_root='data/cifar100'))
test_dataloader = val_dataloader

# RecursiveMix Table 3 (CIFAR-100, 200 epochs): ResNet-18 baseline, 21.70 top-1 error.
paper_rows = [
    dict(paper='RecursiveMix', table='T3', group='ResNet-18', method='Baseline'),
]
