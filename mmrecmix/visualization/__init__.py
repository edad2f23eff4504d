from .mix_grid import (OUTLINE_RGB, batch_pictures, cell_scale, check_class_names,
                       display_images, draw_mix_grid, grid_size, top_label_lines)
from .mixed_batch import (SELF_MIXING, MixedBatch, automix_mixed_batch,
                          batch_augments, build_training_mix, guided_mixed_batch,
                          has_mix, mix_batch, preprocessed_mixed_batch,
                          recorded_mixed_batch)

__all__ = [
    'MixedBatch', 'OUTLINE_RGB', 'SELF_MIXING', 'automix_mixed_batch',
    'batch_augments', 'batch_pictures', 'build_training_mix', 'cell_scale',
    'check_class_names', 'display_images', 'draw_mix_grid', 'grid_size',
    'guided_mixed_batch', 'has_mix', 'mix_batch', 'preprocessed_mixed_batch',
    'recorded_mixed_batch',
    'top_label_lines'
]
