import collections

import numpy as np
import pytest
import torch
from mmengine.logging import HistoryBuffer
from mmengine.runner.checkpoint import _load_checkpoint

import mmrecmix  # noqa: F401  (allow-lists mmengine's checkpoint classes)
from mmrecmix.checkpoint.compat import (restricted_pickle, safe_by_default,
                                         safe_load)


def mmengine_like_checkpoint():
    """What mmengine's Runner.save_checkpoint writes: weights, optimizer state, and a
    message hub whose HistoryBuffers hold NumPy arrays and scalars."""
    loss = HistoryBuffer()
    for value in (0.5, 0.25):
        loss.update(value)
    return dict(
        meta=dict(epoch=1, iter=4, seed=0, dataset_meta=dict(classes=('a', 'b')),
                  np_scalar=np.float64(0.5), np_int=np.int64(3)),
        state_dict=collections.OrderedDict(weight=torch.ones(2, 2)),
        message_hub=dict(log_scalars={'train/loss': loss},
                         runtime_info=dict(best=np.array([1.0, 2.0]))))


def test_mmengine_checkpoint_loads_with_safe_loader(tmp_path):
    path = tmp_path / 'epoch_1.pth'
    torch.save(mmengine_like_checkpoint(), path)
    loaded = _load_checkpoint(str(path), map_location='cpu')
    buffer = loaded['message_hub']['log_scalars']['train/loss']
    assert isinstance(buffer, HistoryBuffer)
    assert buffer.current() == 0.25
    assert loaded['meta']['np_int'] == 3
    np.testing.assert_array_equal(
        loaded['message_hub']['runtime_info']['best'], [1.0, 2.0])


class NotAllowed:
    pass


class GetattrPayload:
    """Pickles as getattr(HistoryBuffer, '__init__'): not a statistics method."""

    def __reduce__(self):
        return getattr, (HistoryBuffer, '__init__')


def restricted_load(path):
    """The loader mmrecmix uses where torch has no safe default (torch < 2.6),
    forced here so that every torch version tests it."""
    return torch.load(path, map_location='cpu', weights_only=False,
                      pickle_module=restricted_pickle)


def plain_torch_load(path):
    if not safe_by_default():
        pytest.skip('this torch loads unsafely by default; mmrecmix routes its own '
                    "and mmengine's loads through the restricted unpickler instead")
    return torch.load(path)


def mmengine_load(path):
    return _load_checkpoint(str(path), map_location='cpu')


LOADERS = [restricted_load, safe_load, mmengine_load, plain_torch_load]


@pytest.mark.parametrize('load', LOADERS, ids=lambda f: f.__name__)
def test_every_loader_reads_mmengine_checkpoints(load, tmp_path):
    path = tmp_path / 'epoch_1.pth'
    torch.save(mmengine_like_checkpoint(), path)
    loaded = load(path)
    assert loaded['message_hub']['log_scalars']['train/loss'].current() == 0.25
    np.testing.assert_array_equal(loaded['message_hub']['runtime_info']['best'], [1, 2])


@pytest.mark.parametrize('load', LOADERS, ids=lambda f: f.__name__)
def test_every_loader_refuses_other_classes(load, tmp_path):
    path = tmp_path / 'evil.pth'
    torch.save(dict(state_dict={}, payload=NotAllowed()), path)
    with pytest.raises(Exception, match='Unsupported global'):
        load(path)


@pytest.mark.parametrize('load', LOADERS, ids=lambda f: f.__name__)
def test_getattr_is_limited_to_history_buffer_statistics(load, tmp_path):
    path = tmp_path / 'getattr.pth'
    torch.save(dict(payload=GetattrPayload()), path)
    with pytest.raises(Exception, match='only allows HistoryBuffer'):
        load(path)


