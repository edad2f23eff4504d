"""Which numbers of the papers' tables a config of this repository runs.

Every number of the papers' comparison tables is transcribed, one cell a row, in
``configs/tables/paper_tables.csv`` (fields ``paper, table, dataset, epochs, group,
method, column, value, metric``). A config that runs the recipe one of those numbers
was produced with says so in a top-level list::

    paper_rows = [dict(paper='CutMix', table='T5', group='PyramidNet-200 (a~=240)',
                       method='Cutout')]

An entry names some of the fields ``paper, table, group, method, column`` and stands
for every cell whose named fields all equal it (here the top-1 and the top-5 error).

The coverage table (``tools/analysis/coverage_table.py`` writes it into
``configs/README.md``) has one line per method and backbone of each main
classification table (:data:`MAIN_TABLES`): the configs that run it or, where none
does, why (:data:`NO_CONFIG_REASONS`), and whose published checkpoint reproduces it by
evaluation (:mod:`mmrecmix.zoo.released`). It refuses to be written while an entry matches
no cell, a line has neither a config nor a reason, or a reason explains no line, so
that it cannot drift from the configs.
"""
import csv
import glob
import os.path as osp
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from .config_loading import load_configs
from .released import released_source, unused_releases

# The fields a ``paper_rows`` entry may name.
ENTRY_FIELDS = ('paper', 'table', 'group', 'method', 'column')

# The main classification tables, each with the field that names its backbone (the
# other of ``group`` / ``column`` holds the metric, a column group or nothing new).
MAIN_TABLES = {
    ('RecursiveMix', 'T1'): 'group',    # CIFAR-10, PyramidNet-200
    ('RecursiveMix', 'T3'): 'group',    # CIFAR-100, five CIFAR backbones
    ('RecursiveMix', 'T5'): 'group',    # ImageNet, ResNet-50 and PVTv2-B1
    ('RecursiveMix', 'T6'): 'group',    # ImageNet, ResNet-50, regularisers too
    ('CutMix', 'T3'): 'group',          # ImageNet, ResNet-50
    ('CutMix', 'T5'): 'group',          # CIFAR-100, PyramidNet-200
    ('CutMix', 'T7'): 'group',          # CIFAR-10, PyramidNet-200
    ('AutoMix', 'T1'): 'column',        # 'C100 R-18': dataset and backbone
    ('AutoMix', 'T2'): 'column',        # '100ep R-50': epochs and backbone
    ('SMMix', 'T2'): 'column',          # DeiT-S and Swin-T
    # What a trained model's evaluation measures (configs/evaluation/):
    ('CutMix', 'T11'): 'group',         # ImageNet ResNet-50 under FGSM
    ('CutMix', 'T12'): 'group',         # CIFAR-100 PyramidNet-200 OOD detection
    ('AutoMix', 'T6'): 'group',         # CIFAR-100(-C) ResNeXt-50, clean / FGSM
    ('SMMix', 'T5'): 'group',           # ImageNet-A / -R / -Sketch / -Stylized
}

# Why a line of a main table has no config: the first entry whose named fields
# (``paper``, ``table``, ``method``, ``backbone`` equal; ``method_prefix`` starts the
# method) all fit gives the phrase. Reviewed by hand: an entry that explains no line
# without a config is an error, so the list shrinks as configs arrive.
NO_CONFIG_REASONS = (
    dict(method_prefix='[arch]', why='architecture quoted from another paper'),
    dict(method='Co-Mixup', why='not implemented'),
    dict(method='MoEx', why='not implemented'),
    dict(method='CutMix + MoEx', why='MoEx not implemented'),
    dict(method='StyleCutMix', why='not implemented'),
    dict(method='DropBlock', why='regulariser, not a mix: not implemented'),
    dict(method='DropBlock + Label Smoothing',
         why='regulariser, not a mix: not implemented'),
    dict(method='Stochastic Depth', why='regulariser, not a mix: not implemented'),
    dict(method='ShakeDrop', why='regulariser, not a mix: not implemented'),
    dict(method='CutMix + ShakeDrop', why='regulariser, not a mix: not implemented'),
    dict(method='AutoMix', backbone='DeiT-S',
         why="AutoMix's Mix Block on ViT tokens not implemented"),
    dict(method='AutoMix', backbone='Swin-T',
         why="AutoMix's Mix Block on ViT tokens not implemented"),
    dict(method='AugMix', why='AugMix (a training augmentation with its JSD loss) not '
         'implemented'),
    dict(paper='SMMix', table='T5', backbone='DeiT-B', why='no DeiT-B training config'),
    dict(paper='SMMix', table='T5', backbone='PVT-T', why='PVT (v1) not implemented'),
    dict(paper='SMMix', table='T5', backbone='PVT-S', why='PVT (v1) not implemented'),
    dict(paper='SMMix', table='T5', backbone='PVT-M', why='PVT (v1) not implemented'),
    dict(paper='SMMix', table='T5', backbone='PVT-L', why='PVT (v1) not implemented'),
    dict(backbone='DenseNet-121', why='CIFAR DenseNet not implemented'),
    dict(backbone='DenseNet-161', why='CIFAR DenseNet not implemented'),
)
REASON_FIELDS = ('paper', 'table', 'method', 'backbone', 'method_prefix')


class CoverageError(ValueError):
    """The configs' ``paper_rows``, the transcribed tables and the reasons disagree;
    the message lists every disagreement."""


@dataclass
class Line:
    """One line of the coverage table: a method on a backbone in one paper table."""
    paper: str
    table: str
    method: str
    backbone: str
    cells: List[dict] = field(default_factory=list)
    indices: List[int] = field(default_factory=list)  # the cells' rows in the csv
    configs: List[str] = field(default_factory=list)
    why: Optional[str] = None

    def reported(self) -> str:
        """The line's numbers, e.g. ``21.4 / 5.92 top-1 / top-5 err (%)``."""
        metrics = ' / '.join(dict.fromkeys(cell['metric'] for cell in self.cells))
        return ' / '.join(cell['value'] for cell in self.cells) + ' ' + metrics


def read_cells(path: str) -> List[dict]:
    """The transcribed tables, one dict (the csv's fields) per cell."""
    with open(path, newline='') as f:
        return list(csv.DictReader(f))


def config_paper_rows(configs_root: str) -> Dict[str, list]:
    """``paper_rows`` of every config under ``configs_root``, by path relative to it.

    Only files that mention ``paper_rows`` are loaded (with ``Config.fromfile``, so
    inheritance and Python in the config count); a recipe base under a ``_base_``
    folder may not set it, since a number belongs to one arm.
    """
    claiming, errors = [], []
    for path in sorted(glob.glob(osp.join(configs_root, '**', '*.py'), recursive=True)):
        with open(path) as f:
            if 'paper_rows' not in f.read():
                continue
        name = osp.relpath(path, configs_root)
        if '_base_' in name.split(osp.sep):
            errors.append(f'{name}: a recipe base sets paper_rows; set it in the arm '
                          'configs that run those numbers')
        else:
            claiming.append(path)
    if errors:
        raise CoverageError('\n'.join(errors))
    return {osp.relpath(path, configs_root): cfg.get('paper_rows') or []
            for path, cfg in zip(claiming, load_configs(claiming))}


def matching_cells(entry: dict, cells: Sequence[dict]) -> List[int]:
    """Indices of the cells whose fields named by ``entry`` all equal it."""
    if not isinstance(entry, dict) or not entry:
        raise ValueError(f'a paper_rows entry must be a non-empty dict of '
                         f'{ENTRY_FIELDS}, got {entry!r}')
    unknown = sorted(set(entry) - set(ENTRY_FIELDS))
    if unknown:
        raise ValueError(f'paper_rows entry {entry!r} names {unknown}; '
                         f'the fields are {ENTRY_FIELDS}')
    return [i for i, cell in enumerate(cells)
            if all(cell[key] == value for key, value in entry.items())]


def claimed_cells(paper_rows: Dict[str, list],
                  cells: Sequence[dict]) -> Dict[int, List[str]]:
    """The configs claiming each cell (by index); every entry must match a cell."""
    claims: Dict[int, List[str]] = {}
    errors = []
    for name, entries in sorted(paper_rows.items()):
        if not isinstance(entries, (list, tuple)):
            errors.append(f'{name}: paper_rows must be a list of dicts, got '
                          f'{type(entries).__name__}')
            continue
        for entry in entries:
            try:
                matched = matching_cells(entry, cells)
            except ValueError as error:
                errors.append(f'{name}: {error}')
                continue
            if not matched:
                errors.append(f'{name}: paper_rows entry {dict(entry)} matches no row '
                              'of configs/tables/paper_tables.csv')
            for index in matched:
                claims.setdefault(index, []).append(name)
    if errors:
        raise CoverageError('\n'.join(errors))
    return claims


def table_lines(cells: Sequence[dict],
                main_tables: Dict[Tuple[str, str], str] = MAIN_TABLES) -> List[Line]:
    """The main tables' cells gathered into lines (paper, table, method, backbone),
    in the csv's order."""
    lines: Dict[tuple, Line] = {}
    for index, cell in enumerate(cells):
        backbone_field = main_tables.get((cell['paper'], cell['table']))
        if backbone_field is None:
            continue
        key = (cell['paper'], cell['table'], cell['method'], cell[backbone_field])
        line = lines.setdefault(key, Line(*key))
        line.cells.append(cell)
        line.indices.append(index)
    return list(lines.values())


def _check_reason(reason: dict) -> None:
    unknown = sorted(set(reason) - set(REASON_FIELDS) - {'why'})
    if unknown or not reason.get('why') or len(reason) < 2:
        raise ValueError(f'reason {reason!r}: give "why" and at least one of '
                         f'{REASON_FIELDS}' + (f', not {unknown}' if unknown else ''))


def _reason_fits(reason: dict, line: Line) -> bool:
    prefix = reason.get('method_prefix')
    return ((prefix is None or line.method.startswith(prefix)) and all(
        getattr(line, key) == reason[key] for key in ('paper', 'table', 'method',
                                                       'backbone') if key in reason))


def cover(cells: Sequence[dict], paper_rows: Dict[str, list],
          reasons: Iterable[dict] = NO_CONFIG_REASONS,
          main_tables: Dict[Tuple[str, str], str] = MAIN_TABLES) -> List[Line]:
    """The lines of the main tables, each with its configs or the reason it has none.

    Raises:
        CoverageError: an entry of ``paper_rows`` matches no cell, a line has neither
            a config nor a reason, or a reason explains no line without a config.
    """
    reasons = list(reasons)
    for reason in reasons:
        _check_reason(reason)
    claims = claimed_cells(paper_rows, cells)
    lines = table_lines(cells, main_tables)
    used, errors = set(), []
    for line in lines:
        line.configs = sorted({name for index in line.indices
                               for name in claims.get(index, [])})
        if line.configs:
            continue
        fitting = [i for i, reason in enumerate(reasons) if _reason_fits(reason, line)]
        if fitting:
            used.add(fitting[0])
            line.why = reasons[fitting[0]]['why']
        else:
            errors.append(f'{line.paper} {line.table} "{line.method}" on '
                          f'{line.backbone}: no config lists it in paper_rows and no '
                          'reason in NO_CONFIG_REASONS explains why')
    errors += [f'reason {reason} explains no line without a config: remove it'
               for i, reason in enumerate(reasons) if i not in used]
    errors += [f'released checkpoint of {entry} names no line of the main tables'
               for entry in unused_releases(lines)]
    if errors:
        raise CoverageError('\n'.join(errors))
    return lines


def count_sentence(lines: Sequence[Line]) -> str:
    covered = sum(bool(line.configs) for line in lines)
    return f'{covered} of {len(lines)} rows of the main tables have a config'


def per_table_counts(lines: Sequence[Line]) -> List[str]:
    """``- RecursiveMix T1 (CIFAR-10): 7 of 11 rows have a config`` per main table."""
    tables: Dict[tuple, List[Line]] = {}
    for line in lines:
        tables.setdefault((line.paper, line.table, line.cells[0]['dataset']),
                          []).append(line)
    return [f'- {paper} {table} ({dataset}): '
            f'{sum(bool(line.configs) for line in group)} of {len(group)} rows '
            'have a config' for (paper, table, dataset), group in tables.items()]


def other_table_counts(
        cells: Sequence[dict], paper_rows: Dict[str, list],
        main_tables: Dict[Tuple[str, str], str] = MAIN_TABLES) -> List[str]:
    """For each table outside ``main_tables``: how many of its cells a config claims."""
    claims = claimed_cells(paper_rows, cells)
    tables: Dict[tuple, List[int]] = {}
    for index, cell in enumerate(cells):
        key = (cell['paper'], cell['table'], cell['dataset'])
        if key[:2] not in main_tables:
            tables.setdefault(key, []).append(index)
    return [f'- {paper} {table} ({dataset}): '
            f'{sum(index in claims for index in group)} of {len(group)} numbers have '
            'a config' for (paper, table, dataset), group in tables.items()]


def markdown_table(lines: Sequence[Line]) -> List[str]:
    """The coverage table: one markdown row per line."""
    out = ['| paper | table | row | backbone | config (or why none) | released checkpoint '
           '| reported |', '| --- | --- | --- | --- | --- | --- | --- |']
    for line in lines:
        where = (', '.join(f'`{name}`' for name in line.configs)
                 or f'none: {line.why}')
        cells = (line.paper, line.table, line.method, line.backbone, where,
                 released_source(line) or '-', line.reported())
        out.append('| ' + ' | '.join(cell.replace('|', '/') for cell in cells) + ' |')
    return out
