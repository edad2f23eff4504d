"""Write the momentum encoder of an mmrecmix AutoMix checkpoint (AutoMixClassifier) as a
plain classifier checkpoint, the encoder AutoMix evaluates under backbone. / head.

    python tools/model_converters/automix_to_classifier.py work_dirs/ARM/epoch_200.pth \\
        automix_momentum.pth \\
        --config configs/evaluation/automix-t8-wsol/resnet18_cub200-automix_wsol.py

A plain classifier config loading the AutoMix checkpoint itself would take the online
encoder (``backbone.`` / ``head.``) and only warn about ``momentum_encoder.*``. Every
momentum weight must fill the config's model exactly; the online encoder, Mix Block and
mixed-sample head are left out.
"""
from released_checkpoint import convert_released

from mmrecmix.checkpoint.convert_automix import convert_automix_momentum
from mmrecmix.cli import exit_on_usage_error


@exit_on_usage_error
def main(argv=None):
    convert_released(argv, __doc__, convert_automix_momentum,
                     hint='Pass a .pth that tools/train.py wrote for an AutoMix config.')


if __name__ == '__main__':
    main()
