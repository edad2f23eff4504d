"""tools/analysis/occlusion_curve.py (CutMix Fig. 5a) on a digits demo checkpoint: the
table, JSON and plot, the errors that must come out at the ends of the sweep, and on a
trained checkpoint an error that grows with the occluded area."""
import json

import pytest
import torch
from conftest import DEMO_CONFIG, tool_module
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.runner import load_checkpoint

from mmrecmix.evaluation.occlusion_sweep import (PLOT_SIZE, default_sizes,
                                                 insert_occlusion, packed_image_shape)
from mmrecmix.registry import DATASETS, MODELS

NUM_TEST = 16
SUBSET = [f'test_dataloader.dataset.indices={NUM_TEST}']


def clean_and_black_errors(checkpoint) -> tuple:
    """Top-1 error (%) of the demo model on the test digits, and on black images
    (each then gets the class the model gives a black image)."""
    cfg = Config.fromfile(DEMO_CONFIG)
    model = MODELS.build(dict(cfg.model, data_preprocessor=cfg.data_preprocessor))
    load_checkpoint(model, checkpoint, logger='silent')
    model.eval()
    dataset = DATASETS.build(dict(cfg.test_dataloader.dataset, indices=NUM_TEST))
    batch = pseudo_collate([dataset[i] for i in range(NUM_TEST)])
    labels = torch.cat([sample.gt_label for sample in batch['data_samples']])
    with torch.no_grad():
        clean = torch.cat([s.pred_label for s in model.test_step(batch)])
        batch['inputs'] = [torch.zeros_like(image) for image in batch['inputs']]
        black = torch.cat([s.pred_label for s in model.test_step(batch)])
    assert len(set(black.tolist())) == 1  # every black image is the same input
    return ((clean != labels).double().mean().item() * 100,
            (labels != black[0]).double().mean().item() * 100)


def test_the_sweep_ends_at_the_clean_and_the_black_error(tmp_path, intact_checkpoint,
                                                         capsys):
    work_dir = tmp_path / 'work'
    main = tool_module('tools/analysis/occlusion_curve.py').main
    curve = main([DEMO_CONFIG, intact_checkpoint, '--sizes', '16', '0', '--work-dir',
                  str(work_dir), '--cfg-options', *SUBSET])
    clean, black = clean_and_black_errors(intact_checkpoint)
    center, boundary = curve.errors['center'], curve.errors['boundary']
    assert curve.sizes == [0, 16] and curve.image_size == (16, 16)
    # No hole in the centre, or a 16-px window kept on 16 x 16: the clean images.
    assert center[0] == pytest.approx(clean) and boundary[1] == pytest.approx(clean)
    # A 16-px hole, or nothing kept: all zeros, so one class for every image.
    assert center[1] == pytest.approx(black) and boundary[0] == pytest.approx(black)

    out = capsys.readouterr().out
    assert '[1/4] center occlusion, hole 0 px: top-1 error' in out
    assert '[4/4] boundary occlusion, hole 16 px' in out
    assert '| hole (px) | center top-1 err (%) | boundary top-1 err (%) |' in out
    assert f'| 16 | {black:.2f} | {clean:.2f} |' in out
    record = json.loads((work_dir / 'occlusion_curve.json').read_text())
    assert record['sizes'] == [0, 16] and record['image_size'] == [16, 16]
    assert record['top1_error'] == {'center': center, 'boundary': boundary}
    from PIL import Image
    with Image.open(work_dir / 'occlusion_curve.png') as plot:
        assert plot.format == 'PNG' and plot.size == PLOT_SIZE
    # Each run logged into a folder of its own.
    assert {p.name for p in work_dir.iterdir() if p.is_dir()} == {
        'center_0', 'center_16', 'boundary_0', 'boundary_16'}


@pytest.mark.stack_independent  # the protocol's behaviour, as tests/test_tools/test_evaluate.py
def test_error_grows_with_the_occluded_area_on_a_trained_model(tmp_path,
                                                               trained_digits_checkpoint):
    """Centre holes of 0, 2, 4 and 16 px on the 16 x 16 digits cover more and more of
    each image, boundary windows of those sides less and less: on a trained model the
    error follows, up to two of the 64 images (3.1 points) between neighbouring sizes,
    from the clean error to far above it. (Between 4 and 14 px both curves sit on a
    noisy plateau, a few images up and down, hence these sizes.)"""
    main = tool_module('tools/analysis/occlusion_curve.py').main
    curve = main([DEMO_CONFIG, trained_digits_checkpoint, '--sizes', '0', '2', '4', '16',
                  '--work-dir', str(tmp_path), '--cfg-options',
                  'test_dataloader.dataset.indices=64'])
    tolerance = 2 / 64 * 100
    by_area = {'center': curve.errors['center'], 'boundary': curve.errors['boundary'][::-1]}
    for mode, errors in by_area.items():
        print(mode, [round(e, 1) for e in errors])
        assert all(b >= a - tolerance for a, b in zip(errors, errors[1:])), (mode, errors)
        assert errors[-1] > errors[0] + 30, (mode, errors)
    assert curve.errors['center'][0] == pytest.approx(curve.errors['boundary'][-1])


def test_default_sizes_follow_the_packed_test_image():
    cfg = Config.fromfile(DEMO_CONFIG)
    cfg.merge_from_dict({SUBSET[0].split('=')[0]: 4})
    assert packed_image_shape(cfg) == (3, 16, 16)
    assert default_sizes(16) == [0, 2, 4, 6, 8, 10, 12, 14, 16]
    assert default_sizes(224) == list(range(0, 225, 28))
    assert default_sizes(4) == [0, 1, 2, 3, 4]  # 0.5 and 1.5 round to even


def test_the_occlusion_goes_just_before_packinputs_inside_wrappers():
    cfg = Config(dict(test_dataloader=dict(dataset=dict(
        type='mmrecmix.InBetweenClassPairs', dataset=dict(
            type='mmrecmix.Digits', pipeline=[dict(type='Resize', scale=8),
                                              dict(type='mmpretrain.PackInputs')])))))
    insert_occlusion(cfg, 'boundary', 4)
    pipeline = cfg.test_dataloader.dataset.dataset.pipeline
    assert [step['type'] for step in pipeline] == [
        'Resize', 'mmrecmix.BoundaryOcclusion', 'mmpretrain.PackInputs']
    assert pipeline[1]['size'] == 4


@pytest.mark.parametrize('args,message', [
    (['--sizes', '-4', '8'], '--sizes -4: hole sizes are pixels >= 0'),
    (['--cfg-options', 'test_dataloader.dataset.pipeline=[]'],
     'its pipeline has no PackInputs step'),
    (['--pad-val', '1', '2'], '--pad-val: 2 values for images of 3 channels'),
])
def test_bad_input_is_one_line_naming_the_fix(args, message, tmp_path, capsys,
                                              intact_checkpoint):
    main = tool_module('tools/analysis/occlusion_curve.py').main
    with pytest.raises(SystemExit) as stop:
        main([DEMO_CONFIG, intact_checkpoint, '--work-dir', str(tmp_path), *args])
    assert stop.value.code == 2
    assert message in capsys.readouterr().err
