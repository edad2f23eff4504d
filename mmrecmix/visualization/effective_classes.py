"""How many classes a mix puts into one label (RecursiveMix paper, Fig. 8)."""
from typing import Sequence

import torch

DEFAULT_THRESHOLDS = (1e-4, 1e-3, 1e-2, 0.05, 0.1, 0.3)


def effective_classes(scores: torch.Tensor,
                      thresholds: Sequence[float] = DEFAULT_THRESHOLDS) -> list:
    """Mean number of classes whose label weight exceeds each threshold.

    Args:
        scores (Tensor): ``(N, num_classes)`` label weights of many samples.
        thresholds (list): Weight thresholds.

    Returns:
        list: One float per threshold.
    """
    return [(scores > threshold).sum(1).float().mean().item()
            for threshold in thresholds]


def markdown_table(names: Sequence[str], counts: Sequence[Sequence[float]],
                   thresholds: Sequence[float] = DEFAULT_THRESHOLDS) -> str:
    """A markdown table: a row per threshold, a column per config."""
    lines = ['| threshold | ' + ' | '.join(names) + ' |',
             '| --- |' + ' --- |' * len(names)]
    for row, threshold in enumerate(thresholds):
        cells = ' | '.join(f'{column[row]:.2f}' for column in counts)
        lines.append(f'| {threshold:g} | {cells} |')
    return '\n'.join(lines)
