"""Draw mixed batches as image grids: pictures, pasted boxes, top label weights."""
import math
from typing import List, Optional, Sequence

import cv2
import numpy as np
import torch

OUTLINE_RGB = (255, 0, 0)
TEXT_LINE_HEIGHT = 14
CELL_GAP = 4


def display_images(inputs: torch.Tensor, data_preprocessor) -> np.ndarray:
    """Undo the preprocessor's normalisation: ``(N, H, W, 3)`` uint8 RGB images."""
    images = inputs.detach().float().cpu()
    mean = getattr(data_preprocessor, 'mean', None)
    std = getattr(data_preprocessor, 'std', None)
    if std is not None:
        images = images * std.cpu()
    if mean is not None:
        images = images + mean.cpu()
    images = images.clamp(0, 255).round().to(torch.uint8).permute(0, 2, 3, 1)
    if images.size(-1) == 1:
        images = images.expand(-1, -1, -1, 3)
    # Images loaded by mmcv are BGR unless the preprocessor converted them.
    if not getattr(data_preprocessor, '_channel_conversion', False):
        images = images.flip(-1)
    return np.ascontiguousarray(images.numpy())


def batch_pictures(batch, data_preprocessor, shown: slice) -> np.ndarray:
    """The ``shown`` images of a :class:`MixedBatch` as ``(n, H, W, 3)`` uint8 RGB;
    where the mix pasted a mask (AutoMix, FMix, per-image SaliencyMix), the mask
    (white: all partner) is put to the right of each mixed image, ``(n, H, 2W, 3)``."""
    images = display_images(batch.inputs[shown], data_preprocessor)
    if batch.masks is None:
        return images
    masks = (batch.masks[shown].detach().float().cpu().clamp(0, 1) * 255).round()
    masks = masks.to(torch.uint8).permute(0, 2, 3, 1).expand(-1, -1, -1, 3).numpy()
    return np.ascontiguousarray(np.concatenate([images, masks], axis=2))


def cell_scale(height: int, width: int, min_side: int = 96) -> int:
    """Integer upscaling that makes small inputs (digits, CIFAR) readable."""
    return max(1, math.ceil(min_side / min(height, width)))


def grid_size(count: int, height: int, width: int, topk: int = 3,
              columns: int = 8) -> tuple:
    """``(rows, cols)`` pixel size of the grid :func:`draw_mix_grid` draws."""
    scale = cell_scale(height, width)
    cols = min(columns, count)
    rows = math.ceil(count / cols)
    cell_h = height * scale + topk * TEXT_LINE_HEIGHT + CELL_GAP
    cell_w = width * scale + CELL_GAP
    return rows * cell_h, cols * cell_w


def top_label_lines(weights: torch.Tensor, class_names: Sequence[str],
                    topk: int) -> List[str]:
    """``'name: 0.62'`` for the ``topk`` largest label weights above zero."""
    values, indices = weights.float().topk(min(topk, weights.numel()))
    return [f'{class_names[i]}: {v:.2f}' for v, i in zip(values.tolist(), indices.tolist())
            if v > 0]


def check_class_names(class_names: Sequence[str], num_classes: int) -> None:
    """Raise if the names cannot label every class."""
    if len(class_names) < num_classes:
        raise ValueError(
            f'{len(class_names)} class names for {num_classes} classes: give the '
            "dataset's metainfo all class names (metainfo=dict(classes=[...])).")


def draw_mix_grid(images: np.ndarray, boxes: Sequence[Optional[tuple]],
                  scores: torch.Tensor, class_names: Sequence[str], topk: int = 3,
                  columns: int = 8) -> np.ndarray:
    """One picture of a mixed batch.

    Args:
        images (ndarray): ``(N, H, W, 3)`` uint8 RGB.
        boxes (list): Per image the pasted ``(x1, y1, x2, y2)`` box (input pixels,
            ends exclusive) to outline in red, or ``None``.
        scores (Tensor): ``(N, num_classes)`` label weights, shown under each image.
        class_names (list): Names of the classes.
        topk (int): Label weights shown per image.
        columns (int): Images per row.

    Returns:
        ndarray: The grid, uint8 RGB, of :func:`grid_size`.
    """
    check_class_names(class_names, scores.size(1))
    count, height, width = images.shape[:3]
    scale = cell_scale(height, width)
    grid = np.full((*grid_size(count, height, width, topk, columns), 3), 255,
                   np.uint8)
    cell_h = height * scale + topk * TEXT_LINE_HEIGHT + CELL_GAP
    cell_w = width * scale + CELL_GAP
    for index in range(count):
        top, left = (index // columns) * cell_h, (index % columns) * cell_w
        picture = np.ascontiguousarray(
            images[index].repeat(scale, axis=0).repeat(scale, axis=1))
        if boxes[index] is not None:
            x1, y1, x2, y2 = (int(v) * scale for v in boxes[index])
            cv2.rectangle(picture, (x1, y1), (x2 - 1, y2 - 1), OUTLINE_RGB, 1)
        grid[top:top + height * scale, left:left + width * scale] = picture
        for line, text in enumerate(top_label_lines(scores[index], class_names, topk)):
            baseline = top + height * scale + (line + 1) * TEXT_LINE_HEIGHT - 3
            cv2.putText(grid, text, (left + 1, baseline), cv2.FONT_HERSHEY_SIMPLEX,
                        0.35, (0, 0, 0), 1, cv2.LINE_AA)
    return grid
