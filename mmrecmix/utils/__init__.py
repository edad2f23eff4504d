"""Small helpers of the modules we register: argument checks (``validation``) and the
install tiers (``install_tier``). The other modules once here moved to
:mod:`mmrecmix.cli`, :mod:`mmrecmix.checkpoint` and :mod:`mmrecmix.zoo`; their old
paths still import, with a warning (``moved``)."""

# Names this package exported before they moved to mmrecmix.checkpoint.compat.
MOVED_TO_CHECKPOINT = ('allow_mmengine_checkpoints', 'mmengine_checkpoint_globals')


def __getattr__(name: str):
    """The names that moved to :mod:`mmrecmix.checkpoint.compat`, with a warning."""
    if name not in MOVED_TO_CHECKPOINT:
        raise AttributeError(f'module {__name__!r} has no attribute {name!r}')
    from .moved import moved
    return moved(f'{__name__}.{name}', 'mmrecmix.checkpoint.compat')[name]
