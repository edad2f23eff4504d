# AutoMix Figure 8: the expected calibration error (15 equal-width confidence bins,
# Guo et al. 2017) and the reliability diagram of each CIFAR-100 ResNet-18 of Table 1
# (800 epochs); the diagram is written to the work dir.
evaluation = dict(calibration=dict(num_bins=15))
