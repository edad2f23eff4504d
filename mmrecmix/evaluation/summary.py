"""The end of an evaluation run: the suites' rows in one table beside the numbers the
paper reports for the config's arm (its ``paper_rows``), and the same as JSON."""
import json
from typing import Dict, List, Optional, Sequence

from mmrecmix.zoo.coverage import matching_cells, read_cells

__all__ = ['paper_values', 'summary_lines', 'write_summary']

# The suites' measures that the tables name otherwise: by a dataset (the localisation
# columns of CutMix Tables 1 and 9, its top-1 localisation accuracy) or, where a
# table's columns are backbones (AutoMix Table 8), by the cell's metric.
MEASURE_OF_COLUMN = {'ImageNet loc acc': 'top-1 loc', 'ImageNet loc': 'top-1 loc',
                     'CUB200 loc': 'top-1 loc'}
MEASURE_OF_METRIC = {'MaxBoxAccV2 (%)': 'MaxBoxAccV2'}


def paper_measure(cell: dict) -> str:
    """The suite measure a transcribed cell reports: its column, unless the column
    names a dataset or a backbone (:data:`MEASURE_OF_COLUMN`,
    :data:`MEASURE_OF_METRIC`)."""
    return MEASURE_OF_COLUMN.get(cell['column'],
                                 MEASURE_OF_METRIC.get(cell['metric'], cell['column']))


def paper_values(paper_rows: Sequence[dict], tables_csv: str) -> Dict[str, float]:
    """``{measure: reported value}`` of the transcribed cells the config's
    ``paper_rows`` entries name (``configs/tables/paper_tables.csv``); where two
    tables print the same run (CutMix T1 and T9), the first entry's value."""
    cells = read_cells(tables_csv)
    values = {}
    for entry in paper_rows or []:
        for index in matching_cells(entry, cells):
            values.setdefault(paper_measure(cells[index]), float(cells[index]['value']))
    return values


def summary_lines(rows: Dict[str, Dict[str, float]],
                  paper: Optional[Dict[str, float]] = None) -> List[str]:
    """A markdown table: one line per suite and column, ours and (where the paper
    reports that column for this arm) the paper's, both in percent."""
    paper = paper or {}
    lines = ['| suite | measure | ours | paper |', '| --- | --- | --- | --- |']
    for suite, row in rows.items():
        for column, value in row.items():
            reported = f'{paper[column]:.2f}' if column in paper else '-'
            lines.append(f'| {suite} | {column} | {value:.2f} | {reported} |')
    return lines


def write_summary(path: str, config: str, checkpoint: str,
                  rows: Dict[str, Dict[str, float]], metrics: Dict[str, dict],
                  paper: Dict[str, float]) -> None:
    """The rows, every metric of each suite's run and the paper's numbers as JSON."""
    with open(path, 'w') as f:
        json.dump(dict(config=config, checkpoint=checkpoint, rows=rows,
                       paper=paper, metrics=metrics), f, indent=2)
