"""Save the backbone of an mmrecmix (or mmpretrain) classifier checkpoint alone: no
head, RoI head, token head, Mix Block or optimizer state, keys without their prefix.

    python tools/model_converters/extract_backbone.py SRC.pth DST.pth [--prefix P]

The prefix defaults to ``backbone.``, and for AutoMix checkpoints to
``momentum_encoder.backbone.``: the momentum encoder is the one the paper evaluates.

Load the result downstream with ``init_cfg=dict(type='Pretrained', checkpoint=DST)``.
"""
import argparse
import functools

from mmrecmix.checkpoint.convert import backbone_state_dict
from mmrecmix.cli import convert_checkpoint, exit_on_usage_error


@exit_on_usage_error
def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('src', help='classifier checkpoint')
    parser.add_argument('dst', help='where to save the backbone checkpoint')
    parser.add_argument('--prefix', default=None,
                        help='default: momentum_encoder.backbone. for AutoMix, '
                        'else backbone.')
    args = parser.parse_args(argv)
    count = convert_checkpoint(
        args.src, args.dst, functools.partial(backbone_state_dict, prefix=args.prefix),
        meta=dict(source=args.src, prefix=args.prefix or 'auto'),
        hint='Pass a .pth written by tools/train.py.')
    print(f'Saved {count} backbone tensors to {args.dst}')


if __name__ == '__main__':
    main()
