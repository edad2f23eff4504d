"""Split the ResNet of an mmrecmix (or mmpretrain) classifier checkpoint into the two
parts of an mmdet R50-C4 detector: stem and stages 1-3 as ``backbone.*``, stage 4 as
``roi_head.shared_head.layer4.*`` (the RoI head runs it on every box).

    python tools/model_converters/resnet_to_c4.py SRC.pth DST.pth [--prefix P]

The prefix defaults as for extract_backbone.py (``backbone.``; for AutoMix checkpoints
``momentum_encoder.backbone.``, the encoder the paper evaluates). The C4 configs of
configs/transfer/automix/ load DST into both parts, each under its own prefix, so that
mmrecmix.VerifyPretrainedHook finds each part complete; the SSD config of
configs/transfer/cutmix/ (ResNet-50 up to stage 3) loads its ``backbone.*`` only.
"""
import argparse
import functools
from collections import OrderedDict

from mmrecmix.checkpoint.convert import backbone_state_dict
from mmrecmix.cli import convert_checkpoint, exit_on_usage_error


def c4_state_dict(checkpoint, prefix=None) -> 'OrderedDict':
    """The backbone of ``checkpoint`` under the two prefixes of a C4 detector.

    Raises:
        KeyError: If the backbone has no ``layer4`` (not a four-stage ResNet).
    """
    backbone = backbone_state_dict(checkpoint, prefix)
    if not any(key.startswith('layer4.') for key in backbone):
        raise KeyError('the backbone has no layer4.* weights: pass the checkpoint of a '
                       'four-stage ResNet classifier.')
    return OrderedDict(
        (('roi_head.shared_head.' if key.startswith('layer4.') else 'backbone.') + key,
         value) for key, value in backbone.items())


@exit_on_usage_error
def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name, text in (('src', 'classifier checkpoint'),
                       ('dst', 'where to save the C4 checkpoint'),
                       ('--prefix', 'the backbone prefix; default as extract_backbone.py')):
        parser.add_argument(name, help=text)
    args = parser.parse_args(argv)
    meta = dict(source=args.src, prefix=args.prefix or 'auto', layout='C4')
    convert = functools.partial(c4_state_dict, prefix=args.prefix)
    count = convert_checkpoint(args.src, args.dst, convert, meta,
                               'Pass a .pth written by tools/train.py.')
    print(f'Saved {count} tensors (backbone. and roi_head.shared_head.) to {args.dst}')


if __name__ == '__main__':
    main()
