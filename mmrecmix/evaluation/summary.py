"""The end of an evaluation run: the suites' rows in one table beside the numbers the
paper reports for the config's arm (its ``paper_rows``), and the same as JSON."""
import json
from typing import Dict, List, Optional, Sequence

from mmrecmix.zoo.coverage import matching_cells, read_cells

__all__ = ['paper_values', 'summary_lines', 'write_summary']


def paper_values(paper_rows: Sequence[dict], tables_csv: str) -> Dict[str, float]:
    """``{column: reported value}`` of the transcribed cells the config's
    ``paper_rows`` entries name (``configs/tables/paper_tables.csv``)."""
    cells = read_cells(tables_csv)
    values = {}
    for entry in paper_rows or []:
        for index in matching_cells(entry, cells):
            values[cells[index]['column']] = float(cells[index]['value'])
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
