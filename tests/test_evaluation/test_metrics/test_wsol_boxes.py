"""Boxes from CAMs, their IoU and the two localisation metrics
(mmrecmix.evaluation.metrics.wsol): hand-computed boxes and accuracies, and equality
with a transcription of clovaai/wsolevaluation's BoxEvaluator on random maps."""
import cv2
import numpy as np
import pytest
import torch

from mmrecmix.evaluation.metrics.wsol import (
    CAMLocalizationAccuracy,
    MaxBoxAccV2,
    box_iou,
    normalized_scoremap,
    pixel_boxes,
    scoremap_boxes,
)


def painted(height, width, *patches):
    """A zero map with each ``(rows, columns, value)`` patch (slices) set."""
    scoremap = np.zeros((height, width))
    for rows, columns, value in patches:
        scoremap[rows, columns] = value
    return scoremap


def two_blobs():
    """An 8 x 12 map: a 2 x 2 blob of 0.6 at rows / columns 1-2 and a 3 x 5 blob of 1
    at rows 4-6, columns 6-10."""
    return painted(8, 12, (slice(1, 3), slice(1, 3), 0.6),
                   (slice(4, 7), slice(6, 11), 1.0))


def test_a_rectangle_on_a_wide_map_gives_its_box_and_iou():
    scoremap = painted(6, 10, (slice(1, 4), slice(2, 7), 1.0))   # rows 1-3, cols 2-6
    boxes, counts = scoremap_boxes(scoremap, [0.0, 0.5], multi_contour=True)
    # boundingRect (2, 1, 5, 3): wsolevaluation's box ends at x + w, y + h.
    assert boxes.tolist() == [[2, 1, 7, 4], [2, 1, 7, 4]] and counts.tolist() == [1, 1]
    # The blob's own extent (2, 1)-(6, 3): 15 pixels of the box's 6 x 4 = 24.
    assert box_iou(boxes[:1], np.array([[2, 1, 6, 3]]))[0, 0] == pytest.approx(15 / 24)


def test_the_box_is_clipped_to_the_last_pixel():
    scoremap = painted(5, 7, (slice(2, None), slice(4, None), 1.0))
    boxes, _ = scoremap_boxes(scoremap, [0.5], multi_contour=False)
    assert boxes.tolist() == [[4, 2, 6, 4]]


def test_largest_contour_or_every_contour():
    scoremap = two_blobs()
    largest, counts = scoremap_boxes(scoremap, [0.5, 0.7], multi_contour=False)
    assert largest.tolist() == [[6, 4, 11, 7], [6, 4, 11, 7]] and counts.tolist() == [1, 1]
    every, counts = scoremap_boxes(scoremap, [0.5, 0.7], multi_contour=True)
    # 0.5 * 255 = 127 keeps both blobs (153 and 255), 0.7 * 255 = 178 only the large.
    assert sorted(every[:2].tolist()) == [[1, 1, 3, 3], [6, 4, 11, 7]]
    assert every[2:].tolist() == [[6, 4, 11, 7]] and counts.tolist() == [2, 1]
    # The small blob's extent: 4 of its box's 9 pixels; the large box misses it.
    small = np.array([[1, 1, 2, 2]])
    assert box_iou(every, small)[:, 0].max() == pytest.approx(4 / 9)
    assert box_iou(largest, small).max() == 0


def test_nothing_above_the_threshold_gives_the_empty_box():
    boxes, counts = scoremap_boxes(np.zeros((4, 4)), [0.0, 0.3], multi_contour=True)
    assert boxes.tolist() == [[0, 0, 0, 0]] * 2 and counts.tolist() == [1, 1]


def test_iou_convention_and_degenerate_pairs():
    # wsolevaluation's own test values: 8 / 27, and the eye for disjoint pairs.
    assert box_iou(np.array([[1, 2, 5, 6]]), np.array([[3, 1, 4, 5]]))[0, 0] == \
        pytest.approx(8 / 27)
    boxes = np.array([[1, 1, 3, 3], [4, 4, 5, 5]])
    assert (box_iou(boxes, boxes) == np.eye(2)).all()


def test_boxes_are_truncated_to_whole_pixels():
    # mmcv's Resize gives x * (224 / 500): 125 * 0.448 is 56 in exact arithmetic.
    resized = np.array([[125, 250, 500, 375]], dtype=np.float64) * (224 / 500)
    assert pixel_boxes(resized, 'test').tolist() == [[56, 112, 224, 168]]
    assert pixel_boxes([[1.99, 0.5, 3.7, 2.0]], 'test').tolist() == [[1, 0, 3, 2]]
    with pytest.raises(ValueError, match=r'x2 >= x1'):
        pixel_boxes([[5, 0, 3, 2]], 'test')


def sample(cam, boxes, gt=0, pred=0):
    cam = torch.as_tensor(cam, dtype=torch.float32)
    return dict(gt_cam=cam, pred_cam=cam, img_shape=tuple(cam.shape),
                gt_bboxes=np.asarray(boxes, dtype=np.float64),
                gt_label=torch.tensor([gt]), pred_label=torch.tensor([pred]))


def nested_cam():
    """10 x 10: 0.4 on rows / columns 1-8, 1 on rows / columns 3-4."""
    return painted(10, 10, (slice(1, 9), slice(1, 9), 0.4), (slice(3, 5), slice(3, 5), 1.0))


def four_images():
    square = painted(10, 10, (slice(2, 6), slice(2, 6), 1.0))
    return [sample(square, [[2, 2, 5, 5]]),        # IoU 16/25 at every threshold
            sample(nested_cam(), [[1, 1, 8, 8]]),  # 64/81 below 0.4, then 9/64
            sample(nested_cam(), [[3, 3, 4, 4]]),  # 4/81 below 0.4, then 4/9
            sample(np.zeros((10, 10)), [[5, 5, 7, 7]])]  # empty box: 0


def test_maxboxacc_v2_by_hand():
    metric = MaxBoxAccV2(cam_curve_interval=0.25)   # thresholds 0, .25, .5, .75
    metric.process(None, four_images())
    result = metric.compute_metrics(metric.results)
    # localised at IoU 30: [2, 2, 2, 2] images; at 50: [2, 2, 1, 1]; at 70: [1, 1, 0, 0]
    assert result == pytest.approx(dict(iou30=50.0, iou50=50.0, iou70=25.0,
                                        mean=125 / 3))
    assert metric.best_thresholds == {30: 0.0, 50: 0.0, 70: 0.0}
    assert metric.results[0]['localised'].shape == (3, 4)


def test_cam_localization_accuracy_by_hand():
    images = four_images()
    images[0]['pred_label'] = torch.tensor([3])   # localised, but the class is wrong
    metric = CAMLocalizationAccuracy(cam_threshold=0.5)
    metric.process(None, images)
    # At 0.5: image 1 (0.64) localised, image 2 (9/64) and 3 (4/9) not, 4 empty.
    assert metric.compute_metrics(metric.results) == pytest.approx(
        dict(top1_loc=0.0, gt_known_loc=25.0, top1_cls=75.0))
    metric = CAMLocalizationAccuracy(cam_threshold=0.2)
    metric.process(None, four_images())
    # At 0.2 image 2's box is the outer one (64/81).
    assert metric.compute_metrics(metric.results)['top1_loc'] == 50.0


def test_a_sample_without_cams_names_the_loop():
    with pytest.raises(ValueError, match=r'no gt_cam.*CAMTestLoop'):
        MaxBoxAccV2().process(None, [dict(img_shape=(4, 4), gt_bboxes=[[0, 0, 1, 1]])])


# -- wsolevaluation's evaluation.py, transcribed (their loops and conventions) -------

def their_boxes(scoremap, thresholds, multi_contour_eval):
    height, width = scoremap.shape
    scoremap_image = np.expand_dims((scoremap * 255).astype(np.uint8), 2)
    boxes_at, numbers = [], []
    for threshold in thresholds:
        _, thr_gray_heatmap = cv2.threshold(
            src=scoremap_image, thresh=int(threshold * np.max(scoremap_image)),
            maxval=255, type=cv2.THRESH_BINARY)
        contours = cv2.findContours(image=thr_gray_heatmap, mode=cv2.RETR_TREE,
                                    method=cv2.CHAIN_APPROX_SIMPLE)[0]
        if len(contours) == 0:
            boxes_at.append(np.asarray([[0, 0, 0, 0]]))
            numbers.append(1)
            continue
        if not multi_contour_eval:
            contours = [max(contours, key=cv2.contourArea)]
        estimated = []
        for contour in contours:
            x, y, w, h = cv2.boundingRect(contour)
            estimated.append([x, y, min(x + w, width - 1), min(y + h, height - 1)])
        boxes_at.append(np.asarray(estimated))
        numbers.append(len(contours))
    return boxes_at, numbers


def their_iou(box_a, box_b):
    num_a, num_b = box_a.shape[0], box_b.shape[0]
    box_a = np.expand_dims(np.tile(box_a, num_b), axis=1).reshape((num_a, num_b, -1))
    box_b = np.expand_dims(np.tile(box_b, num_a), axis=1).reshape((num_b, num_a, -1))
    box_b = np.transpose(box_b, (1, 0, 2))
    min_x = np.maximum(box_a[:, :, 0], box_b[:, :, 0])
    min_y = np.maximum(box_a[:, :, 1], box_b[:, :, 1])
    max_x = np.minimum(box_a[:, :, 2], box_b[:, :, 2])
    max_y = np.minimum(box_a[:, :, 3], box_b[:, :, 3])
    area_intersect = np.maximum(0, max_x - min_x + 1) * np.maximum(0, max_y - min_y + 1)
    area_a = (box_a[:, :, 2] - box_a[:, :, 0] + 1) * (box_a[:, :, 3] - box_a[:, :, 1] + 1)
    area_b = (box_b[:, :, 2] - box_b[:, :, 0] + 1) * (box_b[:, :, 3] - box_b[:, :, 1] + 1)
    denominator = area_a + area_b - area_intersect
    degenerate = np.where(denominator <= 0)
    denominator[degenerate] = 1
    ious = area_intersect / denominator
    ious[degenerate] = 0
    return ious


def their_maxboxacc(scoremaps, gt_boxes, thresholds, iou_list, multi_contour_eval):
    num_correct = {iou: np.zeros(len(thresholds)) for iou in iou_list}
    for scoremap, gt in zip(scoremaps, gt_boxes):
        boxes_at, numbers = their_boxes(scoremap, thresholds, multi_contour_eval)
        multiple_iou = their_iou(np.concatenate(boxes_at, axis=0), np.array(gt))
        idx, sliced = 0, []
        for number in numbers:
            sliced.append(max(multiple_iou.max(1)[idx:idx + number]))
            idx += number
        for iou in iou_list:
            num_correct[iou][np.where(np.asarray(sliced) >= (iou / 100))[0]] += 1
    return [(num_correct[iou] * 100. / len(scoremaps)).max() for iou in iou_list]


def their_scoremap(cam, size):
    """inference.py: bicubic resize of the float64 CAM, then min-max normalisation."""
    cam = cv2.resize(cam.astype(np.float64), size[::-1], interpolation=cv2.INTER_CUBIC)
    if np.isnan(cam).any() or cam.min() == cam.max():
        return np.zeros_like(cam)
    cam -= cam.min()
    return cam / cam.max()


@pytest.mark.parametrize('multi_contour', [True, False])
def test_equal_to_wsolevaluation_on_random_maps(multi_contour):
    rng = np.random.default_rng(0)
    size = (40, 56)   # (height, width): wsolevaluation's square 224 is one case
    cams, samples, gt_boxes = [], [], []
    for index in range(12):
        cam = rng.normal(size=(5, 7)).astype(np.float32)
        x0, y0 = rng.integers(0, 30), rng.integers(0, 20)
        boxes = [[x0, y0, x0 + rng.integers(3, 25), y0 + rng.integers(3, 19)]]
        if index % 3 == 0:   # a second object
            boxes.append([rng.integers(0, 10), rng.integers(0, 10), 50, 35])
        cams.append(their_scoremap(cam, size))
        gt_boxes.append(boxes)
        samples.append(dict(gt_cam=torch.from_numpy(cam), img_shape=size,
                            gt_bboxes=np.array(boxes, dtype=np.float64)))
    for index in range(12):
        np.testing.assert_array_equal(
            normalized_scoremap(samples[index]['gt_cam'], size), cams[index])
    metric = MaxBoxAccV2(multi_contour=multi_contour)
    metric.process(None, samples)
    ours = metric.compute_metrics(metric.results)
    theirs = their_maxboxacc(cams, gt_boxes, list(np.arange(0, 1, 0.01)), [30, 50, 70],
                             multi_contour)
    assert [ours['iou30'], ours['iou50'], ours['iou70']] == theirs
    assert ours['mean'] == pytest.approx(np.average(theirs))
    assert 0 < ours['iou30'] and theirs[0] > theirs[2]
