"""Convert a checkpoint the CutMix authors released (clovaai/CutMix-PyTorch: ImageNet
ResNets, CIFAR PyramidNets with bottleneck units) into an mmrecmix checkpoint.

    python tools/model_converters/clovaai_to_mmrecmix.py SRC.pth.tar DST.pth \\
        --config configs/tables/cutmix-cifar-300e/pyramidnet200_2xb32-300e-cutmix_cifar100.py

Every weight must fill the config's model exactly (BatchNorm batch counters excepted);
otherwise one line names the missing, unused or misshapen keys.
"""
from released_checkpoint import convert_released

from mmrecmix.checkpoint.convert_clovaai import convert_clovaai
from mmrecmix.cli import exit_on_usage_error


@exit_on_usage_error
def main(argv=None):
    convert_released(argv, __doc__, convert_clovaai,
                     hint="Pass the model_best.pth.tar the CutMix authors released.")


if __name__ == '__main__':
    main()
