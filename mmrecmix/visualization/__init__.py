from .mix_grid import (OUTLINE_RGB, cell_scale, check_class_names, display_images,
                       draw_mix_grid, grid_size, top_label_lines)
from .mixed_batch import (MixedBatch, batch_augments, build_training_mix,
                          guided_mixed_batch, has_mix, mix_batch,
                          preprocessed_mixed_batch)

__all__ = [
    'MixedBatch', 'OUTLINE_RGB', 'batch_augments', 'build_training_mix', 'cell_scale',
    'check_class_names', 'display_images', 'draw_mix_grid', 'grid_size',
    'guided_mixed_batch', 'has_mix', 'mix_batch', 'preprocessed_mixed_batch',
    'top_label_lines'
]
