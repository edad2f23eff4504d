"""Evaluate a checkpoint on a config's test set (mmpretrain, mmdet, mmseg or mmrecmix)."""
import argparse

from mmrecmix.cli import (UsageError, add_runner_arguments,
                          apply_test_arguments, build_runner,
                          closing_process_group, exit_on_usage_error,
                          parse_runner_args, refusing_code)
from mmrecmix.evaluation.suites import apply_configured_suite

# How each codebase's visualisation hook is told to draw test results into a folder.
SHOW_DIR_SETTINGS = {
    'VisualizationHook': lambda show_dir: dict(enable=True, out_dir=show_dir),
    'DetVisualizationHook': lambda show_dir: dict(draw=True,
                                                  test_out_dir=show_dir),
    'SegVisualizationHook': lambda show_dir: dict(draw=True),
}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description='Test (and evaluate) a model')
    parser.add_argument('config', help='test config file path')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument('--out', help='dump the raw predictions to this .pkl file')
    parser.add_argument('--show-dir',
                        help='draw the predictions and save the images here')
    add_runner_arguments(parser)
    return parse_runner_args(parser, argv)


def enable_show_dir(cfg, show_dir):
    """Switch on the config's visualisation hook and point it at ``show_dir``."""
    hook = cfg.get('default_hooks', {}).get('visualization')
    settings = SHOW_DIR_SETTINGS.get(str(hook.get('type', '')).split('.')[-1]) \
        if hook else None
    if settings is None:
        raise UsageError('--show-dir needs a visualization hook of type '
                         f'{" / ".join(SHOW_DIR_SETTINGS)} in default_hooks; '
                         'this config has none.')
    hook.update(settings(show_dir))
    if hook.type.endswith('SegVisualizationHook'):
        cfg.visualizer['save_dir'] = show_dir


def merge_args(cfg, args):
    """Fold the command-line switches into the config."""
    apply_test_arguments(cfg, args)
    try:
        cfg = apply_configured_suite(cfg)
    except ValueError as error:
        raise UsageError(str(error)) from error
    if args.show_dir:
        enable_show_dir(cfg, args.show_dir)
    if args.out:
        if not args.out.endswith(('.pkl', '.pickle')):
            raise UsageError(f'--out {args.out!r}: the file must end in .pkl.')
        dump = dict(type='DumpResults', out_file_path=args.out)
        evaluator = cfg.test_evaluator
        cfg.test_evaluator = ([*evaluator, dump] if isinstance(evaluator, list)
                              else [evaluator, dump])
    return cfg


@exit_on_usage_error
def main(argv=None):
    args = parse_args(argv)
    runner = build_runner(args, merge_args, ('test_dataloader', ))
    with closing_process_group(), refusing_code(args.checkpoint):
        return runner.test()

if __name__ == '__main__':
    main()
