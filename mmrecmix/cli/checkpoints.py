"""The checkpoints a tool is given: checked to be complete before the Runner reads
them, found for ``--resume``, read with the safe loader (whose refusal is named) and
converted by the model converters."""
import contextlib
import os.path as osp
import pickle
from typing import Callable

import torch

from mmrecmix.checkpoint.compat import refusal_message, safe_load
from mmrecmix.checkpoint.files import (
    checkpoint_problem,
    is_zip_format,
    newest_intact_checkpoint,
    recorded_latest_checkpoint,
)

from .errors import UsageError, require_file


def require_complete_checkpoint(path: str, what: str, hint: str) -> None:
    """Raise a :class:`UsageError` when ``path`` (given as ``what``) does not exist or
    cannot be a complete checkpoint (empty, cut short, not torch's format)."""
    require_file(path, f'{what}: checkpoint', hint)
    problem = checkpoint_problem(path)
    if problem is not None:
        raise UsageError(f'{what}: {path} is not a complete checkpoint ({problem}). '
                         f'{hint}')


AUTOMIX_MOMENTUM_PREFIX = 'momentum_encoder.'


def require_model_of_checkpoint(path: str, model_type: str) -> None:
    """Raise a :class:`UsageError` when ``path`` is an AutoMix checkpoint (it holds
    ``momentum_encoder.*``) and the config's model (``model_type``) is not an
    AutoMixClassifier: a plain classifier would load the online encoder into
    ``backbone.`` / ``head.`` and only warn about the momentum encoder, the one
    AutoMix evaluates. The checkpoint is read by the safe loader (a refusal is named
    by :func:`refusing_code`), memory-mapped where it is torch's zip format so that
    only its keys are read here and the Runner's load stays the one full read."""
    if str(model_type).endswith('AutoMixClassifier'):
        return
    with refusing_code(path):
        checkpoint = safe_load(path, mmap=is_zip_format(path))
    state = checkpoint.get('state_dict', checkpoint) if isinstance(checkpoint, dict) else {}
    if any(str(key).startswith(AUTOMIX_MOMENTUM_PREFIX) for key in state):
        raise UsageError(
            f'CHECKPOINT: {path} is an AutoMix checkpoint but the config builds a '
            f'{model_type}, which would load the online encoder instead of the momentum '
            'encoder AutoMix evaluates; convert it first: python '
            'tools/model_converters/automix_to_classifier.py CHECKPOINT OUT.pth '
            '--config CONFIG')


def auto_resume_checkpoint(work_dir: str) -> str:
    """The checkpoint ``--resume`` without a path continues from: the one
    ``work_dir/last_checkpoint`` names, when it is complete. Otherwise a
    :class:`UsageError` says what is wrong and names the newest intact checkpoint
    in the work dir (nothing resumes from another file silently)."""
    recorded = recorded_latest_checkpoint(work_dir)
    intact = newest_intact_checkpoint(work_dir) if osp.isdir(work_dir) else None
    use = (f' The newest intact checkpoint there is {intact}: resume from it with '
           f'--resume {intact}.' if intact else '')
    if recorded is None and intact is None:
        raise UsageError(f'--resume: {work_dir} holds no checkpoint to resume from. '
                         'Drop --resume to train from scratch, or pass '
                         '--resume FILE.')
    if not recorded:
        state = 'does not exist' if recorded is None else 'is empty'
        raise UsageError(f'--resume: {osp.join(work_dir, "last_checkpoint")} {state}.'
                         f'{use}')
    if not osp.isfile(recorded):
        raise UsageError(f'--resume: the latest checkpoint {recorded} (named by '
                         f'last_checkpoint) does not exist.{use}')
    problem = checkpoint_problem(recorded)
    if problem is not None:
        raise UsageError(f'--resume: {recorded} is not a complete checkpoint '
                         f'({problem}).{use}')
    return recorded


@contextlib.contextmanager
def refusing_code(path: str):
    """Turn the safe loader's refusal of a crafted pickle into a :class:`UsageError`
    in our words alone, naming the object the file asks for. Torch's own text, which
    advises loading the file with ``weights_only=False``, is not part of it: it stays
    the error's ``__context__``, which a tool prints with ``--debug``."""
    try:
        yield
    except pickle.UnpicklingError as error:
        raise UsageError(refusal_message(path, error)) from None


def convert_checkpoint(src: str, dst: str, convert: Callable, meta: dict,
                       hint: str) -> int:
    """Load ``src`` with torch's safe loader, convert its weights with
    ``convert(checkpoint)`` (a ``KeyError`` names what is wrong with the keys) and
    save ``dict(state_dict=..., meta=meta)`` to ``dst``.

    Returns:
        int: The number of tensors saved.
    """
    require_complete_checkpoint(src, 'SRC', hint)
    with refusing_code(src):
        checkpoint = safe_load(src)
    try:
        state = convert(checkpoint)
    except KeyError as error:
        raise UsageError(error.args[0])
    torch.save(dict(state_dict=state, meta=meta), dst)
    return len(state)
