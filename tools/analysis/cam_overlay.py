"""Save class activation maps over their images, with the box drawn from the map and
the true boxes (the localisation figures of the CutMix and AutoMix papers): one PNG
per image of the 'wsol' suite's test set.

    python tools/analysis/cam_overlay.py CONFIG CHECKPOINT [--num-images 16] \\
        [--data-root data/CUB_200_2011] [--out-dir work_dirs/cam_overlay]

Each image is resized as the suite evaluates it (``--resize`` square, no crop); the
CAM is the predicted class's (``--cam gt``: the true class's), upsampled and min-max
normalised as the metrics do, blended over the image in the jet colour map; the green
box is the largest contour of the map above ``--cam-threshold``, the red boxes are
the annotation's. The file name gives the image's index and name, and the title line
the predicted and true class and the IoU.
"""
import argparse
import os
import os.path as osp

import cv2
import numpy as np
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.registry import init_default_scope
from mmengine.runner import load_checkpoint

from mmrecmix.evaluation.cam import class_activation_maps
from mmrecmix.evaluation.metrics.wsol import (
    box_iou,
    normalized_scoremap,
    pixel_boxes,
    scoremap_boxes,
)
from mmrecmix.evaluation.suites import apply_suite, configured_suites
from mmrecmix.registry import DATASETS, MODELS

GREEN, RED = (0, 200, 0), (0, 0, 255)   # BGR


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('config', help='a trained classifier\'s config')
    parser.add_argument('checkpoint', help='its checkpoint')
    parser.add_argument('--data-root', help="the test set's folder (default: the "
                        "config's evaluation.wsol.data_root)")
    parser.add_argument('--dataset', choices=['cub', 'imagenet'],
                        help="the test set's layout (default: the suite's choice)")
    parser.add_argument('--resize', type=int, default=224, help='square input side')
    parser.add_argument('--cam', choices=['pred', 'gt'], default='pred',
                        help='the class whose CAM is drawn')
    parser.add_argument('--cam-threshold', type=float, default=0.2,
                        help='fraction of the map\'s maximum kept for the box')
    parser.add_argument('--num-images', type=int, default=16,
                        help='the first N images of the test set')
    parser.add_argument('--out-dir', default='work_dirs/cam_overlay')
    parser.add_argument('--device', default='cpu', help="'cpu' or 'cuda'")
    return parser.parse_args(argv)


def overlay(image: np.ndarray, scoremap: np.ndarray, box, gt_boxes, title: str):
    """The BGR ``image`` with the jet-coloured ``scoremap`` blended in, ``box`` in
    green, ``gt_boxes`` in red (over it) and ``title`` on a band above it."""
    heat = cv2.applyColorMap((scoremap * 255).astype(np.uint8), cv2.COLORMAP_JET)
    blended = cv2.addWeighted(image, 0.5, heat, 0.5, 0)
    x0, y0, x1, y1 = box
    cv2.rectangle(blended, (int(x0), int(y0)), (int(x1), int(y1)), GREEN, 2)
    for x0, y0, x1, y1 in gt_boxes:
        cv2.rectangle(blended, (int(x0), int(y0)), (int(x1), int(y1)), RED, 2)
    band = np.full((24, blended.shape[1], 3), 255, dtype=np.uint8)
    cv2.putText(band, title, (4, 17), cv2.FONT_HERSHEY_SIMPLEX, 0.45, (0, 0, 0), 1,
                cv2.LINE_AA)
    return np.concatenate([band, blended], axis=0)


def main(argv=None):
    args = parse_args(argv)
    cfg = Config.fromfile(args.config)
    cfg.work_dir = args.out_dir
    options = configured_suites(cfg).get('wsol', {})
    options.update({key: value for key, value in dict(
        data_root=args.data_root, dataset=args.dataset, resize=args.resize).items()
        if value is not None})
    cfg = apply_suite(cfg, 'wsol', options)
    init_default_scope(cfg.get('default_scope', 'mmrecmix'))
    model = MODELS.build(cfg.model)
    load_checkpoint(model, args.checkpoint, map_location='cpu')
    model.to(args.device)
    model.eval()
    dataset = DATASETS.build(cfg.test_dataloader.dataset)
    classes = dataset.metainfo.get('classes') or []
    os.makedirs(args.out_dir, exist_ok=True)
    written = []
    for index in range(min(args.num_images, len(dataset))):
        item = dataset[index]
        batch = model.data_preprocessor(pseudo_collate([item]), False)
        sample = item['data_samples']
        gt_label = int(sample.gt_label[0])
        _, logits = class_activation_maps(model, batch['inputs'])
        pred_label = int(logits.argmax(dim=1)[0])
        shown = pred_label if args.cam == 'pred' else gt_label
        cams, _ = class_activation_maps(model, batch['inputs'], torch.tensor([shown]))
        scoremap = normalized_scoremap(cams[0], sample.img_shape)
        box = scoremap_boxes(scoremap, [args.cam_threshold], multi_contour=False)[0]
        gt_boxes = pixel_boxes(sample.gt_bboxes, 'cam_overlay')
        iou = box_iou(box, gt_boxes).max()
        image = np.ascontiguousarray(item['inputs'].permute(1, 2, 0).numpy())

        def name(label):
            return classes[label] if label < len(classes) else str(label)

        title = f'pred {name(pred_label)} / true {name(gt_label)}, IoU {iou:.2f}'
        stem = osp.splitext(osp.basename(sample.img_path))[0]
        path = osp.join(args.out_dir, f'{index:05d}_{stem}.png')
        cv2.imwrite(path, overlay(image, scoremap, box[0], gt_boxes, title))
        written.append(path)
    print(f'Saved {len(written)} CAM overlays to {args.out_dir}')
    return written


if __name__ == '__main__':
    main()
