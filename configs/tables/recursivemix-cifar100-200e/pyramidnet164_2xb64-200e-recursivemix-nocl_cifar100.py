# RecursiveMix Table 2, "RS + HIS" (14.81 top-1 error): RecursiveMix (alpha 0.5, the
# resized history pasted into the current batch, labels mixed recursively) without
# the consistency loss, the "omega = 0" model of Sec. 4.1 ("optimized without the
# consistency loss, but only leverages the historical input-label pairs"): the
# PyramidNet-164 RecursiveMix arm without its RoI consistency neck.
_base_ = ['./pyramidnet164_2xb64-200e-recursivemix_cifar100.py']

model = dict(consistency=None)

paper_rows = [
    dict(paper='RecursiveMix', table='T2', group='PyramidNet-164 (a~=270)',
         method='RM ablation: RS+HIS'),
]
