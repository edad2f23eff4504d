"""mmrecmix: history-aware and attention-guided mixed-sample augmentation for
OpenMMLab (mmpretrain, mmdet, mmsegmentation) training pipelines.

Importing the package registers all its modules (so ``custom_imports`` of
``mmrecmix`` is enough for ``type='mmrecmix.X'`` in any config) and lets torch's safe
checkpoint loader read the files mmengine writes.
"""
from .utils import allow_mmengine_checkpoints
from .version import __version__, version_info

allow_mmengine_checkpoints()

from . import datasets, engine, models, visualization  # noqa: E402,F401,I001

__all__ = ['__version__', 'version_info']
