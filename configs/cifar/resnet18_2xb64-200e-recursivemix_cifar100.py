# The CIFAR-10 config on CIFAR-100 (100 classes).
_base_ = ['./resnet18_2xb64-200e-recursivemix_cifar10.py']

dataset_type = 'CIFAR100'
model = dict(head=dict(num_classes=100), consistency=dict(num_classes=100))
data_preprocessor = dict(
    num_classes=100, mean=[129.304, 124.070, 112.434], std=[68.170, 65.392, 70.418])
train_dataloader = dict(dataset=dict(type=dataset_type, data_root='data/cifar100'))
val_dataloader = dict(dataset=dict(type=dataset_type, data_root='data/cifar100'))
test_dataloader = val_dataloader
