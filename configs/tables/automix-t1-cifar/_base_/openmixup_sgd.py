# What the OpenMixup SGD recipes of AutoMix Tables 1 and 2 share (recipe_800e.py,
# ../../automix-t1-cifar-wrn/_base_/recipe_400e.py, ../../automix-t1-tiny/_base_/
# tiny-imagenet.py, ../../automix-t2-in1k/_base_/pytorch-style.py): SGD lr 0.1,
# momentum 0.9, weight decay 1e-4 on every parameter (the recipes that differ set
# theirs), no warm-up, plain cross-entropy on the mixed labels, lr scaled from 100
# images a step; and where mmrecmix's mixes differ from OpenMixup's.
_base_ = ['mmpretrain::_base_/default_runtime.py']

custom_imports = dict(imports=['mmrecmix'], allow_failed_imports=False)

optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=1e-4))
val_cfg = dict()
test_cfg = dict()
auto_scale_lr = dict(base_batch_size=100)
recipe_differences = [
    'partners by torch.randperm (OpenMixup redraws, up to 10 times, a CutMix/FMix '
    'permutation that pairs a sample with itself)',
    "SaliencyMix: mmrecmix's torch fine-grained saliency; OpenMixup's OpenCV call "
    'reads its normalised float input as 8-bit, so the peaks differ',
    'ResizeMix: the resized partner lies wholly inside the image (mmrecmix.ResizeMix); '
    'OpenMixup centres it uniformly and clips the box, squeezing the partner into it',
]
