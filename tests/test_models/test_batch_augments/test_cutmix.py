"""mmrecmix.CutMix: box, lambda, labels and pairing on non-square inputs; resize mode."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from mmengine.registry import DefaultScope

from mmrecmix.models.batch_augments import CutMix, box_half_sides
from mmrecmix.registry import BATCH_AUGMENTS


def one_hot(labels, num_classes=10):
    return F.one_hot(torch.as_tensor(labels), num_classes)


def planted(aug, monkeypatch, box, index):
    height_width = []

    def sample_box(height, width):
        height_width.append((height, width))
        share = (box[2] - box[0]) * (box[3] - box[1]) / (height * width)
        return box, 1 - share

    monkeypatch.setattr(aug, 'sample_box', sample_box)
    monkeypatch.setattr(torch, 'randperm', lambda n, device=None: torch.tensor(index))
    return height_width


def test_cut_box_labels_and_pairing_non_square(monkeypatch, device):
    aug = CutMix()
    inputs = torch.randn(3, 3, 48, 80, device=device)
    box = (10, 4, 60, 34)  # x along the 80-px width, y along the 48-px height
    seen = planted(aug, monkeypatch, box, [2, 0, 1])
    mixed, scores = aug(inputs.clone(), one_hot([0, 1, 2]).to(device))
    assert seen == [(48, 80)]
    torch.testing.assert_close(mixed[..., 4:34, 10:60], inputs[[2, 0, 1]][..., 4:34, 10:60])
    outside = torch.ones(48, 80, dtype=torch.bool, device=device)
    outside[4:34, 10:60] = False
    torch.testing.assert_close(mixed[..., outside], inputs[..., outside])
    lam = 1 - 50 * 30 / (48 * 80)
    expected = lam * one_hot([0, 1, 2]) + (1 - lam) * one_hot([2, 0, 1])
    torch.testing.assert_close(scores, expected.float().to(device))
    assert aug.last_step['box'] == box and aug.last_step['lam'] == pytest.approx(lam)


def test_resize_mode_pastes_the_whole_partner(monkeypatch):
    aug = CutMix(resize=True, interpolation='bilinear')
    inputs = torch.randn(2, 3, 48, 80)
    planted(aug, monkeypatch, (0, 8, 40, 32), [1, 0])
    mixed, _ = aug(inputs.clone(), one_hot([0, 1]))
    expected = F.interpolate(inputs[[1, 0]], size=(24, 40), mode='bilinear')
    torch.testing.assert_close(mixed[..., 8:32, 0:40], expected)


def test_lambda_is_recomputed_from_the_clipped_box():
    np.random.seed(0)
    aug = CutMix(alpha=1.0)
    lams = []
    for _ in range(4000):
        (x1, y1, x2, y2), lam = aug.sample_box(48, 80)
        assert lam == pytest.approx(1 - (x2 - x1) * (y2 - y1) / (48 * 80))
        lams.append(lam)
    # Beta(1, 1) is uniform with mean 0.5; clipping only shrinks the box, so the
    # recomputed lambda is larger on average: 0.6908 in an independent 400k-draw
    # NumPy simulation of the reference rule at 48x80. Standard error here ~0.004.
    assert np.mean(lams) == pytest.approx(0.691, abs=0.015)


def test_probability_zero_never_mixes():
    aug = CutMix(prob=0.0)
    inputs = torch.randn(2, 3, 8, 8)
    mixed, scores = aug(inputs.clone(), one_hot([0, 1]))
    torch.testing.assert_close(mixed, inputs)
    assert scores.dtype == torch.float32 and aug.last_step is None


@pytest.mark.parametrize('kwargs, message', [
    (dict(prob=1.5), r'prob must be a number in \[0, 1\]'),
    (dict(alpha=0), r'alpha must be a number in \(0, inf\)')])
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        CutMix(**kwargs)


def test_registered_without_shadowing_mmpretrain():
    from mmpretrain.models.utils.batch_augments import CutMix as UpstreamCutMix
    from mmpretrain.registry import BATCH_AUGMENTS as MMPRE_AUGMENTS
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        assert MMPRE_AUGMENTS.get('CutMix') is UpstreamCutMix
        assert type(MMPRE_AUGMENTS.build(dict(type='mmrecmix.CutMix'))) is CutMix
    assert BATCH_AUGMENTS.get('CutMix') is CutMix



def upstream_cutmix(**kwargs):
    from mmpretrain.models.utils.batch_augments import CutMix as UpstreamCutMix
    return UpstreamCutMix(**kwargs)


def pasted(inputs, index, rows, cols):
    expected = inputs.clone()
    expected[..., rows, cols] = inputs[index][..., rows, cols]
    return expected


@pytest.mark.parametrize('correct_lam', [True, False])
def test_labels_equal_mmpretrains_on_a_square_image(correct_lam):
    """Same seeds, same Beta draw and permutation: the labels are mmpretrain's. Its
    box centre is drawn y first, ours x first, so its box is ours transposed (the
    same clipped area on a square image)."""
    inputs, scores = torch.randn(6, 3, 40, 40), one_hot([0, 1, 2, 3, 4, 5])
    clipped = 0
    for seed in range(30):
        np.random.seed(seed)
        torch.manual_seed(seed)
        theirs, their_scores = upstream_cutmix(alpha=1.0, correct_lam=correct_lam)(
            inputs.clone(), scores)
        np.random.seed(seed)
        torch.manual_seed(seed)
        ours = CutMix(alpha=1.0, correct_lam=correct_lam)
        mixed, our_scores = ours(inputs.clone(), scores)
        torch.testing.assert_close(our_scores, their_scores, rtol=0, atol=1e-7)
        (x1, y1, x2, y2), index = ours.last_step['box'], ours.last_step['index']
        torch.testing.assert_close(mixed, pasted(inputs, index, slice(y1, y2),
                                                 slice(x1, x2)))
        torch.testing.assert_close(theirs, pasted(inputs, index, slice(x1, x2),
                                                  slice(y1, y2)))
        lam_of_box = 1 - (x2 - x1) * (y2 - y1) / 40 ** 2
        clipped += not np.isclose(ours.last_step['lam'], lam_of_box)
    # Uncorrected, a clipped box keeps the drawn lambda; corrected, none differs.
    assert (clipped > 5) if not correct_lam else clipped == 0


def test_uncorrected_lambda_is_the_beta_draw_non_square():
    aug = CutMix(alpha=0.5, correct_lam=False)
    for seed in range(50):
        np.random.seed(seed)
        drawn = np.random.beta(0.5, 0.5)
        half_h, half_w = int(48 * np.sqrt(1 - drawn)) // 2, int(80 * np.sqrt(1 - drawn)) // 2
        np.random.seed(seed)
        (x1, y1, x2, y2), lam = aug.sample_box(48, 80)
        assert lam == drawn
        assert 0 <= x1 <= x2 <= 80 and 0 <= y1 <= y2 <= 48
        assert x2 - x1 <= 2 * half_w and y2 - y1 <= 2 * half_h


@pytest.mark.parametrize('minmax', [(0.2, 0.8), (0.0, 0.5)])
def test_minmax_box_is_mmpretrains_and_whole_non_square(minmax):
    """mmpretrain draws the box height, width, top, left in this order, as we do;
    its ``mix`` draws (and ignores) a Beta sample first, which we do not."""
    upstream = upstream_cutmix(alpha=1.0, cutmix_minmax=list(minmax))
    ours = CutMix(cutmix_minmax=minmax)
    inputs, scores = torch.randn(5, 3, 48, 80), one_hot([0, 1, 2, 3, 4])
    heights, widths = set(), set()
    for seed in range(200):
        np.random.seed(seed)
        (y1, y2, x1, x2), their_lam = upstream.cutmix_bbox_and_lam((48, 80), None)
        np.random.seed(seed)
        box, lam = ours.sample_box(48, 80)
        assert box == (x1, y1, x2, y2) and lam == pytest.approx(their_lam, abs=1e-12)
        assert 0 <= x1 <= x2 <= 80 and 0 <= y1 <= y2 <= 48
        assert int(48 * minmax[0]) <= y2 - y1 < int(48 * minmax[1])
        assert int(80 * minmax[0]) <= x2 - x1 < int(80 * minmax[1])
        assert lam == pytest.approx(1 - (x2 - x1) * (y2 - y1) / (48 * 80))
        heights.add(y2 - y1)
        widths.add(x2 - x1)
    # Sides cover their whole ranges {int(lo * S), .., int(hi * S) - 1}.
    assert heights == set(range(int(48 * minmax[0]), int(48 * minmax[1])))
    assert len(widths) > 0.9 * (int(80 * minmax[1]) - int(80 * minmax[0]))
    # The whole mix: with mmpretrain's ignored Beta draw consumed, equal outputs.
    np.random.seed(7)
    torch.manual_seed(7)
    theirs, their_scores = upstream(inputs.clone(), scores)
    np.random.seed(7)
    np.random.beta(1.0, 1.0)
    torch.manual_seed(7)
    mixed, our_scores = ours(inputs.clone(), scores)
    torch.testing.assert_close(mixed, theirs, rtol=0, atol=0)
    torch.testing.assert_close(our_scores, their_scores, rtol=0, atol=1e-7)


def test_swapping_the_type_keeps_the_config():
    cfg = dict(alpha=1.0, cutmix_minmax=[0.3, 0.7], correct_lam=False)
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        from mmpretrain.registry import BATCH_AUGMENTS as MMPRE_AUGMENTS
        ours = MMPRE_AUGMENTS.build(dict(type='mmrecmix.CutMix', **cfg))
    assert type(ours) is CutMix and ours.cutmix_minmax == (0.3, 0.7)
    assert ours.correct_lam is False


@pytest.mark.parametrize('minmax', [(0.5, 0.5), (0.6, 0.2), (-0.1, 0.5), (0.2, 1.2),
                                    (0.2,), 'ab'])
def test_bad_minmax_names_the_parameter(minmax):
    with pytest.raises(ValueError, match=r'cutmix_minmax must be None or a pair '
                                         r'\(lo, hi\) with 0 <= lo < hi <= 1'):
        CutMix(cutmix_minmax=minmax)


def test_minmax_too_narrow_for_the_image_says_so():
    aug = CutMix(cutmix_minmax=(0.2, 0.21))  # 32 px: int(6.4) == int(6.72)
    with pytest.raises(ValueError, match='leaves no box side for the image height 32'):
        aug(torch.randn(2, 3, 32, 64), one_hot([0, 1]))


PAIR_MIXES = ['mmrecmix.CutMix', 'mmrecmix.ResizeMix', 'mmrecmix.FMix',
              'mmrecmix.SaliencyMix']


@pytest.mark.parametrize('type_name', PAIR_MIXES)
def test_class_indices_are_refused_with_the_fix(type_name):
    aug = BATCH_AUGMENTS.build(dict(type=type_name))
    name = type_name.split('.')[1]
    with pytest.raises(ValueError, match=rf'{name} takes \(N, num_classes\) label scores.*'
                                         r'shape \(4,\).*ClsDataPreprocessor with '
                                         r'num_classes'):
        aug(torch.randn(4, 3, 16, 24), torch.tensor([0, 1, 2, 3]))
    with pytest.raises(ValueError, match=r'for the 4 images, got scores of shape \(3, 10\)'):
        aug(torch.randn(4, 3, 16, 24), one_hot([0, 1, 2]))


# --- per-sample modes ------------------------------------------------------------------

def plant_draws(aug, monkeypatch, boxes, order):
    """Per-draw boxes (lam from their area on 6x10) and the permutation."""
    def sample_boxes(height, width, num):
        assert num == len(boxes) and (height, width) == (6, 10)
        drawn = np.array(boxes)
        areas = (drawn[:, 2] - drawn[:, 0]) * (drawn[:, 3] - drawn[:, 1])
        return drawn, 1 - areas / 60

    monkeypatch.setattr(aug, 'sample_boxes', sample_boxes)
    monkeypatch.setattr(torch, 'randperm', lambda n, device=None: torch.tensor(order))


def test_elem_mode_hand_computed_on_6x10(monkeypatch):
    """Sample 0 takes sample 2's cols 0..4, rows 1..3 (8 px: lam 52/60); sample 1
    takes sample 0's whole right half (30 px: lam 1/2); sample 2 takes sample 1's
    pixel (5, 4) (lam 59/60)."""
    aug = CutMix(mode='elem')
    plant_draws(aug, monkeypatch, [(0, 1, 4, 3), (5, 0, 10, 6), (4, 5, 5, 6)],
                [2, 0, 1])
    images = torch.arange(3 * 60.).view(3, 1, 6, 10)
    mixed, scores = aug(images.clone(), one_hot([0, 1, 2], 3))
    expected = images.clone()
    expected[0, :, 1:3, 0:4] = images[2, :, 1:3, 0:4]
    expected[1, :, :, 5:] = images[0, :, :, 5:]
    expected[2, :, 5, 4] = images[1, :, 5, 4]
    torch.testing.assert_close(mixed, expected, rtol=0, atol=0)
    lam = torch.tensor([52 / 60, 1 / 2, 59 / 60])
    torch.testing.assert_close(aug.last_step['lam'].float(), lam)
    assert aug.last_step['boxes'].tolist() == [[0, 1, 4, 3], [5, 0, 10, 6], [4, 5, 5, 6]]
    torch.testing.assert_close(scores, torch.tensor([[52 / 60, 0, 8 / 60],
                                                     [1 / 2, 1 / 2, 0],
                                                     [0, 1 / 60, 59 / 60]]))


def test_pair_mode_swaps_the_box_between_partners(monkeypatch):
    """Order [2, 0, 3, 1]: pairs (2, 3) with draw 0 and (0, 1) with draw 1."""
    aug = CutMix(mode='pair')
    plant_draws(aug, monkeypatch, [(0, 0, 5, 6), (2, 2, 8, 4)], [2, 0, 3, 1])
    images = torch.arange(4 * 60.).view(4, 1, 6, 10)
    mixed, scores = aug(images.clone(), one_hot([0, 1, 2, 3], 4))
    assert aug.last_step['index'].tolist() == [1, 0, 3, 2]
    expected = images.clone()
    expected[2, :, :, :5], expected[3, :, :, :5] = images[3, :, :, :5], images[2, :, :, :5]
    expected[0, :, 2:4, 2:8], expected[1, :, 2:4, 2:8] = (images[1, :, 2:4, 2:8],
                                                          images[0, :, 2:4, 2:8])
    torch.testing.assert_close(mixed, expected, rtol=0, atol=0)
    lam = torch.tensor([48 / 60, 48 / 60, 1 / 2, 1 / 2])
    torch.testing.assert_close(aug.last_step['lam'].float(), lam)
    torch.testing.assert_close(scores, lam[:, None] * torch.eye(4)
                               + (1 - lam[:, None]) * torch.eye(4)[[1, 0, 3, 2]])


def test_pair_mode_odd_batch_leaves_one_sample_unmixed(monkeypatch):
    """Order [1, 2, 0]: pair (1, 2); sample 0 is its own partner with lam 1."""
    aug = CutMix(mode='pair')
    plant_draws(aug, monkeypatch, [(0, 0, 10, 3)], [1, 2, 0])
    images = torch.arange(3 * 60.).view(3, 1, 6, 10)
    mixed, scores = aug(images.clone(), one_hot([0, 1, 2], 3))
    assert aug.last_step['index'].tolist() == [0, 2, 1]
    assert aug.last_step['lam'].tolist() == [1.0, 0.5, 0.5]
    assert aug.last_step['boxes'].tolist() == [[0, 0, 0, 0], [0, 0, 10, 3], [0, 0, 10, 3]]
    torch.testing.assert_close(mixed[0], images[0], rtol=0, atol=0)
    torch.testing.assert_close(mixed[1, :, :3], images[2, :, :3], rtol=0, atol=0)
    torch.testing.assert_close(mixed[2, :, :3], images[1, :, :3], rtol=0, atol=0)
    torch.testing.assert_close(scores[0], one_hot(0, 3).float())


@pytest.mark.parametrize('correct_lam', [True, False])
def test_per_sample_boxes_follow_the_batch_rule_draw_by_draw(correct_lam):
    """The k boxes of one call are the batch rule applied to k draws: Beta draws, then
    the k centre columns, then the k centre rows (NumPy's order)."""
    aug = CutMix(alpha=0.5, correct_lam=correct_lam)
    np.random.seed(4)
    drawn = np.random.beta(0.5, 0.5, size=6)
    cols, rows = np.random.randint(10, size=6), np.random.randint(6, size=6)
    np.random.seed(4)
    boxes, lam = aug.sample_boxes(6, 10, 6)
    for k in range(6):
        half_h, half_w = box_half_sides(6, 10, 1 - drawn[k])
        box = (max(cols[k] - half_w, 0), max(rows[k] - half_h, 0),
               min(cols[k] + half_w, 10), min(rows[k] + half_h, 6))
        assert tuple(boxes[k]) == box
        share = (box[2] - box[0]) * (box[3] - box[1]) / 60
        assert lam[k] == (pytest.approx(1 - share) if correct_lam else drawn[k])


def test_per_sample_minmax_boxes_are_whole_and_within_bounds():
    np.random.seed(5)
    boxes, lam = CutMix(cutmix_minmax=(0.2, 0.8)).sample_boxes(48, 80, 500)
    heights, widths = boxes[:, 3] - boxes[:, 1], boxes[:, 2] - boxes[:, 0]
    assert (boxes[:, :2] >= 0).all() and (boxes[:, 2] <= 80).all()
    assert (boxes[:, 3] <= 48).all()
    assert set(heights) == set(range(9, 38)) and widths.min() >= 16 and widths.max() < 64
    np.testing.assert_allclose(lam, 1 - heights * widths / (48 * 80))


@pytest.mark.parametrize('interpolation', ['nearest', 'bilinear'])
def test_elem_resize_mode_equals_a_per_sample_loop(interpolation):
    np.random.seed(6)
    torch.manual_seed(6)
    aug = CutMix(resize=True, interpolation=interpolation, mode='elem')
    inputs = torch.randn(4, 3, 12, 20)
    mixed, _ = aug(inputs.clone(), one_hot([0, 1, 2, 3]))
    index = aug.last_step['index']
    for k, (x1, y1, x2, y2) in enumerate(aug.last_step['boxes'].tolist()):
        if x2 > x1 and y2 > y1:
            patch = F.interpolate(inputs[index[k]][None], size=(y2 - y1, x2 - x1),
                                  mode=interpolation)[0]
            torch.testing.assert_close(mixed[k, :, y1:y2, x1:x2], patch,
                                       rtol=0, atol=1e-4)


def test_per_sample_resize_refuses_area():
    with pytest.raises(ValueError, match="interpolation must be one of .*got 'area'"):
        CutMix(resize=True, interpolation='area', mode='elem')
