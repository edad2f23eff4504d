# The digits demo's model measured by every suite that needs no downloaded data: clean
# accuracy, calibration (ECE and the reliability diagram), FGSM at 8/255, in-between
# digits of two classes mixed half and half, and OOD detection against generated
# uniform and Gaussian noise. After the README's main job (the digits RecursiveMix demo):
#   python tools/evaluate.py configs/evaluation/demo/resnet18_digits_evaluation.py \
#       work_dirs/demo/epoch_10.pth
_base_ = ['../../demo/resnet18_digits_recursivemix.py']

evaluation = dict(
    clean=dict(),
    calibration=dict(),
    fgsm=dict(eps=8 / 255),
    in_between=dict(style='mixup', lam=0.5),
    ood=dict(sets=['Uniform', 'Gaussian'], noise_size=8, noise_images=360))
