"""Convert the authors' released RecursiveMix ResNet checkpoints (torchvision keys,
``fc`` and ``fc_roi``, possibly ``module.``-prefixed) into an mmrecmix
``RecursiveMixClassifier`` checkpoint.

    python tools/model_converters/recursivemix_to_mmrecmix.py SRC.pth DST.pth
"""
import argparse

import torch

from mmrecmix.utils.checkpoint_convert import convert_recursivemix_resnet
from mmrecmix.utils.cli import UsageError, exit_on_usage_error, require_file


@exit_on_usage_error
def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('src', help="the authors' checkpoint")
    parser.add_argument('dst', help='where to save the mmrecmix checkpoint')
    args = parser.parse_args(argv)
    require_file(args.src, 'checkpoint', "Pass the authors' released .pth file.")
    checkpoint = torch.load(args.src, map_location='cpu')  # the safe loader
    try:
        state = convert_recursivemix_resnet(checkpoint)
    except KeyError as error:
        raise UsageError(error.args[0])
    torch.save(dict(state_dict=state, meta=dict(converted_from=args.src)), args.dst)
    print(f'Saved {len(state)} tensors to {args.dst}')


if __name__ == '__main__':
    main()
