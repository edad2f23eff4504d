"""Convert a DeiT checkpoint the SMMix authors released (ChenMnZ/SMMix; timm's key
names and a token_head; facebookresearch/deit's checkpoints too) into an mmrecmix
checkpoint.

    python tools/model_converters/smmix_to_mmrecmix.py deit_small_smmix.pth DST.pth \\
        --config configs/deit/deit-small_4xb256-smmix_in1k.py

Only ``model`` is converted (what SMMix's --eval reads). The ``argparse.Namespace`` the
file keeps under ``args`` is read by the safe loader, which refuses every other object.
"""
from released_checkpoint import convert_released

from mmrecmix.checkpoint.convert_smmix import (allowing_run_arguments,
                                               convert_smmix_deit)
from mmrecmix.cli import exit_on_usage_error


@exit_on_usage_error
def main(argv=None):
    with allowing_run_arguments():
        convert_released(argv, __doc__, convert_smmix_deit,
                         hint='Pass the .pth the SMMix authors released.')


if __name__ == '__main__':
    main()
