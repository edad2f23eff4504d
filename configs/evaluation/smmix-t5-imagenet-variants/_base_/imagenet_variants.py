# SMMix Table 5: top-1 accuracy of each trained ImageNet model on ImageNet-A and -R
# (their 200 classes; the other 800 logits masked, as the publishers' evaluation),
# ImageNet-Sketch and Stylized-ImageNet (1000 classes), each read in the layout its
# publisher ships, with the model's own test pipeline.
evaluation = dict(
    imagenet_a=dict(data_root='data/imagenet-a'),
    imagenet_r=dict(data_root='data/imagenet-r'),
    imagenet_sketch=dict(data_root='data/imagenet-sketch'),
    imagenet_stylized=dict(data_root='data/stylized-imagenet/val'))
