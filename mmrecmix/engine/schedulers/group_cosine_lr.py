"""A cosine learning-rate schedule for some parameter groups only."""
from typing import Optional, Sequence

from mmengine.optim import CosineAnnealingLR

from mmrecmix.registry import PARAM_SCHEDULERS


@PARAM_SCHEDULERS.register_module()
class GroupCosineAnnealingLR(CosineAnnealingLR):
    """mmengine's ``CosineAnnealingLR`` on the parameter groups named in ``groups``
    (by :class:`mmrecmix.GroupOptionsConstructor`), or on all groups except those in
    ``exclude_groups``; the other groups' learning rates are left as they are. Two
    of them give two parts of a model their own ``eta_min`` (AutoMix: the encoder to 0,
    the Mix Block to 1e-3).

    Args:
        groups (list[str], optional): Group names to schedule.
        exclude_groups (list[str], optional): Group names to leave alone.
        *args: Positional arguments of ``CosineAnnealingLR``.
        **kwargs: Its keyword arguments.
    """

    def __init__(self, optimizer, *args, groups: Optional[Sequence[str]] = None,
                 exclude_groups: Optional[Sequence[str]] = None, **kwargs):
        if (groups is None) == (exclude_groups is None):
            raise ValueError('GroupCosineAnnealingLR: give exactly one of groups= and '
                             'exclude_groups=.')
        self.groups = None if groups is None else set(groups)
        self.exclude_groups = set(exclude_groups or ())
        names = {group.get('group_name') for group in optimizer.param_groups}
        missing = (self.groups or self.exclude_groups) - names
        if missing:
            raise ValueError(
                f'GroupCosineAnnealingLR: no parameter group is named {sorted(missing)}; '
                "name them with optim_wrapper.constructor='mmrecmix."
                "GroupOptionsConstructor' and paramwise_cfg.group_options.")
        super().__init__(optimizer, *args, **kwargs)

    def scheduled(self, group: dict) -> bool:
        name = group.get('group_name')
        return name in self.groups if self.groups is not None else (
            name not in self.exclude_groups)

    def _get_value(self):
        return [value if self.scheduled(group) else group[self.param_name]
                for group, value in zip(self.optimizer.param_groups, super()._get_value())]
