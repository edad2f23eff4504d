"""How the benchmarks time one call: CUDA events around it on a GPU (the device's own
clock, after a synchronize so that earlier work is not counted), ``perf_counter`` on
a CPU."""
import time
from typing import Callable

import torch


def is_cuda(device) -> bool:
    return str(device).startswith('cuda')


def timed(call: Callable[[], object], device) -> float:
    """Seconds ``call()`` takes on ``device``."""
    if not is_cuda(device):
        start = time.perf_counter()
        call()
        return time.perf_counter() - start
    begin, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    torch.cuda.synchronize()
    begin.record()
    call()
    end.record()
    torch.cuda.synchronize()
    return begin.elapsed_time(end) / 1000
