"""A cosine (or linear warm-up) learning-rate schedule for some parameter groups
only."""
from typing import Optional, Sequence

from mmengine.optim import CosineAnnealingLR, LinearLR

from mmrecmix.registry import PARAM_SCHEDULERS


class GroupSelection:
    """The parameter-group selection of :class:`GroupCosineAnnealingLR` and
    :class:`GroupLinearLR`, put before an mmengine scheduler in the bases."""

    def __init__(self, optimizer, *args, groups: Optional[Sequence[str]] = None,
                 exclude_groups: Optional[Sequence[str]] = None, **kwargs):
        owner = type(self).__name__
        if (groups is None) == (exclude_groups is None):
            raise ValueError(f'{owner}: give exactly one of groups= and exclude_groups=.')
        self.groups = None if groups is None else set(groups)
        self.exclude_groups = set(exclude_groups or ())
        names = {group.get('group_name') for group in optimizer.param_groups}
        missing = (self.groups or self.exclude_groups) - names
        if missing:
            raise ValueError(
                f'{owner}: no parameter group is named {sorted(missing)}; '
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


@PARAM_SCHEDULERS.register_module()
class GroupCosineAnnealingLR(GroupSelection, CosineAnnealingLR):
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


@PARAM_SCHEDULERS.register_module()
class GroupLinearLR(GroupSelection, LinearLR):
    """mmengine's ``LinearLR`` (a linear warm-up factor) on the parameter groups
    named in ``groups``, or on all groups except ``exclude_groups``, as
    :class:`GroupCosineAnnealingLR` does for the cosine: AutoMix's DeiT, Swin and
    ConvNeXt recipes warm the encoder up while the Mix Block's own cosine starts at
    its full lr (the reference's ``addtional_scheduler`` has no warm-up).

    Args:
        groups (list[str], optional): Group names to schedule.
        exclude_groups (list[str], optional): Group names to leave alone.
        *args: Positional arguments of ``LinearLR``.
        **kwargs: Its keyword arguments.
    """
