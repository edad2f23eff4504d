# AutoMix Table 6's measures of each trained model: top-1 accuracy on the clean
# CIFAR-100 test set, its mean over CIFAR-100-C's 19 corruptions and 5 severities
# (Hendrycks & Dietterich 2019; the archive unpacked in data/cifar100-c), and the FGSM
# error at 8/255 L-inf.
evaluation = dict(
    clean=dict(), corruption=dict(data_root='data/cifar100-c'), fgsm=dict(eps=8 / 255))
