"""mmrecmix: history-aware and attention-guided mixed-sample augmentation for
OpenMMLab (mmpretrain, mmdet, mmsegmentation) training pipelines.

Importing the package registers all its modules (so ``custom_imports`` of
``mmrecmix`` is enough for ``type='mmrecmix.X'`` in any config) and lets torch's safe
checkpoint loader read the files mmengine writes.
"""
import warnings

# mmengine 0.10.7, mmcv 2.1.0 and mmdet import pkg_resources, which recent setuptools
# flag on every import (requirements/build.txt pins setuptools below 81, where it still
# exists). The warning says nothing a user can act on, so it is kept out of the logs.
warnings.filterwarnings('ignore', message='pkg_resources is deprecated as an API',
                        category=UserWarning)
# In the core install tier (mmcv-lite) mmcv warns on import that its deformable
# attention op is missing; nothing in that tier uses it.
warnings.filterwarnings('ignore', message='Fail to import ``MultiScaleDeformableAttention``',
                        category=UserWarning)

from .supported import (check_supported_versions,  # noqa: E402
                        switch_off_broken_multimodal)

switch_off_broken_multimodal()  # before anything imports mmpretrain
check_supported_versions()

from .checkpoint import allow_mmengine_checkpoints  # noqa: E402,I001
from .version import __version__, version_info

allow_mmengine_checkpoints()

from . import datasets, engine, evaluation, models, visualization  # noqa: E402,F401,I001

__all__ = ['__version__', 'version_info']
