"""Which rank stopped answering, when a distributed collective times out."""
import contextlib
import threading
import time
from typing import List

import torch.distributed as dist
from mmengine.hooks import Hook

from mmrecmix.registry import HOOKS
from .non_finite_loss_hook import TrainingStopped

KEY = 'mmrecmix/heartbeat/{}'
BEAT_SECONDS = 1.0
# How torch words a collective that ran out of time: the process group's timeout
# ("... timed out ..."), or gloo closing the connection to a peer that stopped
# answering while a collective waits on it, seen in DDP's gradient all-reduce.
TIMEOUT_MESSAGES = ('timed out', 'application timeout caused pair closure')


def default_store():
    """The key-value store of the default process group, or ``None`` outside a
    distributed run (or on a torch without it)."""
    if not (dist.is_available() and dist.is_initialized()):
        return None
    try:
        return dist.distributed_c10d._get_default_store()
    except (AttributeError, RuntimeError):
        return None


def heartbeats(store) -> List[int]:
    """Every rank's heartbeat counter (``add(key, 0)`` reads without changing it)."""
    return [store.add(KEY.format(rank), 0) for rank in range(dist.get_world_size())]


def silent_ranks(store, wait: float = 3 * BEAT_SECONDS) -> List[int]:
    """Ranks whose heartbeat does not move within ``wait`` seconds: stopped, dead,
    or cut off from the others."""
    before = heartbeats(store)
    time.sleep(wait)
    after = heartbeats(store)
    return [rank for rank, (a, b) in enumerate(zip(before, after)) if a == b]


def silent_ranks_message(timeout_error: Exception) -> str:
    """One line for a collective that timed out: which ranks stopped answering, then
    torch's text."""
    store = default_store()
    silent = silent_ranks(store) if store is not None else []
    if silent:
        lead = (f'rank(s) {", ".join(map(str, silent))} stopped answering (no '
                'heartbeat: stopped, dead or cut off)')
    else:
        lead = ('every rank is alive but one did not join the collective (hung '
                'inside its step, or far slower than the others)')
    return (f'rank {dist.get_rank()} waited in a collective until the distributed '
            f'timeout (env_cfg.dist_cfg.timeout / --dist-timeout) ran out: {lead}. '
            f'{timeout_error}')


@contextlib.contextmanager
def naming_silent_ranks():
    """A distributed collective that timed out inside the block ends the run with
    :class:`TrainingStopped`: one line naming the ranks that stopped answering."""
    try:
        yield
    except RuntimeError as error:
        text = str(error).lower()
        if not (dist.is_initialized() and any(m in text for m in TIMEOUT_MESSAGES)):
            raise
        raise TrainingStopped(silent_ranks_message(error)) from error


@HOOKS.register_module()
class RankHeartbeatHook(Hook):
    """A thread in each rank bumps a counter in the process group's store every
    second while training runs, so that the rank whose collective times out can
    name the ranks whose counter stopped (:func:`silent_ranks_message`). Does
    nothing outside a distributed run; ``tools/train.py`` adds it to distributed
    runs."""

    priority = 'VERY_HIGH'

    def __init__(self):
        self._stop = threading.Event()
        self._thread = None

    def before_train(self, runner) -> None:
        store = default_store()
        if store is None:
            return
        key = KEY.format(dist.get_rank())
        store.add(key, 1)

        def beat():
            while not self._stop.wait(BEAT_SECONDS):
                store.add(key, 1)

        self._thread = threading.Thread(target=beat, name='mmrecmix-heartbeat',
                                        daemon=True)
        self._thread.start()

    def after_train(self, runner) -> None:
        self._stop.set()
        if self._thread is not None:
            # Joined before the process exits: a daemon thread still inside the
            # store's C++ client when the interpreter shuts down aborts the process
            # ("terminate called without an active exception", SIGABRT), which
            # fails a run that trained to its end.
            self._thread.join(timeout=10 * BEAT_SECONDS)
            self._thread = None
