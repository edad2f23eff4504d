"""Which lines of the coverage table a published checkpoint reproduces by evaluation
alone, and the converter (``tools/model_converters/``) that makes it an mmrecmix
checkpoint: the authors' models of the same run as the paper's number, not a retrained
one. Read from the releases' own pages: clovaai/CutMix-PyTorch's README (nine CIFAR-100
PyramidNet-200 and six ImageNet ResNet-50 models), the RecursiveMix authors' ResNet-50,
ChenMnZ/SMMix's DeiT-T / DeiT-S and facebookresearch/deit's (the DeiT recipe's arms).
OpenMixup publishes none of these arms (only RSB recipes, not a main table's line)."""
from typing import Optional

__all__ = ['RELEASED_CHECKPOINTS', 'released_source', 'unused_releases']

_CUTMIX = 'CutMix-PyTorch (`clovaai_to_mmrecmix.py`)'
_RECURSIVEMIX = 'RecursiveMix authors (`recursivemix_to_mmrecmix.py`)'
_SMMIX = 'SMMix (`smmix_to_mmrecmix.py`)'
_DEIT = 'DeiT (`smmix_to_mmrecmix.py`)'
_PYRAMIDNET_ARMS = ('Baseline', 'CutMix', 'Mixup', 'Manifold Mixup', 'Cutout', 'DropBlock',
                    'Cutout + Label Smoothing', 'DropBlock + Label Smoothing',
                    'Cutout + Mixup')
_RESNET50_ARMS = ('Baseline', 'CutMix', 'Feature CutMix', 'Mixup', 'Manifold Mixup',
                  'Cutout')

# One entry per table and backbone: the methods whose released model ran the number.
# RecursiveMix's Tables 5 and 6 quote the CutMix paper's ResNet-50 runs.
RELEASED_CHECKPOINTS = (
    dict(paper='CutMix', table='T5', backbone='PyramidNet-200 (a~=240)',
         methods=_PYRAMIDNET_ARMS, source=_CUTMIX),
    dict(paper='CutMix', table='T12', backbone='PyramidNet-200',
         methods=('Baseline', 'CutMix', 'Mixup', 'Cutout'), source=_CUTMIX),
    dict(paper='CutMix', table='T3', backbone='ResNet-50', methods=_RESNET50_ARMS,
         source=_CUTMIX),
    dict(paper='CutMix', table='T11', backbone='ResNet-50',
         methods=('Baseline', 'CutMix', 'Mixup', 'Cutout'), source=_CUTMIX),
    dict(paper='RecursiveMix', table='T5', backbone='ResNet-50',
         methods=('Baseline', 'CutMix', 'Mixup'), source=_CUTMIX),
    dict(paper='RecursiveMix', table='T6', backbone='ResNet-50', methods=_RESNET50_ARMS,
         source=_CUTMIX),
    dict(paper='RecursiveMix', table='T5', backbone='ResNet-50', methods=('RecursiveMix', ),
         source=_RECURSIVEMIX),
    dict(paper='RecursiveMix', table='T6', backbone='ResNet-50', methods=('RecursiveMix', ),
         source=_RECURSIVEMIX),
    dict(paper='SMMix', table='T2', backbone='DeiT-S', methods=('SMMix', ), source=_SMMIX),
    dict(paper='SMMix', table='T2', backbone='DeiT-S',
         methods=('Mixup + CutMix (DeiT recipe)', ), source=_DEIT),
    dict(paper='SMMix', table='T5', backbone='DeiT-T', methods=('SMMix', ), source=_SMMIX),
    dict(paper='SMMix', table='T5', backbone='DeiT-S', methods=('SMMix', ), source=_SMMIX),
    dict(paper='SMMix', table='T5', backbone='DeiT-T',
         methods=('Mixup + CutMix (DeiT recipe)', ), source=_DEIT),
    dict(paper='SMMix', table='T5', backbone='DeiT-S',
         methods=('Mixup + CutMix (DeiT recipe)', ), source=_DEIT),
)


def _fits(entry: dict, line) -> bool:
    return (line.paper, line.table, line.backbone) == (
        entry['paper'], entry['table'], entry['backbone']) and line.method in entry['methods']


def released_source(line) -> Optional[str]:
    """Where the released checkpoint of ``line`` (paper, table, method, backbone) comes
    from and which converter reads it; None when nobody published that run's model."""
    return next((entry['source'] for entry in RELEASED_CHECKPOINTS if _fits(entry, line)),
                None)


def unused_releases(lines) -> list:
    """Each (paper, table, backbone, method) of :data:`RELEASED_CHECKPOINTS` whose table
    is among ``lines`` but that names none of them: a typo, or a line the tables no
    longer have."""
    lines = list(lines)
    tables = {(line.paper, line.table) for line in lines}
    return [(entry['paper'], entry['table'], entry['backbone'], method)
            for entry in RELEASED_CHECKPOINTS for method in entry['methods']
            if (entry['paper'], entry['table']) in tables
            and not any(_fits(dict(entry, methods=(method, )), line) for line in lines)]
