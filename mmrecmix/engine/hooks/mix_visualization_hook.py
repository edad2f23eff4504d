"""Log a picture of the mixed training batch to the visualizer's backends."""
from mmengine.hooks import Hook

from mmrecmix.registry import HOOKS
from mmrecmix.utils.validation import check_range
from mmrecmix.visualization import (SELF_MIXING, batch_pictures, draw_mix_grid,
                                    has_mix, preprocessed_mixed_batch,
                                    recorded_mixed_batch)
from .model_access import unwrapped_model


@HOOKS.register_module()
class MixVisualizationHook(Hook):
    """Every ``interval`` training iterations, draw the batch the network was really
    fed (un-normalised), with the pasted boxes / SMMix windows outlined and the top
    label weights under each image, and hand it to ``runner.visualizer.add_image``:
    every backend the config enables (local files, TensorBoard, W&B) gets it.

    A model without any mix is shown too (its plain batch), with a warning.

    Args:
        interval (int): Draw every this many iterations.
        max_images (int): Images per picture.
        topk (int): Label weights shown per image.
    """

    priority = 'LOW'

    def __init__(self, interval: int = 100, max_images: int = 16, topk: int = 3):
        for name, value, low in (('interval', interval, 1), ('max_images', max_images, 1),
                                 ('topk', topk, 0)):
            check_range('MixVisualizationHook', name, value, low)
        self.interval = interval
        self.max_images = max_images
        self.topk = topk
        self._captured = None
        self._due = False

    def before_run(self, runner):
        self.model = unwrapped_model(runner)
        if not has_mix(self.model):
            runner.logger.warning('MixVisualizationHook: the model has no mix '
                                  'augment; it shows the plain training batch.')
        self.model.data_preprocessor.register_forward_hook(self._capture)

    def _capture(self, module, args, output):
        # Read right away: the classifier's loss takes the augment's step report.
        training = args[1] if len(args) > 1 else False
        if self._due and training and not isinstance(self.model, SELF_MIXING):
            self._captured = preprocessed_mixed_batch(self.model, output)

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        self._due = self.every_n_train_iters(runner, self.interval)
        if isinstance(self.model, SELF_MIXING):
            self.model.record_mix = self._due

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        if not self._due:
            return
        if isinstance(self.model, SELF_MIXING):
            batch = recorded_mixed_batch(self.model)
            self.model.record_mix, self.model.last_mix = False, None
        else:
            batch = self._captured
        self._captured, self._due = None, False
        shown = slice(0, self.max_images)
        grid = draw_mix_grid(
            batch_pictures(batch, self.model.data_preprocessor, shown),
            batch.boxes[shown], batch.scores[shown].cpu(),
            runner.train_dataloader.dataset.metainfo['classes'], self.topk)
        runner.visualizer.add_image('mixed_batch', grid, step=runner.iter + 1)
        runner.logger.info(f'MixVisualizationHook: drew a {batch.method} batch.')
