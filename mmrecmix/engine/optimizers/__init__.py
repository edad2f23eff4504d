from .group_options_constructor import GroupOptionsConstructor

__all__ = ['GroupOptionsConstructor']
