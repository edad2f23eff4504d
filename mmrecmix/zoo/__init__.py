"""The configs as a model zoo: the recipe and coverage tables of ``configs/README.md``
(what each config trains with, which paper numbers it runs), generated from the configs
themselves by ``tools/analysis/recipe_table.py`` and ``tools/analysis/coverage_table.py``."""
