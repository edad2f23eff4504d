"""The recipe tables of ``configs/README.md`` (``tools/analysis/recipe_table.py`` writes
them): which config folders get a table, the names of the paper-table arm configs, and
each table rendered as markdown from the configs' recipes."""
import os.path as osp
import re
from collections import Counter
from typing import Dict, List, Optional, Sequence, Tuple

from mmengine.config import Config

from .recipe import (PRETRAIN_COLUMNS, augmentation, cutout, cutout_words,
                     differences, label_smoothing, mix)

# Pretraining config folders, one table each, in this order.
PRETRAIN_FAMILIES = ('imagenet', 'pvt', 'deit', 'cifar', 'automix')
TRANSFER_FAMILY = 'transfer'
# The paper-table configs: one folder per table recipe under configs/tables/, arms named
# <backbone>_<gpus>xb<batch>-<epochs>e[-<mix>]_<dataset>.py, recipe bases in _base_/.
TABLES_FAMILY = 'tables'
ARM_NAME = re.compile(r'^(?P<backbone>[^_]+)_(?P<schedule>\d+xb\d+-\d+e)'
                      r'(?:-(?P<mix>[^_]+))?_(?P<dataset>[^_]+)\.py$')


def table(rows: List[tuple], columns: tuple) -> List[str]:
    """A markdown table: ``rows`` are ``(config path, Config)``."""
    header = ['config'] + [name for name, _ in columns] + ['differs from the source']
    lines = ['| ' + ' | '.join(header) + ' |', '|' + ' --- |' * len(header)]
    for path, cfg in rows:
        cells = [f'`{path}`'] + [read(cfg) for _, read in columns] + [differences(cfg)]
        lines.append('| ' + ' | '.join(cell.replace('|', '/') for cell in cells) + ' |')
    return lines


# ---------------------------------------------------------------- configs/tables/

def arm_name(path: str) -> Dict[str, Optional[str]]:
    """The parts of an arm config's file name: backbone, schedule
    (``<gpus>xb<batch>-<epochs>e``), mix (None for the baseline) and dataset."""
    match = ARM_NAME.match(osp.basename(path))
    if match is None:
        raise ValueError(f'{path}: a paper-table arm is named '
                         '<backbone>_<gpus>xb<batch>-<epochs>e[-<mix>]_<dataset>.py')
    return match.groupdict()


def recipe_bases(path: str) -> List[str]:
    """The files of the config's own ``_base_/`` folder that it inherits, directly or
    through other configs of its folder (the nearest ones), relative to its folder."""
    folder = osp.dirname(osp.abspath(path))
    base_folder = osp.join(folder, '_base_')
    bases, todo, seen = set(), [osp.abspath(path)], set()
    while todo:
        current = todo.pop()
        for base in Config._get_base_files(current):
            full = osp.normpath(osp.join(osp.dirname(current), base))
            if '::' in base or full in seen:
                continue
            seen.add(full)
            if osp.dirname(full) == base_folder:
                bases.add(osp.relpath(full, folder))
            else:
                todo.append(full)
    return sorted(bases)


# The recipe of a paper-table row: everything but the arm's own parts (mix, Cutout,
# label smoothing), which the "arms" column gives.
TABLES_COLUMNS = tuple(
    (name, (lambda cfg: augmentation(cfg, with_cutout=False))
     if name == 'augmentation' else read)
    for name, read in PRETRAIN_COLUMNS if name not in ('mix', 'label smoothing'))


def arm_words(cfg: Config, usual_smoothing: str) -> str:
    """What makes this arm: its mix, a Cutout step, a label smoothing other than the
    recipe's usual one; ``none`` for the baseline."""
    step = cutout(cfg)
    words = [cutout_words(step)] if step else []
    if mix(cfg) != 'none':
        words.append(mix(cfg))
    if label_smoothing(cfg) != usual_smoothing:
        words.append(f'label smoothing {label_smoothing(cfg)}')
    return ' + '.join(words) or 'none'


def tables_table(rows: Sequence[Tuple[str, Config]]) -> List[str]:
    """A markdown table of one ``configs/tables/<recipe>/`` folder: one row per recipe
    (its base files and settings), listing the arms that run it. ``rows`` are
    ``(config path, Config)`` of the folder's arm configs. The row's last column has
    the departures all its arms list; an arm's own follow it in the arms column."""
    recipes: Dict[tuple, list] = {}
    for path, cfg in rows:
        key = (tuple(recipe_bases(cfg.filename)),
               tuple(read(cfg) for _, read in TABLES_COLUMNS))
        recipes.setdefault(key, []).append((path, cfg))
    header = (['recipe', 'configs', 'arms'] + [name for name, _ in TABLES_COLUMNS]
              + ['label smoothing', 'differs from the source'])
    lines = ['| ' + ' | '.join(header) + ' |', '|' + ' --- |' * len(header)]
    for (bases, values), arms in recipes.items():
        smoothing = Counter(label_smoothing(cfg) for _, cfg in arms).most_common(1)[0][0]
        shared = [phrase for phrase in arms[0][1].get('recipe_differences') or []
                  if all(phrase in (cfg.get('recipe_differences') or [])
                         for _, cfg in arms)]
        cells = ([', '.join(f'`{base}`' for base in bases) or '-', _config_patterns(arms),
                  _arms_cell(arms, smoothing, shared)] + list(values)
                 + [smoothing, '; '.join(shared) or '-'])
        lines.append('| ' + ' | '.join(cell.replace('|', '/') for cell in cells) + ' |')
    return lines


def _config_patterns(arms: list) -> str:
    """``pyramidnet200_2xb64-300e[-*]_cifar100.py`` for each backbone, schedule and
    dataset of the recipe."""
    patterns = Counter()
    for path, _ in arms:
        name = arm_name(path)
        patterns[f'{name["backbone"]}_{name["schedule"]}[-*]_{name["dataset"]}.py'] += 1
    return '<br>'.join(f'`{pattern}` ({count})' for pattern, count in patterns.items())


def _arms_cell(arms: list, smoothing: str, shared: list) -> str:
    """Each distinct arm once: ``fmix: FMix(alpha 0.2)``, with the backbones and
    datasets it is limited to when it is not run on all of the recipe's, and its own
    departures from the source."""
    combos = {}
    for path, cfg in sorted(arms, key=lambda arm: (arm_name(arm[0])['mix'] or '')):
        name = arm_name(path)
        own = [phrase for phrase in cfg.get('recipe_differences') or []
               if phrase not in shared]
        arm = (name['mix'] or '(baseline)', arm_words(cfg, smoothing)
               + ''.join(f'; differs: {phrase}' for phrase in own))
        combos.setdefault(arm, []).append(f'{name["backbone"]} {name["dataset"]}')
    everywhere = {combo for names in combos.values() for combo in names}
    words = []
    for (suffix, what), names in combos.items():
        only = '' if set(names) == everywhere else f' ({", ".join(sorted(set(names)))})'
        words.append(f'{suffix}: {what}{only}')
    return '<br>'.join(words)
