# ImageNet-1k, ResNet-50, the CutMix paper's recipe: the baseline, CutMix Table 3
# (23.68 / 7.05 top-1 / top-5 error). RecursiveMix copies it into Tables 5 and 6.
_base_ = ['./_base_/resnet50_4xb64-300e_in1k.py']

paper_rows = [
    dict(paper='CutMix', table='T3', group='ResNet-50', method='Baseline'),
    # The same run's accuracy in Table 1 (100 - the top-1 error, rounded).
    dict(paper='CutMix', table='T1', group='ResNet-50', method='Baseline',
         column='ImageNet cls acc'),
    dict(paper='RecursiveMix', table='T5', group='ResNet-50', method='Baseline'),
    dict(paper='RecursiveMix', table='T6', group='ResNet-50', method='Baseline'),
    # Table 10's ImageNet column: the same run's top-1 error.
    dict(paper='CutMix', table='T10', group='ResNet-50', method='Baseline', column='IN top-1 err'),
]
