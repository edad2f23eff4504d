"""Write the recipe tables of configs/README.md from the configs themselves.

    python tools/analysis/recipe_table.py          # rewrite the tables in place
    python tools/analysis/recipe_table.py --check  # exit 1 if they are out of date

The tables sit between ``<!-- recipe-table:start -->`` and ``<!-- recipe-table:end -->``:
one per config folder, and one per paper-table recipe folder ``configs/tables/<recipe>/``
with a row per recipe and its arms. Transfer configs need the full install tier (mmdet,
mmseg).
"""
import argparse
import glob
import os.path as osp

from mmrecmix.zoo.config_loading import load_configs
from mmrecmix.zoo.generated_section import write_or_check
from mmrecmix.zoo.recipe import PRETRAIN_COLUMNS, TRANSFER_COLUMNS
from mmrecmix.zoo.recipe_table import (PRETRAIN_FAMILIES, TABLES_FAMILY,
                                       TRANSFER_FAMILY, table, tables_table)

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
README = osp.join(REPO_ROOT, 'configs', 'README.md')
START, END = '<!-- recipe-table:start -->', '<!-- recipe-table:end -->'


def family_rows(family: str) -> list:
    paths = sorted(glob.glob(osp.join(REPO_ROOT, 'configs', family, '*.py')))
    return [(osp.relpath(path, osp.join(REPO_ROOT, 'configs')), cfg)
            for path, cfg in zip(paths, load_configs(paths))]


def table_folders() -> list:
    """The recipe folders under configs/tables/, as ``tables/<recipe>``."""
    return sorted(osp.relpath(path, osp.join(REPO_ROOT, 'configs')) for path in
                  glob.glob(osp.join(REPO_ROOT, 'configs', TABLES_FAMILY, '*', '')))


def recipe_section() -> str:
    lines = [START, '']
    for family in PRETRAIN_FAMILIES:
        lines += [f'### {family}', ''] + table(family_rows(family), PRETRAIN_COLUMNS)
        lines.append('')
    for folder in table_folders():
        lines += [f'### {folder}', ''] + tables_table(family_rows(folder))
        lines.append('')
    lines += ['### transfer', ''] + table(family_rows(TRANSFER_FAMILY), TRANSFER_COLUMNS)
    return '\n'.join(lines + ['', END])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--check', action='store_true',
                        help='only compare; exit 1 when the tables are out of date')
    args = parser.parse_args(argv)
    write_or_check(README, START, END, recipe_section(), args.check,
                   'the recipe tables', 'tools/analysis/recipe_table.py')

if __name__ == '__main__':
    main()
