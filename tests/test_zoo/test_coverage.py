"""The coverage table of configs/README.md: current, counted by hand, and refusing to
drift (a claimed number that no table has, a line with neither a config nor a reason,
a reason that explains nothing)."""
import os.path as osp
import re

import pytest
from conftest import REPO_ROOT, run_tool

from mmrecmix.zoo.coverage import (CoverageError, config_paper_rows,
                                   count_sentence, cover, markdown_table,
                                   per_table_counts, read_cells, table_lines)

pytestmark = pytest.mark.stack_independent

PAPER_TABLES = osp.join(REPO_ROOT, 'configs', 'tables', 'paper_tables.csv')


def cell(method, backbone='R-18', column='top-1 err', value='1.0', table='T1',
         metric='top-1 / top-5 err (%)', paper='P'):
    return dict(paper=paper, table=table, dataset='D', epochs='1', group=backbone,
                method=method, column=column, value=value, metric=metric)


# Paper P, table T1 (backbone in ``group``): Baseline with top-1 and top-5, Mixup on
# two backbones, a quoted architecture; table T9 has one number.
CELLS = [cell('Baseline'), cell('Baseline', column='top-5 err', value='0.5'),
         cell('Mixup'), cell('Mixup', backbone='R-50'), cell('[arch] Net'),
         cell('Mixup', table='T9', metric='AP')]
REASONS = [dict(method_prefix='[arch]', why='quoted'), dict(method='Mixup', why='not here')]
BASELINE = {'tables/p/r18_1xb8-1e_d.py': [dict(paper='P', table='T1', method='Baseline')]}


def test_shipped_tables_are_the_transcription():
    cells = read_cells(PAPER_TABLES)
    assert len(cells) == 1120
    assert list(cells[0]) == ['paper', 'table', 'dataset', 'epochs', 'group', 'method',
                              'column', 'value', 'metric']


def test_every_table_has_the_hand_counted_lines():
    """Lines counted on the papers' tables: one per method and backbone (top-1 and
    top-5 together; AutoMix's columns are dataset or epochs and backbone)."""
    lines = table_lines(read_cells(PAPER_TABLES))
    counts = {}
    for line in lines:
        counts[(line.paper, line.table)] = counts.get((line.paper, line.table), 0) + 1
    assert counts == {
        ('RecursiveMix', 'T1'): 11, ('RecursiveMix', 'T2'): 5, ('RecursiveMix', 'T3'): 20,
        ('RecursiveMix', 'T5'): 8, ('RecursiveMix', 'T6'): 12,
        # detection / segmentation: 3 pretrainings x 4 detector-backbone groups
        ('RecursiveMix', 'T7'): 12, ('RecursiveMix', 'T8'): 12, ('RecursiveMix', 'T9'): 12,
        ('RecursiveMix', 'T10'): 4, ('RecursiveMix-supp', 'S1'): 6,
        ('CutMix', 'T1'): 4, ('CutMix', 'T3'): 13, ('CutMix', 'T4'): 6,
        ('CutMix', 'T5'): 15, ('CutMix', 'T6'): 4, ('CutMix', 'T7'): 5, ('CutMix', 'T8'): 7,
        ('CutMix', 'T9'): 12, ('CutMix', 'T10'): 4, ('CutMix', 'T11'): 4,
        ('CutMix', 'T12'): 4,
        ('AutoMix', 'T1'): 70, ('AutoMix', 'T2'): 81, ('AutoMix', 'T3'): 45,
        ('AutoMix', 'T4'): 29, ('AutoMix', 'T5'): 90, ('AutoMix', 'T6'): 6,
        ('AutoMix', 'T7'): 6, ('AutoMix', 'T8'): 14, ('AutoMix', 'T10'): 6,
        ('AutoMix', 'T11'): 1, ('AutoMix', 'T13'): 72, ('AutoMix', 'T14'): 80,
        ('SMMix', 'T1'): 34, ('SMMix', 'T2'): 18, ('SMMix', 'T3'): 4, ('SMMix', 'T4'): 4,
        ('SMMix', 'T5'): 16, ('SMMix', 'T6'): 3, ('SMMix', 'A3'): 6, ('SMMix', 'A4'): 6}
    assert len(lines) == 771 and sum(len(line.cells) for line in lines) == 1120
    by_key = {(line.paper, line.table, line.method, line.backbone): line
              for line in lines}
    assert by_key[('RecursiveMix', 'T5', 'CutMix', 'ResNet-50')].reported() == (
        '21.4 / 5.92 top-1 / top-5 err (%)')
    assert by_key[('AutoMix', 'T1', 'FMix', 'C100 WRN-28-8')].reported() == (
        '84.21 top-1 acc (%)')
    assert by_key[('CutMix', 'T12', 'CutMix', 'PyramidNet-200')].reported() == (
        '69.0 / 94.4 / 89.1 TNR@TPR95 / AUROC / det acc')
    assert by_key[('RecursiveMix', 'T7', 'RecursiveMix', 'ATSS / ResNet-50')].reported(
    ).startswith('41.5 / ')


def test_coverage_table_is_current_and_counted():
    result = run_tool('analysis/coverage_table.py', '--check', timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    sentence = re.fullmatch(r'(\d+) of (\d+) rows \((\d+) of (\d+) numbers\) have a '
                            r'config; (\d+) quoted rows are not counted\n', result.stdout)
    assert sentence, result.stdout
    covered, counted, _, numbers, quoted = map(int, sentence.groups())
    # The [arch] rows of CutMix T3 (5 rows, 10 numbers) and the quoted WSOL methods of
    # CutMix T9 (5 rows, 9 numbers) stay outside the counts.
    assert (counted, numbers, quoted) == (771 - 10, 1120 - 19, 10)
    with open(osp.join(REPO_ROOT, 'configs', 'README.md')) as f:
        readme = f.read()
    assert f'**{sentence.group(0).strip()}.**' in readme
    table = readme.split('<!-- coverage-table:start -->')[1].split(
        '<!-- coverage-table:end -->')[0]
    rows = [row for row in table.splitlines() if row.startswith('| ') and
            not row.startswith(('| paper |', '| --- |'))]
    assert len(rows) == 771
    counted = [row for row in rows if not row.split(' | ')[2].startswith(('[arch]', '[WSOL]'))]
    assert len(counted) == 761
    assert len([row for row in counted if '| none: ' not in row]) == covered
    assert any('`python tools/evaluate.py configs/evaluation/' in row for row in rows)
    with open(osp.join(REPO_ROOT, 'README.md')) as f:
        claim = re.search(r'(\d+) of\s+the (\d+) rows', f.read())
    assert claim and tuple(map(int, claim.groups())) == (covered, 761), (
        "README.md's count of rows with a config is not the coverage table's")


def test_an_entry_stands_for_every_cell_it_names():
    lines = cover(CELLS, BASELINE, reasons=REASONS)
    assert [(line.method, line.backbone, line.configs, line.why) for line in lines] == [
        ('Baseline', 'R-18', ['tables/p/r18_1xb8-1e_d.py'], None),
        ('Mixup', 'R-18', [], 'not here'), ('Mixup', 'R-50', [], 'not here'),
        ('[arch] Net', 'R-18', [], 'quoted'), ('Mixup', 'R-18', [], 'not here')]
    assert lines[0].reported() == '1.0 / 0.5 top-1 / top-5 err (%)'
    assert count_sentence(lines) == ('1 of 4 rows (2 of 5 numbers) have a config; 1 '
                                     'quoted rows are not counted')
    assert per_table_counts(lines) == [
        '- P T1 (D): 1 of 3 rows (2 of 4 numbers) have a config',
        '- P T9 (D): 0 of 1 rows (0 of 1 numbers) have a config']
    table = markdown_table(lines)
    assert table[2] == ('| P | T1 | Baseline | R-18 | `tables/p/r18_1xb8-1e_d.py` | - | '
                        '1.0 / 0.5 top-1 / top-5 err (%) |')
    assert table[3].endswith('| none: not here | - | 1.0 top-1 / top-5 err (%) |')


def test_an_evaluation_config_is_shown_as_its_command():
    paper_rows = {'evaluation/p_t9.py': [dict(paper='P', table='T9')], **BASELINE}
    lines = cover(CELLS, paper_rows, reasons=REASONS)
    assert markdown_table(lines)[-1].startswith(
        '| P | T9 | Mixup | R-18 | `python tools/evaluate.py configs/evaluation/p_t9.py '
        'CKPT` |')


def test_the_first_fitting_reason_is_given():
    reasons = [dict(method='Mixup', backbone='R-50', why='no R-50'),
               dict(method_prefix='Mix', why='no Mixup')]
    lines = cover(CELLS, BASELINE, reasons=reasons + REASONS[:1])
    assert [line.why for line in lines] == [None, 'no Mixup', 'no R-50', 'quoted',
                                            'no Mixup']


def test_an_entry_that_matches_no_number_names_its_config():
    paper_rows = {**BASELINE, 'tables/p/r18_1xb8-1e-mixup_d.py': [
        dict(paper='P', table='T1', method='MixUp')]}
    with pytest.raises(CoverageError, match=r"r18_1xb8-1e-mixup_d\.py: paper_rows "
                                            r"entry .*'MixUp'.* matches no row"):
        cover(CELLS, paper_rows, reasons=REASONS)


def test_an_entry_with_an_unknown_field_names_it():
    paper_rows = {'tables/p/a.py': [dict(paper='P', tabel='T1')]}
    with pytest.raises(CoverageError, match=r"a\.py: .*\['tabel'\]; the fields are "
                                            r"\('paper', 'table', 'group'"):
        cover(CELLS, paper_rows, reasons=[])
    with pytest.raises(CoverageError, match=r'a\.py: paper_rows must be a list of '
                                            'dicts, got dict'):
        cover(CELLS, {'tables/p/a.py': dict(paper='P')}, reasons=[])


def test_a_line_with_neither_config_nor_reason_is_an_error():
    with pytest.raises(CoverageError) as error:
        cover(CELLS, BASELINE, reasons=[dict(backbone='R-50', why='no R-50')] + REASONS[:1]
              + [dict(table='T9', why='-')])
    assert str(error.value) == ('P T1 "Mixup" on R-18: no config lists it in paper_rows '
                                'and no reason in NO_CONFIG_REASONS explains why')


def test_numbers_a_config_leaves_need_a_reason_with_their_columns():
    """A config claiming only the top-1 of a line counts one number; the top-5 needs a
    reason naming its column, and a reason without columns does not explain it."""
    top1 = {'tables/p/a.py': [dict(paper='P', table='T1', method='Baseline',
                                   column='top-1 err')]}
    with pytest.raises(CoverageError, match=r'P T1 "Baseline" on R-18: no config runs '
                                            r'its top-5 err and no reason'):
        cover(CELLS, top1, reasons=[dict(method='Baseline', why='-')] + REASONS)
    reasons = [dict(method='Baseline', columns=('top-5 err',), why='not measured')]
    lines = cover(CELLS, top1, reasons=reasons + REASONS)
    assert (lines[0].configs, lines[0].claimed) == (['tables/p/a.py'], [True, False])
    assert count_sentence(lines).startswith('1 of 4 rows (1 of 5 numbers)')
    assert markdown_table(lines)[2] == (
        '| P | T1 | Baseline | R-18 | `tables/p/a.py`; top-5 err: none: not measured | '
        '- | 1.0 / 0.5 top-1 / top-5 err (%) |')
    with pytest.raises(CoverageError, match='explains nothing'):
        cover(CELLS, BASELINE, reasons=reasons + REASONS)


def test_a_reason_that_explains_nothing_is_an_error():
    paper_rows = {'tables/p/a.py': [dict(paper='P')]}
    with pytest.raises(CoverageError, match=r"reason \{'method': 'Baseline', 'why': "
                                            r"'old'\} explains nothing"):
        cover(CELLS, paper_rows, reasons=[dict(method='Baseline', why='old')])


def test_a_reason_needs_a_phrase_and_known_fields():
    with pytest.raises(ValueError, match=r"'metod'"):
        cover(CELLS, BASELINE, reasons=[dict(metod='Mixup', why='-')])
    with pytest.raises(ValueError, match='give "why"'):
        cover(CELLS, BASELINE, reasons=[dict(method='Mixup')])


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_configs_are_read_through_their_inheritance(tmp_path):
    """Only files that mention paper_rows are loaded, with Config.fromfile (bases and
    Python run); a recipe base may not claim numbers."""
    write(tmp_path / 'tables' / 'p' / '_base_' / 'recipe.py', 'model = dict(a=1)\n')
    write(tmp_path / 'tables' / 'p' / 'r18_1xb8-1e-mixup_d.py',
          "_base_ = ['./_base_/recipe.py']\n"
          "paper_rows = [dict(paper='P', method=m) for m in ('Mixup', )]\n")
    write(tmp_path / 'tables' / 'p' / 'r18_1xb8-1e_d.py', 'x = 1\n')
    assert config_paper_rows(str(tmp_path)) == {
        osp.join('tables', 'p', 'r18_1xb8-1e-mixup_d.py'): [dict(paper='P',
                                                                 method='Mixup')]}
    write(tmp_path / 'tables' / 'p' / '_base_' / 'recipe.py',
          "paper_rows = [dict(paper='P')]\n")
    with pytest.raises(CoverageError, match=r'_base_.recipe\.py: a recipe base sets '
                                            'paper_rows'):
        config_paper_rows(str(tmp_path))


def test_a_stale_generated_block_is_rewritten_or_reported(tmp_path, capsys):
    from mmrecmix.zoo.generated_section import write_or_check
    readme = tmp_path / 'README.md'
    readme.write_text('intro\n<!-- s -->\nold\n<!-- e -->\nend\n')
    with pytest.raises(SystemExit) as stopped:
        write_or_check(str(readme), '<!-- s -->', '<!-- e -->',
                       '<!-- s -->\nnew\n<!-- e -->', True, 'the table', 'tool.py')
    assert stopped.value.code == 1
    assert 'the table of' in capsys.readouterr().err
    write_or_check(str(readme), '<!-- s -->', '<!-- e -->',
                   '<!-- s -->\nnew\n<!-- e -->', False, 'the table', 'tool.py')
    assert readme.read_text() == 'intro\n<!-- s -->\nnew\n<!-- e -->\nend\n'
    write_or_check(str(readme), '<!-- s -->', '<!-- e -->',
                   '<!-- s -->\nnew\n<!-- e -->', True, 'the table', 'tool.py')


def test_released_checkpoints_mark_the_lines_their_run_gave(monkeypatch):
    from mmrecmix.zoo import released
    lines = {(line.paper, line.table, line.method, line.backbone): line
             for line in table_lines(read_cells(PAPER_TABLES))}
    assert 'clovaai_to_mmrecmix.py' in released.released_source(
        lines[('CutMix', 'T12', 'CutMix', 'PyramidNet-200')])
    assert 'smmix_to_mmrecmix.py' in released.released_source(
        lines[('SMMix', 'T5', 'SMMix', 'DeiT-T')])
    # Nobody published these runs: AutoMix's own model, CutMix's ShakeDrop arm.
    assert released.released_source(lines[('AutoMix', 'T6', 'AutoMix', 'ResNeXt-50')]) is None
    assert released.released_source(
        lines[('CutMix', 'T5', 'CutMix + ShakeDrop', 'PyramidNet-200 (a~=240)')]) is None
    assert released.unused_releases(lines.values()) == []
    monkeypatch.setattr(released, 'RELEASED_CHECKPOINTS', released.RELEASED_CHECKPOINTS + (
        dict(paper='CutMix', table='T3', backbone='ResNet-50', methods=('Cutmix', ),
             source='x'), ))
    assert released.unused_releases(lines.values()) == [('CutMix', 'T3', 'ResNet-50',
                                                          'Cutmix')]
