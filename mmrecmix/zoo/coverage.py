"""Which numbers of the papers' tables a config of this repository runs.

Every number of the papers' tables is transcribed, one cell a row, in
``configs/tables/paper_tables.csv`` (fields ``paper, table, dataset, epochs, group,
method, column, value, metric``). A config that runs the recipe one of those numbers
was produced with (a training config, a transfer config, or an evaluation config that
measures it from a trained model) says so in a top-level list::

    paper_rows = [dict(paper='CutMix', table='T5', group='PyramidNet-200 (a~=240)',
                       method='Cutout')]

An entry names some of the fields ``paper, table, group, method, column`` and stands
for every cell whose named fields all equal it (here the top-1 and the top-5 error).

The coverage table (``tools/analysis/coverage_table.py`` writes it into
``configs/README.md``) has one line per method and backbone of every table of the
five papers: the configs that run it (an evaluation config is shown as its
``tools/evaluate.py`` command) or, where none does, why (:data:`NO_CONFIG_REASONS`),
and whose published checkpoint reproduces it by evaluation
(:mod:`mmrecmix.zoo.released`). Lines of quoted architectures (methods starting with
one of :data:`QUOTED_PREFIXES`) are listed but not counted. A number counts as run
only where a config claims its own cell, so a line whose configs leave some of its
columns (captioning scores next to detection mAP) says why for those. The table
refuses to be written while an entry matches no cell, a line or a number has neither a
config nor a reason, or a reason explains nothing, so that it cannot drift from the
configs.
"""
import csv
import glob
import os.path as osp
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Sequence

from .config_loading import load_configs
from .released import released_source, unused_releases

# The fields a ``paper_rows`` entry may name.
ENTRY_FIELDS = ('paper', 'table', 'group', 'method', 'column')

# The tables whose ``column`` names a line's backbone (with its dataset or epochs, e.g.
# 'C100 R-18', '100ep R-50'); every other table names it in ``group`` and keeps a
# metric or a column group in ``column``.
BACKBONE_IN_COLUMN = frozenset({
    ('AutoMix', 'T1'), ('AutoMix', 'T2'), ('AutoMix', 'T3'), ('AutoMix', 'T4'),
    ('AutoMix', 'T5'), ('AutoMix', 'T8'), ('AutoMix', 'T13'), ('AutoMix', 'T14'),
    ('SMMix', 'T2'),
})

# Methods that a paper quotes from other work (architectures, WSOL methods): their
# lines are listed with a reason but stay outside the counts.
QUOTED_PREFIXES = ('[arch]', '[WSOL]')

# Why a line has no config, or why some numbers of a line that has one are run by no
# config (a column the toolbox does not measure, e.g. captioning BLEU): the first entry
# whose named fields (``paper``, ``table``, ``method``, ``backbone`` equal;
# ``method_prefix`` starts the method; ``columns`` holds every unclaimed number's
# column) all fit gives the phrase. Reviewed by hand: an entry that explains nothing is
# an error, so the list shrinks as configs arrive.
NO_CONFIG_REASONS = (
    dict(paper='CutMix', table='T10', columns=('BLEU-1', 'BLEU-4'),
         why='COCO captioning (NIC, a CNN-LSTM captioner) is outside the toolbox'),
    dict(paper='SMMix', table='A3', columns=('time x',),
         why="training time on the authors' GPUs; benchmarks/ measure ours"),
    dict(method_prefix='[arch]', why='architecture quoted from another paper'),
    dict(method_prefix='[WSOL]', why='WSOL method quoted from another paper'),
    dict(method='StyleCutMix', why='needs a pretrained AdaIN style-transfer network: not '
         'implemented'),
    dict(method='TokenMix', why='needs an NFNet-F6 teacher: not implemented'),
    dict(method='SMMix + TokenMix labels', why='needs an NFNet-F6 teacher: not implemented'),
    dict(method='TokenLabel', why='needs a dense-label teacher (NFNet-F6): not implemented'),
    dict(paper='SMMix', table='T1', method='Mixup + CutMix (DeiT recipe)',
         why="the backbone paper's own run (DeiT, PVT, CaiT, Swin recipes), not SMMix's"),
    dict(paper='SMMix', table='A3', method='Mixup + CutMix (DeiT recipe)',
         why="DeiT's published number, not an SMMix run"),
    dict(paper='RecursiveMix', table='T10',
         why="training cost on the authors' GPUs; benchmarks/ measure ours"),
    dict(paper='AutoMix', table='T11',
         why="training cost on the authors' GPUs; benchmarks/ measure ours"),
    dict(paper='AutoMix', table='T3', method='Manifold Mixup',
         why="FeatureMixClassifier finds no stages on EfficientNet / MobileNetV2 (nor "
         "does OpenMixup's code)"),
    dict(paper='AutoMix', table='T3', method='AutoMix',
         why='no RSB AutoMix config was published: Mix Block stage unknown'),
)
REASON_FIELDS = ('paper', 'table', 'method', 'backbone', 'method_prefix', 'columns')


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
    claimed: List[bool] = field(default_factory=list)  # per cell: run by a config
    why: Optional[str] = None  # for the line, or for its unclaimed cells

    def unclaimed_columns(self) -> List[str]:
        """The columns of the line's numbers that no config runs."""
        return [cell['column'] for cell, claimed in zip(self.cells, self.claimed)
                if not claimed]

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


def line_field(cell: dict) -> str:
    """The field of ``cell`` that names its line's backbone."""
    return 'column' if (cell['paper'], cell['table']) in BACKBONE_IN_COLUMN else 'group'


def table_lines(cells: Sequence[dict]) -> List[Line]:
    """The cells gathered into lines (paper, table, method, backbone), in the csv's
    order."""
    lines: Dict[tuple, Line] = {}
    for index, cell in enumerate(cells):
        key = (cell['paper'], cell['table'], cell['method'], cell[line_field(cell)])
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
    columns = reason.get('columns')
    return ((prefix is None or line.method.startswith(prefix))
            and (columns is None or set(line.unclaimed_columns()) <= set(columns))
            and all(getattr(line, key) == reason[key]
                    for key in ('paper', 'table', 'method', 'backbone') if key in reason))


def cover(cells: Sequence[dict], paper_rows: Dict[str, list],
          reasons: Iterable[dict] = NO_CONFIG_REASONS) -> List[Line]:
    """The lines of the tables, each with its configs or the reason it has none.

    Raises:
        CoverageError: an entry of ``paper_rows`` matches no cell, a line has neither
            a config nor a reason, a line's configs leave numbers that no reason
            explains, or a reason explains nothing.
    """
    reasons = list(reasons)
    for reason in reasons:
        _check_reason(reason)
    claims = claimed_cells(paper_rows, cells)
    lines = table_lines(cells)
    used, errors = set(), []
    for line in lines:
        line.configs = sorted({name for index in line.indices
                               for name in claims.get(index, [])})
        line.claimed = [index in claims for index in line.indices]
        if all(line.claimed):
            continue
        fitting = [i for i, reason in enumerate(reasons) if _reason_fits(reason, line)
                   and (not line.configs or 'columns' in reason)]
        if fitting:
            used.add(fitting[0])
            line.why = reasons[fitting[0]]['why']
        elif line.configs:
            errors.append(f'{line.paper} {line.table} "{line.method}" on '
                          f'{line.backbone}: no config runs its '
                          f'{", ".join(line.unclaimed_columns())} and no reason in '
                          'NO_CONFIG_REASONS (with its columns) explains why')
        else:
            errors.append(f'{line.paper} {line.table} "{line.method}" on '
                          f'{line.backbone}: no config lists it in paper_rows and no '
                          'reason in NO_CONFIG_REASONS explains why')
    errors += [f'reason {reason} explains nothing without a config: remove it'
               for i, reason in enumerate(reasons) if i not in used]
    errors += [f'released checkpoint of {entry} names no line of the tables'
               for entry in unused_releases(lines)]
    if errors:
        raise CoverageError('\n'.join(errors))
    return lines


def is_quoted(line: Line) -> bool:
    """Whether ``line`` is a quoted architecture, outside the counts."""
    return line.method.startswith(QUOTED_PREFIXES)


def _count(lines: Sequence[Line]) -> str:
    counted = [line for line in lines if not is_quoted(line)]
    numbers = sum(len(line.cells) for line in counted)
    return (f'{sum(bool(line.configs) for line in counted)} of {len(counted)} rows '
            f'({sum(sum(line.claimed) for line in counted)} of {numbers} '
            'numbers) have a config')


def count_sentence(lines: Sequence[Line]) -> str:
    """``250 of 600 rows (700 of 1083 numbers) have a config; 12 quoted rows are not
    counted``: over all tables."""
    quoted = sum(map(is_quoted, lines))
    return _count(lines) + (f'; {quoted} quoted rows are not counted' if quoted else '')


def per_table_counts(lines: Sequence[Line]) -> List[str]:
    """``- RecursiveMix T1 (CIFAR-10): 7 of 11 rows (...) have a config`` per table."""
    tables: Dict[tuple, List[Line]] = {}
    for line in lines:
        tables.setdefault((line.paper, line.table, line.cells[0]['dataset']),
                          []).append(line)
    return [f'- {paper} {table} ({dataset}): {_count(group)}'
            for (paper, table, dataset), group in tables.items()]


def where(line: Line) -> str:
    """The configs of ``line`` (an evaluation config as its command), or why none."""
    if not line.configs:
        return f'none: {line.why}'
    configs = ', '.join(f'`python tools/evaluate.py configs/{name} CKPT`'
                        if name.startswith('evaluation/') else f'`{name}`'
                        for name in line.configs)
    if all(line.claimed):
        return configs
    return f'{configs}; {", ".join(line.unclaimed_columns())}: none: {line.why}'


def markdown_table(lines: Sequence[Line]) -> List[str]:
    """The coverage table: one markdown row per line."""
    out = ['| paper | table | row | backbone | config (or why none) | released checkpoint '
           '| reported |', '| --- | --- | --- | --- | --- | --- | --- |']
    for line in lines:
        cells = (line.paper, line.table, line.method, line.backbone, where(line),
                 released_source(line) or '-', line.reported())
        out.append('| ' + ' | '.join(cell.replace('|', '/') for cell in cells) + ' |')
    return out
