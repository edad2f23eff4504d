"""Convert a checkpoint of OpenMixup's model zoo (Westlake-AI/openmixup, mmcv 1:
``backbone.`` and ``head.`` in mmcls's names) into an mmrecmix checkpoint.

    python tools/model_converters/openmixup_to_mmrecmix.py \\
        resnet50_rsb_a3_sz160_8xb256_ep100.pth DST.pth \\
        --config configs/tables/rsb-a3/resnet50_4xb512-100e-rsb_in1k.py

AutoMix / SAMix checkpoints convert into the plain classifier of their network (the
momentum encoder and its head, which OpenMixup also saves as ``backbone.`` and
``head.``); their other encoder, heads and Mix Block are left out.
"""
from released_checkpoint import convert_released

from mmrecmix.checkpoint.convert_openmixup import convert_openmixup
from mmrecmix.cli import exit_on_usage_error


@exit_on_usage_error
def main(argv=None):
    convert_released(argv, __doc__, convert_openmixup,
                     hint='Pass a .pth from OpenMixup\'s model zoo.')


if __name__ == '__main__':
    main()
