# The AutoMix arms' recipe on ../../automix-t5-finegrained/_base_/cub.py (the
# baseline and model-free arms' recipe, in their own folder): its Mix Block group,
# the two cosines and the momentum encoder hook (automix_* of the recipe base, from
# OpenMixup's AutoMix configs for this dataset).
_base_ = ['../../automix-t5-finegrained/_base_/cub.py']

optim_wrapper = _base_.automix_optim_wrapper
param_scheduler = _base_.automix_param_scheduler
custom_hooks = _base_.automix_hooks
