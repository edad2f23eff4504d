# What the DenseNet arms of RecursiveMix Table 3 add to their recipe_differences: the
# network is the authors' code's (models_cifar/densenet.py, mmrecmix.DenseNet_CIFAR),
# which is not what their text describes.
densenet_differences = [
    "the authors' CIFAR DenseNet (models_cifar/densenet.py): a 3x3 stem conv without BN "
    "+ ReLU and transitions without ReLU (BN, 1x1 conv, pooling); the text (supp. C.1): "
    "the official DenseNet with a 3x3 first conv and no max-pooling",
]
