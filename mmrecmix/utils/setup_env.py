from mmengine import DefaultScope


def register_all_modules(init_default_scope: bool = True) -> None:
    """Register mmpretrain's and mmrecmix's modules and optionally make ``mmrecmix``
    the default scope, like ``mmpretrain.utils.register_all_modules``.

    Args:
        init_default_scope (bool): Set the default scope to ``mmrecmix`` so that
            unprefixed types are looked up in mmrecmix first, then mmpretrain.
    """
    from mmpretrain.utils import register_all_modules as register_mmpretrain

    import mmrecmix  # noqa: F401  (importing the package registers its modules)
    register_mmpretrain(init_default_scope=False)
    if init_default_scope and DefaultScope.get_current_instance() is None:
        DefaultScope.get_instance('mmrecmix', scope_name='mmrecmix')
