"""The AutoMix check of tools/test.py reads only a checkpoint's keys, in either of
torch's formats, and still refuses a crafted file."""
import pytest
import torch

from mmrecmix.checkpoint import compat
from mmrecmix.cli import UsageError
from mmrecmix.cli.checkpoints import require_model_of_checkpoint


def save(path, state, zip_format=True):
    torch.save(dict(meta=dict(), state_dict=state), str(path),
               _use_new_zipfile_serialization=zip_format)
    return str(path)


@pytest.mark.parametrize('zip_format', [True, False], ids=['zip', 'legacy'])
def test_an_automix_checkpoint_is_named_and_a_plain_one_passes(tmp_path, zip_format):
    plain = save(tmp_path / 'plain.pth', {'backbone.w': torch.ones(3)}, zip_format)
    automix = save(tmp_path / 'automix.pth', {'backbone.w': torch.ones(3),
                                              'momentum_encoder.backbone.w': torch.ones(3)},
                   zip_format)
    require_model_of_checkpoint(plain, 'ImageClassifier')
    require_model_of_checkpoint(automix, 'mmrecmix.AutoMixClassifier')
    with pytest.raises(UsageError, match='is an AutoMix checkpoint but the config builds'):
        require_model_of_checkpoint(automix, 'ImageClassifier')


def test_the_zip_format_is_mapped_not_read(tmp_path, monkeypatch):
    path = save(tmp_path / 'plain.pth', {'backbone.w': torch.ones(3)})
    seen = []
    load = torch.load

    def recording_load(*args, **kwargs):
        seen.append(kwargs.get('mmap'))
        return load(*args, **kwargs)

    monkeypatch.setattr(compat.torch, 'load', recording_load)
    require_model_of_checkpoint(path, 'ImageClassifier')
    assert seen == [True]


def test_a_crafted_checkpoint_is_still_refused(crafted_checkpoint):
    with pytest.raises(UsageError, match='contains code, refused'):
        require_model_of_checkpoint(crafted_checkpoint, 'ImageClassifier')
