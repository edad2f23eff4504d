# CutMix Table 11: top-1 accuracy on the ImageNet validation set after an FGSM
# white-box attack (Goodfellow et al. 2015) on each trained ResNet-50. The paper does
# not state the attack's epsilon; 8/255 (L-inf, in pixel units of [0, 1]) is the value
# AutoMix Table 6 uses and the usual one. Another: --options fgsm.eps=...
evaluation = dict(fgsm=dict(eps=8 / 255))
