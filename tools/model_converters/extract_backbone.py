"""Save the backbone of an mmrecmix (or mmpretrain) classifier checkpoint alone: no
head, RoI head, token head or optimizer state, keys without the ``backbone.`` prefix.

    python tools/model_converters/extract_backbone.py SRC.pth DST.pth [--prefix backbone.]

Load the result downstream with ``init_cfg=dict(type='Pretrained', checkpoint=DST)``.
"""
import argparse

import torch

from mmrecmix.utils.checkpoint_convert import backbone_state_dict
from mmrecmix.utils.cli import UsageError, exit_on_usage_error, require_file


@exit_on_usage_error
def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('src', help='classifier checkpoint')
    parser.add_argument('dst', help='where to save the backbone checkpoint')
    parser.add_argument('--prefix', default='backbone.')
    args = parser.parse_args(argv)
    require_file(args.src, 'checkpoint', 'Pass a .pth written by tools/train.py.')
    checkpoint = torch.load(args.src, map_location='cpu')  # the safe loader
    try:
        state = backbone_state_dict(checkpoint, args.prefix)
    except KeyError as error:
        raise UsageError(error.args[0])
    meta = dict(source=args.src, prefix=args.prefix)
    torch.save(dict(state_dict=state, meta=meta), args.dst)
    print(f'Saved {len(state)} backbone tensors to {args.dst}')


if __name__ == '__main__':
    main()
