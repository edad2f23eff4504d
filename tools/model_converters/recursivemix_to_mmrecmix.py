"""Convert the authors' released RecursiveMix ResNet checkpoints (torchvision keys,
``fc`` and ``fc_roi``, possibly ``module.``-prefixed) into an mmrecmix
``RecursiveMixClassifier`` checkpoint.

    python tools/model_converters/recursivemix_to_mmrecmix.py SRC.pth DST.pth
"""
import argparse

from mmrecmix.checkpoint.convert import convert_recursivemix_resnet
from mmrecmix.cli import convert_checkpoint, exit_on_usage_error


@exit_on_usage_error
def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('src', help="the authors' checkpoint")
    parser.add_argument('dst', help='where to save the mmrecmix checkpoint')
    args = parser.parse_args(argv)
    count = convert_checkpoint(
        args.src, args.dst, convert_recursivemix_resnet,
        meta=dict(converted_from=args.src),
        hint="Pass the authors' released .pth file.")
    print(f'Saved {count} tensors to {args.dst}')


if __name__ == '__main__':
    main()
