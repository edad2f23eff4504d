"""Save the backbone of an mmrecmix (or mmpretrain) classifier checkpoint alone: no
head, RoI head, token head, Mix Block or optimizer state, keys without their prefix.

    python tools/model_converters/extract_backbone.py SRC.pth DST.pth [--prefix P]

The prefix defaults to ``backbone.``, and for AutoMix checkpoints to
``momentum_encoder.backbone.``: the momentum encoder is the one the paper evaluates.

A PVT v1 classifier's backbone (``mmrecmix.PyramidVisionTransformerCls``, told by the
checkpoint's config in its meta or by its keys) is saved for mmdet's
``PyramidVisionTransformer``, which the SMMix Table 3 / 4 configs load strictly: its
class token, class-token position and final norm are left out
(``pvt_v1.detection_state_dict``); ``--keep-classifier-keys`` keeps them.

Load the result downstream with ``init_cfg=dict(type='Pretrained', checkpoint=DST)``.
"""
import argparse

from mmrecmix.checkpoint.convert import backbone_state_dict, is_pvt_v1_classifier
from mmrecmix.cli import convert_checkpoint, exit_on_usage_error


def backbone_for_downstream(checkpoint, prefix=None, keep_classifier_keys=False):
    """The backbone weights of ``checkpoint``, a PVT v1 classifier's as mmdet's PVT
    takes them unless ``keep_classifier_keys``."""
    state = backbone_state_dict(checkpoint, prefix=prefix)
    if not keep_classifier_keys and is_pvt_v1_classifier(checkpoint, state):
        from mmrecmix.models.backbones.pvt_v1 import detection_state_dict
        state = detection_state_dict(state)
    return state


@exit_on_usage_error
def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('src', help='classifier checkpoint')
    parser.add_argument('dst', help='where to save the backbone checkpoint')
    parser.add_argument('--prefix', default=None,
                        help='default: momentum_encoder.backbone. for AutoMix, '
                        'else backbone.')
    parser.add_argument('--keep-classifier-keys', action='store_true',
                        help='PVT v1 classifier (PyramidVisionTransformerCls): keep '
                        'cls_token, cls_pos_embed and norm.*, which mmdet\'s '
                        'PyramidVisionTransformer does not have (left out by default)')
    args = parser.parse_args(argv)
    count = convert_checkpoint(
        args.src, args.dst,
        lambda checkpoint: backbone_for_downstream(checkpoint, args.prefix,
                                                   args.keep_classifier_keys),
        meta=dict(source=args.src, prefix=args.prefix or 'auto'),
        hint='Pass a .pth written by tools/train.py.')
    print(f'Saved {count} backbone tensors to {args.dst}')


if __name__ == '__main__':
    main()
