"""What a config's mix feeds the network: the mixed batch, its labels and paste boxes."""
from dataclasses import dataclass
from typing import List, Optional

import torch
import torch.nn.functional as F

from mmrecmix.models.batch_augments import CutMix, RecursiveMix
from mmrecmix.models.classifiers import AutoMixClassifier, GuidedMixClassifier

# Classifiers that mix inside their loss (not in the data preprocessor); they keep
# the batch they mixed in ``last_mix`` while ``record_mix`` is set.
SELF_MIXING = (GuidedMixClassifier, AutoMixClassifier)


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
            mixes that learn a mask (AutoMix).
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


def _reported_box(augment) -> Optional[tuple]:
    """The box the augment reported for its latest call, if it pasted one."""
    if isinstance(augment, RecursiveMix) and augment.last_step is not None:
        return augment.last_step.box if augment.last_step.lam > 0 else None
    if isinstance(augment, CutMix) and augment.last_step is not None:
        return augment.last_step['box'] if augment.last_step['lam'] < 1 else None
    return None


def _applied(augments) -> tuple:
    """``(name, box)`` of the augment that mixed in this call. mmpretrain's augments
    do not report, so they are named without a box."""
    for augment in augments:
        if not hasattr(augment, 'last_step'):
            return f'mmpretrain {type(augment).__name__}', None
        if augment.last_step is not None:
            return type(augment).__name__, _reported_box(augment)
    return 'none', None


def preprocessed_mixed_batch(model, processed: dict) -> MixedBatch:
    """A :class:`MixedBatch` from the data preprocessor's training output, with the
    box read from mmrecmix's augments (mmpretrain's own report none)."""
    samples = processed['data_samples']
    if 'gt_score' in samples[0]:
        scores = torch.stack([sample.gt_score for sample in samples])
    else:
        labels = torch.cat([sample.gt_label for sample in samples])
        scores = F.one_hot(labels, model.head.num_classes).float()
    method, box = _applied(batch_augments(model))
    return MixedBatch(processed['inputs'], scores, [box] * len(samples), method)


def guided_mixed_batch(inputs, scores, step) -> MixedBatch:
    """A :class:`MixedBatch` from a guided mix (SMMix): one box per sample."""
    if step.boxes is None:
        return MixedBatch(inputs, scores, [None] * len(inputs), 'Mixup')
    return MixedBatch(inputs, scores,
                      [tuple(box) for box in step.boxes.tolist()], 'SMMix')


def automix_mixed_batch(inputs, scores, masks) -> MixedBatch:
    """A :class:`MixedBatch` from AutoMix's backbone branch, with its masks (a
    constant mask is the branch's Mixup fallback)."""
    method = 'Mixup' if bool((masks == masks.flatten()[0]).all()) else 'AutoMix'
    return MixedBatch(inputs, scores, [None] * len(inputs), method, masks)


def recorded_mixed_batch(model) -> MixedBatch:
    """The batch a self-mixing classifier kept in ``last_mix``."""
    if isinstance(model, AutoMixClassifier):
        return automix_mixed_batch(*model.last_mix)
    return guided_mixed_batch(*model.last_mix)


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
            inputs, model.one_hot(processed['data_samples'], inputs.device),
            model.momentum_stage_map(inputs)))
    if not isinstance(model, GuidedMixClassifier):
        return preprocessed_mixed_batch(model, processed)
    clean_logits, score = model.clean_pass(inputs)
    targets = model.smoothed_targets(processed['data_samples'],
                                     clean_logits.size(1), inputs.device)
    return guided_mixed_batch(*model.mix(inputs, targets, score))


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
