"""How hooks reach the model under a DDP (or other) wrapper."""
from mmengine.model import is_model_wrapper


def unwrapped_model(runner):
    """The runner's model itself, without its DDP (or other) wrapper."""
    return runner.model.module if is_model_wrapper(runner.model) else runner.model
