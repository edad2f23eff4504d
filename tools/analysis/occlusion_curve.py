"""Top-1 error of a checkpoint under centre and boundary occlusion, for a sweep of
hole sizes (CutMix paper, Fig. 5a): a table, a JSON file and a plot in the work dir.

    python tools/analysis/occlusion_curve.py CONFIG CHECKPOINT \\
        --mode center boundary --sizes 0 32 64 96 128 160 192 224 --work-dir DIR
"""
import argparse

from mmengine.dist import is_main_process

from mmrecmix.cli import (add_runner_arguments, closing_process_group,
                          exit_on_usage_error, parse_runner_args)
from mmrecmix.evaluation.occlusion_sweep import (DEFAULT_STEPS, OCCLUSIONS, error_table,
                                                 run_occlusion_sweep,
                                                 save_occlusion_curve)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('config', help='test config file path')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument('--mode', nargs='+', choices=list(OCCLUSIONS),
                        default=list(OCCLUSIONS),
                        help='centre: zeros in the hole; boundary: zeros outside it')
    parser.add_argument('--sizes', nargs='+', type=int, metavar='PIXELS',
                        help='hole sides in pixels (default: 0 to the longer side of '
                        f'the test images in {DEFAULT_STEPS} equal steps)')
    parser.add_argument('--pad-val', nargs='+', type=float, default=[0],
                        help='fill value, one or one per channel (default: 0, as the '
                        'paper; before normalisation)')
    add_runner_arguments(parser)
    return parse_runner_args(parser, argv)


@exit_on_usage_error
def main(argv=None):
    args = parse_args(argv)
    with closing_process_group():
        curve = run_occlusion_sweep(args)
        if is_main_process():
            print(error_table(curve))
            for path in save_occlusion_curve(curve, args):
                print(f'Saved {path}')
    return curve


if __name__ == '__main__':
    main()
