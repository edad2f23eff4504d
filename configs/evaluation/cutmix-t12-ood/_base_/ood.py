# CutMix Table 12: out-of-distribution detection by the maximum softmax probability
# (Hendrycks & Gimpel 2017) of each CIFAR-100 PyramidNet-200, against the seven OOD
# sets of the ODIN protocol (Liang et al. 2018): TinyImageNet and LSUN, cropped and
# resized, iSUN (as ODIN's archives unpack under data/ood: Imagenet, Imagenet_resize,
# LSUN, LSUN_resize, iSUN) and uniform and Gaussian noise (generated, 10,000 each);
# TNR at TPR 95 %, AUROC and detection accuracy averaged over the seven sets.
evaluation = dict(ood=dict(data_root='data/ood'))
