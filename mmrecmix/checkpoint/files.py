"""Checkpoint files on disk: written atomically, checked before they are read.

A run killed while saving, or a full disk, leaves a checkpoint written part way. torch
then fails deep inside its zip reader (``failed finding central directory``) or with a
bare ``EOFError``, without naming the file. Here every checkpoint mmengine writes goes
to a temporary file in the same folder, is flushed to disk and only then renamed over
its real name, so a real name always holds a complete file; and the tools check a file
before the Runner reads it, naming it and the intact checkpoint to use instead.
"""
import glob
import os
import os.path as osp
import tempfile
import zipfile
from typing import Optional

from mmengine.fileio import LocalBackend, register_backend

ATOMIC_BACKEND = 'mmrecmix_atomic_local'
# The first byte of a pickle of protocol 2 or later (torch's legacy format).
PICKLE_PROTOCOL_BYTE = b'\x80'
# A zip archive's first local header: how torch.load tells its zip format from a
# legacy pickle (by the file's first bytes, not by zipfile.is_zipfile's end record).
ZIP_MAGIC = b'PK\x03\x04'


def is_zip_format(path: str) -> bool:
    """Whether ``path`` is in torch's zip format, decided as ``torch.load`` does."""
    with open(path, 'rb') as f:
        return f.read(len(ZIP_MAGIC)) == ZIP_MAGIC


def sync_to_disk(f) -> None:
    """Flush a file object's buffers and the OS's cache of it to the disk."""
    f.flush()
    os.fsync(f.fileno())


def write_atomically(data: bytes, path: str) -> None:
    """Write ``data`` to ``path`` through a flushed temporary file and a rename: a
    crash or a full disk leaves the previous file (or none) under ``path``."""
    folder = osp.dirname(osp.abspath(path))
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        dir=folder, prefix=f'.{osp.basename(path)}.', suffix='.partial')
    try:
        with os.fdopen(handle, 'wb') as f:
            f.write(data)
            sync_to_disk(f)
        os.replace(temporary, path)
    except BaseException:
        if osp.exists(temporary):
            os.remove(temporary)
        raise


class AtomicLocalBackend(LocalBackend):
    """mmengine's local file backend, writing every file with
    :func:`write_atomically`. ``CheckpointHook(backend_args=dict(backend=
    'mmrecmix_atomic_local'))`` saves its checkpoints through it."""

    def put(self, obj: bytes, filepath) -> None:
        write_atomically(obj, str(filepath))

    def put_text(self, obj: str, filepath, encoding: str = 'utf-8') -> None:
        write_atomically(obj.encode(encoding), str(filepath))


register_backend(ATOMIC_BACKEND, AtomicLocalBackend, force=True)


def checkpoint_problem(path: str) -> Optional[str]:
    """Why ``path`` cannot be a complete checkpoint, or ``None`` when it may be.

    Cheap: reads the first byte and, for torch's zip format, the zip's central
    directory (written last, so a file cut short has none).

    Returns:
        str or None: ``'empty'``, ``'truncated'`` or ``'not a zip or pickle'``.
    """
    if osp.getsize(path) == 0:
        return 'empty'
    with open(path, 'rb') as f:
        head = f.read(4)
    if head.startswith(b'PK'):
        try:
            with zipfile.ZipFile(path):
                return None
        except zipfile.BadZipFile:
            return 'truncated'
    if head.startswith(PICKLE_PROTOCOL_BYTE):
        return None
    return 'not a zip or pickle'


def newest_intact_checkpoint(work_dir: str) -> Optional[str]:
    """The most recently written ``*.pth`` in ``work_dir`` that passes
    :func:`checkpoint_problem`, or ``None``."""
    paths = sorted(glob.glob(osp.join(work_dir, '*.pth')), key=osp.getmtime,
                   reverse=True)
    return next((path for path in paths if checkpoint_problem(path) is None), None)


def recorded_latest_checkpoint(work_dir: str) -> Optional[str]:
    """What ``work_dir/last_checkpoint`` names (stripped), ``''`` for an empty file,
    ``None`` when there is no such file."""
    record = osp.join(work_dir, 'last_checkpoint')
    if not osp.isfile(record):
        return None
    with open(record) as f:
        return f.read().strip()
