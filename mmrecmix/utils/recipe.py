"""Moved to :mod:`mmrecmix.zoo` (config_loading, recipe, recipe_table); this old path
still imports, with a warning."""
from .moved import moved

globals().update(moved(__name__, 'mmrecmix.zoo.config_loading', 'mmrecmix.zoo.recipe',
                       'mmrecmix.zoo.recipe_table'))
