"""Save pictures of what a config's mix feeds the network, batch after batch."""
import argparse
import json
import os
import os.path as osp

import cv2
import numpy as np
import torch

from mmrecmix.cli import ConfigOptions, UsageError, exit_on_usage_error, load_config
from mmrecmix.models.batch_augments import RecursiveMix
from mmrecmix.models.classifiers import MomentExchangeClassifier
from mmrecmix.visualization import (batch_augments, batch_pictures,
                                    build_training_mix, check_class_names,
                                    draw_mix_grid, has_mix, mix_batch)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description='Draw the mixed training batches of a config')
    parser.add_argument('config', help='training config')
    parser.add_argument('--iters', type=int, default=4,
                        help='consecutive training iterations to draw')
    parser.add_argument('--out', default='work_dirs/browse_mix',
                        help='folder for the PNG files')
    parser.add_argument('--num-images', type=int, default=16,
                        help='images per picture')
    parser.add_argument('--topk', type=int, default=3,
                        help='label weights written under each image')
    parser.add_argument('--cfg-options', nargs='+', default=None,
                        action=ConfigOptions,
                        help='override config settings')
    return parser.parse_args(argv)


def writable_folder(path: str) -> str:
    """Create ``path`` if needed; raise a :class:`UsageError` if it cannot be written."""
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as error:
        raise UsageError(f'cannot create --out {path!r} ({error.strerror}); '
                         'choose a folder you can write to.')
    if not os.access(path, os.W_OK):
        raise UsageError(f'cannot write to --out {path!r}; choose a folder you '
                         'can write to.')
    return path


def save_png(path: str, rgb) -> None:
    cv2.imwrite(path, cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))


def is_recursive(model) -> bool:
    return any(isinstance(a, RecursiveMix) for a in batch_augments(model))


@exit_on_usage_error
def main(argv=None):
    args = parse_args(argv)
    out = writable_folder(args.out)
    model, dataloader = build_training_mix(load_config(args.config, args.cfg_options))
    class_names = dataloader.dataset.metainfo['classes']
    if isinstance(model, MomentExchangeClassifier):
        print('MoEx exchanges feature moments inside the backbone, which a picture of '
              'the input cannot show: the images are drawn as they enter it, with '
              'their labels before the exchange.')
    elif not has_mix(model):
        print('This config has no mix augment: showing the plain training batch.')
    followed, followed_boxes, followed_scores, record = [], [], [], []
    shown = slice(0, args.num_images)
    for iteration, data in zip(range(args.iters), dataloader):
        batch = mix_batch(model, data)
        try:
            check_class_names(class_names, batch.scores.size(1))
        except ValueError as error:
            raise UsageError(str(error))
        images = batch_pictures(batch, model.data_preprocessor, shown)
        save_png(osp.join(out, f'iter_{iteration:03d}.png'),
                 draw_mix_grid(images, batch.boxes[shown], batch.scores[shown],
                               class_names, args.topk))
        record.append(dict(iteration=iteration, method=batch.method,
                           boxes=batch.boxes[shown]))
        followed.append(images[0])
        followed_boxes.append(batch.boxes[0])
        followed_scores.append(batch.scores[0])
    if is_recursive(model):
        # One sample index over the iterations: the recursion (paper Fig. S1).
        save_png(osp.join(out, 'recursion_strip.png'),
                 draw_mix_grid(np.stack(followed), followed_boxes,
                               torch.stack(followed_scores), class_names,
                               args.topk, columns=len(followed)))
    with open(osp.join(out, 'mix_steps.json'), 'w') as f:
        json.dump(record, f, indent=1)
    print(f'Saved {len(record)} pictures to {out}')


if __name__ == '__main__':
    main()
