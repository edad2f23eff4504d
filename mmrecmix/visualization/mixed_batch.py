"""What a config's mix feeds the network: the mixed batch, its labels and paste boxes."""
from dataclasses import dataclass
from typing import List, Optional

import torch
import torch.nn.functional as F

from mmrecmix.models.batch_augments import RecursiveMix
from mmrecmix.models.classifiers import (AutoMixClassifier, FeatureMixClassifier,
                                         GuidedMixClassifier)
from mmrecmix.models.utils import sample_targets

# Classifiers that mix inside their loss (not in the data preprocessor); they keep
# the batch they mixed in ``last_mix`` while ``record_mix`` is set.
SELF_MIXING = (GuidedMixClassifier, AutoMixClassifier, FeatureMixClassifier)


@dataclass
class MixedBatch:
    """One training batch after mixing.

    Attributes:
        inputs (Tensor): ``(N, C, H, W)`` network inputs (normalised).
        scores (Tensor): ``(N, num_classes)`` label weights.
        boxes (list): Per sample, the ``(x1, y1, x2, y2)`` pixel box that was
            pasted, or ``None`` where nothing was pasted.
        method (str): Name of the mix applied to this batch (``'none'`` if none).
        masks (Tensor, optional): ``(N, 1, H, W)`` partner share of each pixel, for
            mixes that paste a mask instead of a box (AutoMix, FMix).
    """
    inputs: torch.Tensor
    scores: torch.Tensor
    boxes: List[Optional[tuple]]
    method: str
    masks: Optional[torch.Tensor] = None


def batch_augments(model) -> list:
    """The batch augments in a classifier's data preprocessor (may be empty)."""
    wrapper = getattr(model.data_preprocessor, 'batch_augments', None)
    return [aug for aug in getattr(wrapper, 'augments', []) if aug is not None]


def has_mix(model) -> bool:
    """Whether the model mixes its training batches at all."""
    return isinstance(model, SELF_MIXING) or bool(batch_augments(model))


def _reported_step(augment, batch_size: int) -> tuple:
    """``(boxes, masks)`` of the augment's latest call: one pasted box per sample (or
    ``None`` where nothing was pasted) and, for mixes that paste a free-form mask
    (FMix, per-image SaliencyMix), the partner share of each pixel, ``(N, 1, H, W)``.

    mmrecmix's dict reports hold ``box`` (one for the batch), ``boxes`` (one per
    sample, per-sample modes), ``mask`` (1 where the sample's own image is kept) or
    none of them (Mixup, :class:`SampleSwitch`: nothing pasted to draw); ``lam`` is
    one float for the batch or one per sample."""
    step = augment.last_step
    if isinstance(augment, RecursiveMix):
        return [step.box if step.lam > 0 else None] * batch_size, None
    if 'mask' in step:
        kept = step['mask'].float()
        kept = kept.view(-1, 1, *kept.shape[-2:]).expand(batch_size, -1, -1, -1)
        return [None] * batch_size, 1 - kept
    if 'boxes' in step:
        kept = torch.as_tensor(step['lam']).expand(batch_size).tolist()
        return [tuple(box) if lam < 1 else None
                for box, lam in zip(step['boxes'].tolist(), kept)], None
    if 'box' not in step or step['lam'] >= 1:
        return [None] * batch_size, None
    return [step['box']] * batch_size, None


def _applied(augments, batch_size: int) -> tuple:
    """``(name, boxes, masks)`` of the augment that mixed in this call. mmpretrain's
    augments do not report, so they are named without a box."""
    for augment in augments:
        if not hasattr(augment, 'last_step'):
            return f'mmpretrain {type(augment).__name__}', [None] * batch_size, None
        if augment.last_step is not None:
            return (type(augment).__name__,
                    *_reported_step(augment, batch_size))
    return 'none', [None] * batch_size, None


def preprocessed_mixed_batch(model, processed: dict) -> MixedBatch:
    """A :class:`MixedBatch` from the data preprocessor's training output, with the
    box read from mmrecmix's augments (mmpretrain's own report none)."""
    samples = processed['data_samples']
    if 'gt_score' in samples[0]:
        scores = torch.stack([sample.gt_score for sample in samples])
    else:
        labels = torch.cat([sample.gt_label for sample in samples])
        scores = F.one_hot(labels, model.head.num_classes).float()
    method, boxes, masks = _applied(batch_augments(model), len(samples))
    return MixedBatch(processed['inputs'], scores, boxes, method, masks)


def guided_mixed_batch(model) -> MixedBatch:
    """A :class:`MixedBatch` from the step a :class:`GuidedMixClassifier` kept: the
    pasted boxes (SMMix, TransMix's CutMix), or the source share of each pixel
    (PuzzleMix, AttentiveMix); neither is a global mix (Mixup)."""
    inputs, scores, step = model.last_mix
    name = type(model.mix).__name__
    if step.source_share is not None:
        return MixedBatch(inputs, scores, [None] * len(inputs), name,
                          step.source_share[:, None].float())
    if step.boxes is None:
        return MixedBatch(inputs, scores, [None] * len(inputs), 'Mixup')
    return MixedBatch(inputs, scores, [tuple(box) for box in step.boxes.tolist()],
                      name)


def automix_mixed_batch(inputs, scores, masks) -> MixedBatch:
    """A :class:`MixedBatch` from AutoMix's backbone branch, with its masks (a
    constant mask is the branch's Mixup fallback)."""
    method = 'Mixup' if bool((masks == masks.flatten()[0]).all()) else 'AutoMix'
    return MixedBatch(inputs, scores, [None] * len(inputs), method, masks)


def feature_mixed_batch(model) -> MixedBatch:
    """A :class:`MixedBatch` from a :class:`FeatureMixClassifier` step: the mixed
    images when it mixed the input (stage 0), the clean images otherwise, with the
    mixed labels, and a Feature CutMix box scaled from the feature map to the image."""
    stage, images, scores, (height, width) = model.last_mix
    name = type(model.feature_mix).__name__
    method = f'{name} on the input' if stage == 0 else f'{name} at stage {stage}'
    boxes = [None] * len(images)
    step = getattr(model.feature_mix, 'last_step', None)
    if step is not None and 'box' in step and step['lam'] < 1:
        scale_y, scale_x = images.shape[-2] / height, images.shape[-1] / width
        x1, y1, x2, y2 = step['box']
        boxes = [(round(x1 * scale_x), round(y1 * scale_y), round(x2 * scale_x),
                  round(y2 * scale_y))] * len(images)
    return MixedBatch(images, scores, boxes, method)


def recorded_mixed_batch(model) -> MixedBatch:
    """The batch a self-mixing classifier kept in ``last_mix``."""
    if isinstance(model, AutoMixClassifier):
        if model.mix is None:
            return automix_mixed_batch(*model.last_mix)
        inputs, scores, _ = model.last_mix  # a hand-crafted mix in its pipeline
        method, boxes, masks = _applied([model.mix], len(inputs))
        return MixedBatch(inputs, scores, boxes, method, masks)
    if isinstance(model, FeatureMixClassifier):
        return feature_mixed_batch(model)
    return guided_mixed_batch(model)


@torch.no_grad()
def mix_batch(model, data: dict) -> MixedBatch:
    """Run the model's data preprocessing and mix on one raw dataloader batch, as a
    training step would, without training."""
    for augment in batch_augments(model):
        if hasattr(augment, 'last_step'):
            augment.last_step = None
    processed = model.data_preprocessor(data, True)
    inputs = processed['inputs']
    if isinstance(model, AutoMixClassifier):
        return automix_mixed_batch(*model.backbone_branch_mix(
            inputs, sample_targets(processed['data_samples'], model.head.num_classes,
                                   inputs.device),
            model.momentum_stage_map(inputs)))
    if isinstance(model, FeatureMixClassifier):
        model.record_mix = True
        try:
            model.mixed_forward(inputs, processed['data_samples'])
            return feature_mixed_batch(model)
        finally:
            model.record_mix, model.last_mix = False, None
    if not isinstance(model, GuidedMixClassifier):
        return preprocessed_mixed_batch(model, processed)
    # The whole step, as training runs it: a guide may need gradients (PuzzleMix)
    # and a relabel the mixed forward (TransMix).
    model.record_mix = True
    try:
        with torch.enable_grad():
            model.loss(inputs, processed['data_samples'])
        return guided_mixed_batch(model)
    finally:
        model.record_mix, model.last_mix = False, None


def build_training_mix(cfg):
    """The model (with its data preprocessor and mix) and the training dataloader
    a config trains with, built as mmengine's Runner would, in training mode.

    Returns:
        tuple: ``(model, dataloader)``.
    """
    from mmengine.registry import init_default_scope
    from mmengine.runner import Runner, set_random_seed

    from mmrecmix.registry import MODELS
    init_default_scope(cfg.get('default_scope', 'mmpretrain'))
    seed = cfg.get('randomness', {}).get('seed')
    if seed is not None:
        set_random_seed(seed)
    model_cfg = cfg.model.copy()
    if cfg.get('data_preprocessor') is not None:
        model_cfg.setdefault('data_preprocessor', cfg.data_preprocessor)
    model = MODELS.build(model_cfg)
    model.train()
    dataloader = Runner.build_dataloader(cfg.train_dataloader, seed=seed)
    return model, dataloader
