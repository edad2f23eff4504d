"""mmrecmix.LoadImageFromFile: an image that does not decode is named, and the
tools put the transform in place of mmcv's in a config's pipelines."""
import pytest
from mmengine.config import Config

import mmrecmix  # noqa: F401
from mmrecmix.cli.datasets import name_unreadable_images
from mmrecmix.registry import TRANSFORMS


def test_an_image_that_does_not_decode_is_named(tmp_path):
    broken = str(tmp_path / 'n01440764_0001.JPEG')
    open(broken, 'wb').close()
    load = TRANSFORMS.build(dict(type='mmrecmix.LoadImageFromFile'))
    with pytest.raises(ValueError, match=f'{broken} could not be read as an image'):
        load(dict(img_path=broken))
    cfg = Config(dict(train_dataloader=dict(dataset=dict(
        type='RepeatDataset', dataset=dict(type='ImageNet', pipeline=[
            dict(type='LoadImageFromFile'), dict(type='PackInputs')])))))
    name_unreadable_images(cfg, ('train_dataloader', ))
    pipeline = cfg.train_dataloader.dataset.dataset.pipeline
    assert [t['type'] for t in pipeline] == ['mmrecmix.LoadImageFromFile', 'PackInputs']
