"""Write the coverage table of configs/README.md from the configs' paper_rows.

    python tools/analysis/coverage_table.py          # rewrite the table in place
    python tools/analysis/coverage_table.py --check  # exit 1 if it is out of date

The table sits between ``<!-- coverage-table:start -->`` and
``<!-- coverage-table:end -->``; its rules are in ``mmrecmix/zoo/coverage.py``.
Either way the tool prints how many rows of the tables have a config, and exits 1
when a config's paper_rows, the transcribed tables and the reasons disagree.
"""
import argparse
import os.path as osp
import sys

from mmrecmix.zoo.coverage import (CoverageError, config_paper_rows,
                                   count_sentence, cover, markdown_table,
                                   per_table_counts, read_cells)
from mmrecmix.zoo.generated_section import write_or_check

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIGS = osp.join(REPO_ROOT, 'configs')
README = osp.join(CONFIGS, 'README.md')
PAPER_TABLES = osp.join(CONFIGS, 'tables', 'paper_tables.csv')
START, END = '<!-- coverage-table:start -->', '<!-- coverage-table:end -->'


def coverage_section(cells, paper_rows) -> tuple:
    """The README block and the count sentence."""
    lines = cover(cells, paper_rows)
    sentence = count_sentence(lines)
    text = [START, '', f'**{sentence}.**', ''] + per_table_counts(lines) + [
        ''] + markdown_table(lines) + ['', END]
    return '\n'.join(text), sentence


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--check', action='store_true',
                        help='only compare; exit 1 when the table is out of date')
    args = parser.parse_args(argv)
    try:
        section, sentence = coverage_section(read_cells(PAPER_TABLES),
                                             config_paper_rows(CONFIGS))
    except CoverageError as error:
        print(f'error: the coverage table cannot be written:\n{error}', file=sys.stderr)
        sys.exit(1)
    print(sentence)
    write_or_check(README, START, END, section, args.check, 'the coverage table',
                   'tools/analysis/coverage_table.py')

if __name__ == '__main__':
    main()
