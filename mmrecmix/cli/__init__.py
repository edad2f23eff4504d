"""What the tools (``tools/train.py``, ``tools/test.py``, the analysis tools and the
model converters) share: config loading and checks that turn a user's mistake into one
short message naming the fix, checkpoint checks, and the launcher set-up that lets
distributed runs work on CPU-only machines too."""
from .arguments import (ConfigOptions, add_runner_arguments, apply_runner_arguments,
                        apply_test_arguments, parse_runner_args)
from .checkpoints import (auto_resume_checkpoint, convert_checkpoint,
                          refusing_code, require_complete_checkpoint)
from .config import load_config
from .errors import UsageError, exit_on_usage_error
from .launcher import build_runner, closing_process_group

__all__ = [
    'ConfigOptions', 'UsageError', 'add_runner_arguments', 'apply_runner_arguments',
    'apply_test_arguments', 'auto_resume_checkpoint', 'build_runner', 'closing_process_group',
    'convert_checkpoint', 'exit_on_usage_error', 'load_config', 'parse_runner_args',
    'refusing_code', 'require_complete_checkpoint'
]
