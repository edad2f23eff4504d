"""Average number of classes per mixed label above weight thresholds (RecursiveMix
paper, Fig. 8), for a config's mix and any configs to compare with."""
import argparse
import os.path as osp

import torch

from mmrecmix.cli import ConfigOptions, exit_on_usage_error, load_config
from mmrecmix.visualization import build_training_mix, has_mix, mix_batch
from mmrecmix.visualization.effective_classes import (DEFAULT_THRESHOLDS,
                                                      effective_classes,
                                                      markdown_table)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description='Effective classes per label')
    parser.add_argument('config', help='training config')
    parser.add_argument('--compare', nargs='*', default=[],
                        help='more configs to put beside it')
    parser.add_argument('--iters', type=int, default=50,
                        help='consecutive training iterations to collect')
    parser.add_argument('--thresholds', nargs='+', type=float,
                        default=list(DEFAULT_THRESHOLDS))
    parser.add_argument('--out', default='work_dirs/effective_classes.png',
                        help='where to save the plot')
    parser.add_argument('--cfg-options', nargs='+', action=ConfigOptions,
                        help='override settings of every config')
    return parser.parse_args(argv)


def collect_scores(config: str, iters: int, cfg_options=None) -> torch.Tensor:
    """The label weights of ``iters`` consecutive mixed training batches."""
    model, dataloader = build_training_mix(load_config(config, cfg_options))
    if not has_mix(model):
        print(f'{config}: no mix augment, labels stay one-hot.')
    scores = [mix_batch(model, data).scores.cpu()
              for _, data in zip(range(iters), dataloader)]
    return torch.cat(scores)


def save_plot(path, names, counts, thresholds):
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    figure, axes = plt.subplots(figsize=(5, 3.5))
    for name, column in zip(names, counts):
        axes.plot(thresholds, column, marker='o', label=name)
    axes.set_xscale('log')
    axes.set_xlabel('label weight threshold')
    axes.set_ylabel('classes per label')
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)


@exit_on_usage_error
def main(argv=None):
    args = parse_args(argv)
    configs = [args.config, *args.compare]
    names = [osp.splitext(osp.basename(config))[0] for config in configs]
    counts = [effective_classes(collect_scores(config, args.iters, args.cfg_options),
                                args.thresholds) for config in configs]
    print(markdown_table(names, counts, args.thresholds))
    save_plot(args.out, names, counts, args.thresholds)
    print(f'Plot saved to {args.out}')
    return dict(zip(names, counts))


if __name__ == '__main__':
    main()
