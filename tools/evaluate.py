"""Measure a trained model by the papers' evaluation protocols (robustness,
calibration, OOD detection, corruptions, ImageNet variants): each suite is one test run
of the config changed as mmrecmix.evaluation.suites describes; the rows are printed in
percent beside the paper's numbers for the config's arm and written as JSON.

    python tools/evaluate.py CONFIG CHECKPOINT [--suite NAME ...] \\
        [--options NAME.KEY=VALUE ...]
"""
import argparse
import os.path as osp
import re
import time

from mmengine.dist import is_main_process

from mmrecmix.cli import (ConfigOptions, UsageError, add_runner_arguments,
                          apply_runner_arguments, apply_test_arguments,
                          build_runner, closing_process_group,
                          exit_on_usage_error, load_config, parse_runner_args,
                          refusing_code)
from mmrecmix.engine.hooks.evaluation_progress_hook import with_evaluation_progress
from mmrecmix.evaluation.suites import (SUITES, apply_suite, configured_suites,
                                        suite_row)
from mmrecmix.evaluation.summary import (paper_values, summary_lines,
                                         write_summary)

REPO_ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
PAPER_TABLES = osp.join(REPO_ROOT, 'configs', 'tables', 'paper_tables.csv')


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('config', help='the trained model\'s config')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument(
        '--suite', nargs='+', choices=sorted(SUITES), metavar='NAME',
        help='suites to run (default: the config\'s evaluation dict); one of '
        + ', '.join(sorted(SUITES)))
    parser.add_argument(
        '--options', nargs='+', action=ConfigOptions, default={},
        help='suite options, e.g. ood.data_root=data/ood fgsm.eps=8/255')
    add_runner_arguments(parser)
    return parse_runner_args(parser, argv)


def fraction_or_value(value):
    """``'8/255'`` as the number it writes (eps in grey levels reads naturally so);
    anything else as ``--options`` parsed it."""
    match = re.fullmatch(r'\s*(\d+(?:\.\d*)?)\s*/\s*(\d+(?:\.\d*)?)\s*', str(value))
    if isinstance(value, str) and match and float(match.group(2)) > 0:
        return float(match.group(1)) / float(match.group(2))
    return value


def chosen_suites(cfg, args) -> dict:
    """``{suite: options}``: the config's ``evaluation`` dict, or the suites ``--suite``
    names (with the config's options for those it lists), ``--options`` merged in."""
    try:
        configured = configured_suites(cfg)
    except ValueError as error:
        raise UsageError(str(error)) from error
    suites = ({name: configured.get(name, {}) for name in args.suite} if args.suite
              else configured)
    if not suites:
        raise UsageError('nothing to evaluate: the config has no evaluation dict; pass '
                         f'--suite with some of {sorted(SUITES)}.')
    for key, value in args.options.items():
        name, _, option = key.partition('.')
        if name not in suites or not option:
            raise UsageError(f'--options {key}=...: give options as SUITE.KEY=VALUE for '
                             f'a suite that runs ({sorted(suites)}).')
        suites[name][option] = fraction_or_value(value)
    return suites


def evaluate(args, name: str, options: dict) -> dict:
    """One suite's test run, with a progress bar on the main process; its metrics."""

    def merge_args(cfg, args):
        apply_test_arguments(cfg, args)
        try:
            cfg = apply_suite(cfg, name, options)
        except ValueError as error:
            raise UsageError(str(error)) from error
        cfg.experiment_name = f'{name}_{time.strftime("%Y%m%d_%H%M%S")}'
        with_evaluation_progress(cfg)
        return cfg

    runner = build_runner(args, merge_args, ('test_dataloader', ))
    with refusing_code(args.checkpoint):
        return runner.test()


@exit_on_usage_error
def main(argv=None):
    args = parse_args(argv)
    cfg = load_config(args.config, args.cfg_options)
    apply_runner_arguments(cfg, args)
    suites = chosen_suites(cfg, args)
    rows, metrics = {}, {}
    with closing_process_group():
        for number, (name, options) in enumerate(suites.items(), 1):
            print(f'[{number}/{len(suites)}] {name}: {SUITES[name].description}',
                  flush=True)
            metrics[name] = evaluate(args, name, options)
            rows[name] = suite_row(name, metrics[name])
    if not is_main_process():
        return rows
    paper = paper_values(cfg.get('paper_rows'), PAPER_TABLES)
    print('\n'.join(summary_lines(rows, paper)))
    out = osp.join(cfg.work_dir, 'evaluation_summary.json')
    write_summary(out, args.config, args.checkpoint, rows, metrics, paper)
    print(f'Written to {out}')
    return rows


if __name__ == '__main__':
    main()
