"""mmrecmix's registries: children (scope ``mmrecmix``) of mmpretrain's.

Every registry of mmpretrain has a child here, so a Runner with
``default_scope='mmrecmix'`` finds everything mmpretrain (and, through it, mmengine and
mmcv) provides. Configs of mmpretrain, mmdet or mmseg keep their own default scope and
reach our modules by prefixing the type: ``type='mmrecmix.RecursiveMix'`` after
``custom_imports=dict(imports=['mmrecmix'], allow_failed_imports=False)``.

A module registered here with the same name as an upstream one (our ``CutMix``) never
shadows it: lookups from mmpretrain's scope search mmpretrain and its parents, never
its children, so an unprefixed ``type='CutMix'`` in an mmpretrain config stays
mmpretrain's.
"""
from mmengine.registry import Registry
from mmpretrain import registry as mmpretrain_registry

SCOPE = 'mmrecmix'


def _child(parent: Registry, *locations: str) -> Registry:
    """A registry of mmrecmix scope under ``parent``, importing ``locations`` on demand.

    mmengine resolves ``'mmrecmix.X'`` from another codebase (mmdet, mmseg) by asking
    the root registry for its *direct* child of that scope, and ours is a grandchild
    (root -> mmpretrain -> mmrecmix). So the root also lists it among its children;
    its parent stays mmpretrain's, which is where unscoped lookups continue.
    """
    registry = Registry(
        parent.name, parent=parent, scope=SCOPE, locations=list(locations))
    root = registry._get_root_registry()
    if SCOPE not in root.children:
        root._add_child(registry)
    return registry


RUNNERS = _child(mmpretrain_registry.RUNNERS)
RUNNER_CONSTRUCTORS = _child(mmpretrain_registry.RUNNER_CONSTRUCTORS)
LOOPS = _child(mmpretrain_registry.LOOPS, 'mmrecmix.engine')
HOOKS = _child(mmpretrain_registry.HOOKS, 'mmrecmix.engine')
LOG_PROCESSORS = _child(mmpretrain_registry.LOG_PROCESSORS)
OPTIMIZERS = _child(mmpretrain_registry.OPTIMIZERS)
OPTIM_WRAPPERS = _child(mmpretrain_registry.OPTIM_WRAPPERS)
OPTIM_WRAPPER_CONSTRUCTORS = _child(
    mmpretrain_registry.OPTIM_WRAPPER_CONSTRUCTORS)
PARAM_SCHEDULERS = _child(mmpretrain_registry.PARAM_SCHEDULERS)

DATASETS = _child(mmpretrain_registry.DATASETS, 'mmrecmix.datasets')
DATA_SAMPLERS = _child(mmpretrain_registry.DATA_SAMPLERS)
TRANSFORMS = _child(mmpretrain_registry.TRANSFORMS, 'mmrecmix.datasets')

MODELS = _child(mmpretrain_registry.MODELS, 'mmrecmix.models')
MODEL_WRAPPERS = _child(mmpretrain_registry.MODEL_WRAPPERS)
WEIGHT_INITIALIZERS = _child(mmpretrain_registry.WEIGHT_INITIALIZERS,
                             'mmrecmix.models')
BATCH_AUGMENTS = _child(mmpretrain_registry.BATCH_AUGMENTS,
                        'mmrecmix.models')
TASK_UTILS = _child(mmpretrain_registry.TASK_UTILS)

METRICS = _child(mmpretrain_registry.METRICS, 'mmrecmix.evaluation')
EVALUATORS = _child(mmpretrain_registry.EVALUATORS)
VISUALIZERS = _child(mmpretrain_registry.VISUALIZERS)
VISBACKENDS = _child(mmpretrain_registry.VISBACKENDS)

ALL_REGISTRIES = (RUNNERS, RUNNER_CONSTRUCTORS, LOOPS, HOOKS, LOG_PROCESSORS,
                  OPTIMIZERS, OPTIM_WRAPPERS, OPTIM_WRAPPER_CONSTRUCTORS,
                  PARAM_SCHEDULERS, DATASETS, DATA_SAMPLERS, TRANSFORMS,
                  MODELS, MODEL_WRAPPERS, WEIGHT_INITIALIZERS,
                  BATCH_AUGMENTS, TASK_UTILS, METRICS, EVALUATORS,
                  VISUALIZERS, VISBACKENDS)
