# The AutoMix arms' recipe on places205.py: its Mix Block group, the two cosines and the
# momentum encoder hook (automix_* of the recipe base, from OpenMixup's AutoMix configs
# for this dataset).
_base_ = ['./places205.py']

optim_wrapper = _base_.automix_optim_wrapper
param_scheduler = _base_.automix_param_scheduler
custom_hooks = _base_.automix_hooks
